using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using Governance.Core.Diagnostics;
using Governance.Core.Json;

namespace Governance.Core.Lineage;

/// <summary>
/// A NuGet package a project build resolved, with NuGet's SHA-512 content hash (hex) as restore
/// recorded it: the hash <c>packages.lock.json</c> pins; for a signed package it covers the
/// content without the signature, so re-signing by a repository does not change it. <see cref="PackageUrl"/> is its package URL (purl), the
/// identifier SBOM and SLSA tooling share.
/// </summary>
public sealed record PackageDependency(string Id, string Version, string Sha512)
{
    public string PackageUrl => $"pkg:nuget/{Id}@{Version}";
}

/// <summary>
/// Reads the packages a build resolved from NuGet's <c>project.assets.json</c>: every package in
/// the closure of the build's target (direct and transitive), which is exactly what the compiler
/// and the output can have consumed. Project references are left out; their artifacts are
/// recorded from the references themselves.
/// </summary>
public static class PackageAssets
{
    /// <summary>
    /// The packages of the target <paramref name="targetFramework"/> (and
    /// <paramref name="runtimeIdentifier"/>, when set) in <paramref name="assetsFile"/>, sorted by
    /// id and version. A file that is missing or cannot be read yields a diagnostic.
    /// </summary>
    public static IReadOnlyList<PackageDependency> Read(string assetsFile, string targetFramework, string? runtimeIdentifier, string? targetMoniker, out Diagnostic? error)
    {
        error = null;
        using JsonInput input = JsonInput.Read(assetsFile);
        if (input.Error is not null)
        {
            error = input.Error;
            return Array.Empty<PackageDependency>();
        }

        JsonElement root = input.Document!.RootElement;
        if (root.ValueKind != JsonValueKind.Object ||
            !root.TryGetProperty("targets", out JsonElement targets) || targets.ValueKind != JsonValueKind.Object ||
            !root.TryGetProperty("libraries", out JsonElement libraries) || libraries.ValueKind != JsonValueKind.Object)
        {
            error = Invalid(assetsFile, "it has no 'targets' or 'libraries' section");
            return Array.Empty<PackageDependency>();
        }

        JsonElement? target = FindTarget(targets, targetFramework, runtimeIdentifier, targetMoniker);
        if (target is null)
        {
            // No restore for this framework (a project without package references still has one,
            // so this is a stale assets file): say so instead of claiming an empty closure.
            error = Invalid(assetsFile, $"it has no restore result for {Describe(targetFramework, runtimeIdentifier)}");
            return Array.Empty<PackageDependency>();
        }

        if (target.Value.ValueKind != JsonValueKind.Object)
        {
            error = Invalid(assetsFile, $"its restore result for {Describe(targetFramework, runtimeIdentifier)} is not an object");
            return Array.Empty<PackageDependency>();
        }

        var packages = new List<PackageDependency>();
        foreach (JsonProperty library in target.Value.EnumerateObject())
        {
            if (library.Value.ValueKind != JsonValueKind.Object ||
                !library.Value.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String || type.GetString() != "package")
            {
                continue;
            }

            int slash = library.Name.IndexOf('/');
            if (slash <= 0 ||
                !libraries.TryGetProperty(library.Name, out JsonElement details) || details.ValueKind != JsonValueKind.Object ||
                !details.TryGetProperty("sha512", out JsonElement sha512) || sha512.ValueKind != JsonValueKind.String)
            {
                error = Invalid(assetsFile, $"package '{library.Name}' has no recorded SHA-512");
                return Array.Empty<PackageDependency>();
            }

            string? hex = Base64ToHex(sha512.GetString()!);
            if (hex is null)
            {
                error = Invalid(assetsFile, $"package '{library.Name}' has a SHA-512 that is not base64");
                return Array.Empty<PackageDependency>();
            }

            packages.Add(new PackageDependency(library.Name.Substring(0, slash), library.Name.Substring(slash + 1), hex));
        }

        return packages
            .OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Version, StringComparer.Ordinal)
            .ToArray();
    }

    private static JsonElement? FindTarget(JsonElement targets, string targetFramework, string? runtimeIdentifier, string? targetMoniker)
    {
        // Target keys are the framework alias (or, in older assets files, the full moniker), with
        // "/rid" appended for a runtime-specific restore.
        string suffix = string.IsNullOrEmpty(runtimeIdentifier) ? string.Empty : "/" + runtimeIdentifier;
        foreach (string? framework in new[] { targetFramework, targetMoniker })
        {
            if (!string.IsNullOrEmpty(framework) && targets.TryGetProperty(framework + suffix, out JsonElement target))
            {
                return target;
            }
        }

        // A project that does not target a framework by alias (legacy, single target): the only target there is.
        JsonProperty[] all = targets.EnumerateObject().Where(t => !t.Name.Contains("/")).ToArray();
        return string.IsNullOrEmpty(targetFramework) && all.Length == 1 ? all[0].Value : null;
    }

    private static string? Base64ToHex(string base64)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }

        var hex = new StringBuilder(bytes.Length * 2);
        foreach (byte b in bytes)
        {
            hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }

    private static string Describe(string targetFramework, string? runtimeIdentifier) =>
        (targetFramework.Length == 0 ? "the project's framework" : targetFramework) + (string.IsNullOrEmpty(runtimeIdentifier) ? string.Empty : "/" + runtimeIdentifier);

    private static Diagnostic Invalid(string assetsFile, string why) => new(
        Gov.SchemaViolation,
        $"{System.IO.Path.GetFileName(assetsFile)} cannot be used to record the build's packages: {why}. Run 'dotnet restore' for the project and build again.",
        new SourceLocation(assetsFile));
}
