using System;
using System.Collections.Generic;
using System.IO;
using Governance.Core.Diagnostics;
using NuGet.Versioning;

namespace Governance.Core.Bundles;

/// <summary>
/// That a manifest is the bundle of the package it names (GOV4002): a valid package id and
/// version, the file name NuGet gives that package, and a <c>.nupkg</c> whose <c>.nuspec</c>
/// declares the same id and version. Otherwise a manifest could claim any name and version (a
/// trailing space, a fullwidth digit, <c>V1.2.0</c>) and take a release slot of its own.
/// </summary>
internal static class BundleIdentityCheck
{
    /// <summary>True when the name and version are the package's own; false (with findings) when nothing should be recorded under them.</summary>
    public static bool CheckNames(BundleManifest manifest, string stem, SourceLocation at, List<Diagnostic> findings)
    {
        string manifestName = Path.GetFileName(at.Path);
        if (PackageIdentity.IdProblem(manifest.Name) is string idProblem)
        {
            findings.Add(new Diagnostic(Gov.BundleFileSetMismatch,
                $"{manifestName} names the package '{manifest.Name}', which is not a package id: {idProblem}. This manifest was not written by GovernanceBundle; do not release it.", at));
            return false;
        }

        NuGetVersion? version = PackageIdentity.ParseVersion(manifest.Version, out string? versionProblem);
        if (version is null)
        {
            findings.Add(new Diagnostic(Gov.BundleFileSetMismatch,
                $"{manifestName} gives the version '{manifest.Version}': {versionProblem}. This manifest was not written by GovernanceBundle; do not release it.", at));
            return false;
        }

        string expected = PackageIdentity.FileStem(manifest.Name, version);
        if (!string.Equals(Path.GetFileName(stem), expected, StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(new Diagnostic(Gov.BundleFileSetMismatch,
                $"{manifestName} is the manifest of {manifest.Name} {version.ToNormalizedString()}, whose bundle is named {expected}{BundleManifest.ManifestSuffix}: a bundle is verified under the name it was packed with, never renamed.", at));
            return false;
        }

        return true;
    }

    /// <summary>The package (already matched against its checksum) declares the manifest's id and version.</summary>
    public static void CheckPackage(BundleManifest manifest, string nupkg, SourceLocation at, List<Diagnostic> findings)
    {
        (string Id, string Version)? declared = NuspecReader.Read(nupkg, out string? problem);
        if (declared is null)
        {
            findings.Add(new Diagnostic(Gov.BundleFileSetMismatch,
                $"{Path.GetFileName(nupkg)} is not a NuGet package: {problem}. Do not release it; pack again.", new SourceLocation(nupkg)));
            return;
        }

        bool sameId = string.Equals(declared.Value.Id, manifest.Name, StringComparison.OrdinalIgnoreCase);
        bool sameVersion = NuGetVersion.TryParse(declared.Value.Version, out NuGetVersion? version) &&
            version.Equals(PackageIdentity.ParseVersion(manifest.Version, out _));
        if (!sameId || !sameVersion)
        {
            findings.Add(new Diagnostic(Gov.BundleFileSetMismatch,
                $"{Path.GetFileName(nupkg)} is the package {MessageText.Escape(declared.Value.Id)} {MessageText.Escape(declared.Value.Version)} (its .nuspec says so), not {manifest.Name} {manifest.Version} as the manifest says. Do not release it; pack again.",
                new SourceLocation(nupkg)));
        }
    }
}
