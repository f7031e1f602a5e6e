using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Governance.Core.Crypto;
using Governance.Core.IO;
using Governance.Core.Lineage;
using Governance.Core.SourceControl;

namespace Governance.Core.Bundles;

/// <summary>Everything <c>GovernanceBundle</c> knows after a pack.</summary>
public sealed record BundleRequest
{
    public required string PackageId { get; init; }

    public required string PackageVersion { get; init; }

    /// <summary>NuGet's own pack outputs: the <c>.nupkg</c> and, when symbols are packed, the <c>.snupkg</c>.</summary>
    public required IReadOnlyList<string> PackageFiles { get; init; }

    /// <summary><c>GovernanceBundleFile</c> items: copied into the bundle's files folder.</summary>
    public IReadOnlyList<string> ExtraFiles { get; init; } = Array.Empty<string>();

    /// <summary>The project's lineage fragments, one per target framework.</summary>
    public IReadOnlyList<(string TargetFramework, string Path)> Fragments { get; init; } = Array.Empty<(string, string)>();

    /// <summary>The gate report, when one exists.</summary>
    public string? GateReport { get; init; }

    /// <summary>The governance root: the gate report's project paths are relative to it.</summary>
    public string? GovernanceRoot { get; init; }

    /// <summary>Where the project is, to find the commit and branch.</summary>
    public required string SourceDirectory { get; init; }

    /// <summary>The project file: the source of the package in the lineage.</summary>
    public required string ProjectFile { get; init; }

    public string? Branch { get; init; }

    public string? Commit { get; init; }

    /// <summary>Where to write the pack's lineage fragment, or null to write none.</summary>
    public string? PackFragment { get; init; }

    /// <summary>The PEM private key, or null to leave the bundle unsigned.</summary>
    public string? SigningKeyPem { get; init; }

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}

/// <summary>What was written.</summary>
/// <param name="GateReportLeftOut">Why the gate report that exists is not this bundle's decision (it judged other builds), or null.</param>
public sealed record BundleOutput(string Manifest, string? Envelope, string? KeyId, string? GateReportLeftOut = null);

/// <summary>
/// Writes a release bundle after pack: copies <c>GovernanceBundleFile</c> items beside the package,
/// hashes every file into the manifest, and signs it when a key is given. Every file is written
/// atomically; an old envelope is removed when the bundle is not signed this time, so a
/// signature never outlives the manifest it signed.
/// </summary>
public static class BundleBuilder
{
    /// <exception cref="KeyFormatException">The signing key cannot be used; nothing is signed.</exception>
    /// <exception cref="BundleInputException">The extra files cannot make a bundle; nothing is written.</exception>
    public static BundleOutput Write(BundleRequest request)
    {
        string nupkg = request.PackageFiles.FirstOrDefault(f => f.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase) && !f.EndsWith(".symbols.nupkg", StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException("NuGet's pack outputs contain no .nupkg.", nameof(request));
        string manifestPath = BundleManifest.ManifestPathFor(nupkg);
        string directory = Path.GetDirectoryName(manifestPath)!;
        string stem = BundleManifest.StemOfManifest(manifestPath);

        string extrasFolder = stem + BundleManifest.ExtraFilesSuffix;
        string[] extras = request.ExtraFiles.Select(Path.GetFullPath).Distinct(RepoPath.Comparer).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        CheckExtraFiles(extras, extrasFolder);

        // Load the key first: a key that cannot be used must stop the pack before anything is written.
        ECDsa? key = null;
        string? keyId = null;
        if (!string.IsNullOrWhiteSpace(request.SigningKeyPem))
        {
            key = EcdsaKeys.LoadPrivateKey(request.SigningKeyPem!, out string id);
            keyId = id;
        }

        using (key)
        {
            var files = new List<string>(request.PackageFiles.Where(File.Exists).Select(Path.GetFullPath));
            if (Directory.Exists(extrasFolder))
            {
                // Only this pack's extra files belong to the bundle.
                Directory.Delete(extrasFolder, recursive: true);
            }

            foreach (string extra in extras)
            {
                string target = Path.Combine(extrasFolder, Path.GetFileName(extra));
                AtomicFile.WriteAllBytes(target, File.ReadAllBytes(extra));
                files.Add(target);
            }

            SourceControlInfo source = SourceControlInfo.Detect(request.SourceDirectory, request.Environment, request.Branch, request.Commit);
            BuildRun run = BuildRun.Detect(request.Environment);
            var metadata = new BundleMetadata(source.Branch, source.Commit, run.Repository ?? string.Empty, BuildId(request.Environment));
            FileDigestCache digests = FileDigestCache.Empty();
            BundleLineage[] lineage = request.Fragments
                .Where(f => File.Exists(f.Path))
                .Select(f => new BundleLineage(f.TargetFramework, digests.Digest(Path.GetFullPath(f.Path))))
                .ToArray();
            string? gateReport = request.GateReport is { Length: > 0 } report && File.Exists(report) ? Sha256.OfFile(report) : null;
            string? leftOut = gateReport is null ? null : GateReportLeftOut(request, lineage);
            if (leftOut is not null)
            {
                gateReport = null;
            }
            else if (gateReport is not null)
            {
                // The decision travels with the bundle, under its checksums and signature: promotion
                // and verify --require-go read it from there, never from a build folder.
                string decision = Path.Combine(extrasFolder, Reports.GateOutputs.ReportFileName);
                byte[] bytes = File.ReadAllBytes(request.GateReport!);
                AtomicFile.WriteAllBytes(decision, bytes);
                files.Add(decision);
                gateReport = Sha256.OfBytes(bytes);
                files.AddRange(CopyEvidencePackage(request.GateReport!, bytes, extrasFolder));
            }

            BundleManifest manifest = BundleManifest.Create(request.PackageId, request.PackageVersion, directory, files, metadata, lineage, gateReport, digests);
            byte[] manifestBytes = manifest.ToCanonicalJson();
            AtomicFile.WriteAllBytes(manifestPath, manifestBytes);

            WritePackFragment(request, files, manifestPath, digests);

            string envelopePath = BundleManifest.EnvelopePathFor(manifestPath);
            if (key is null)
            {
                File.Delete(envelopePath);
                return new BundleOutput(manifestPath, null, null, leftOut);
            }

            byte[] statement = BundleAttestation.Statement(manifest, Path.GetFileName(manifestPath), Sha256.OfBytes(manifestBytes), run);
            AtomicFile.WriteAllBytes(envelopePath, BundleAttestation.Envelope(statement, key, keyId!));
            return new BundleOutput(manifestPath, envelopePath, keyId, leftOut);
        }
    }

    /// <summary>
    /// The evidence package the same gate run wrote beside its report (and its signature), copied
    /// into the bundle: listed in the manifest, the bundle references it by digest, and promotion
    /// keeps it in the store, so an audit does not depend on CI artifact retention. A package whose
    /// report is not this report (another run's) is left out.
    /// </summary>
    private static IEnumerable<string> CopyEvidencePackage(string gateReport, byte[] reportBytes, string extrasFolder)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(gateReport))!;
        string package = Path.Combine(folder, Evidence.EvidencePackageLayout.FileName);
        if (!File.Exists(package))
        {
            yield break;
        }

        byte[] packageBytes = File.ReadAllBytes(package);
        if (!Evidence.EvidencePackage.HoldsReport(packageBytes, reportBytes))
        {
            yield break;
        }

        string copy = Path.Combine(extrasFolder, Evidence.EvidencePackageLayout.FileName);
        AtomicFile.WriteAllBytes(copy, packageBytes);
        yield return copy;
        string envelope = Path.Combine(folder, Evidence.EvidencePackageLayout.EnvelopeFileName);
        if (File.Exists(envelope))
        {
            string envelopeCopy = Path.Combine(extrasFolder, Evidence.EvidencePackageLayout.EnvelopeFileName);
            AtomicFile.WriteAllBytes(envelopeCopy, File.ReadAllBytes(envelope));
            yield return envelopeCopy;
        }
    }

    /// <summary>
    /// The extra files are copied into the files folder by name, after the folder is emptied: two
    /// with one name (in any case, for case-insensitive file systems) would leave one, and a file
    /// inside the folder would be deleted before it is read. Both are refused before anything is written.
    /// </summary>
    /// <exception cref="BundleInputException">Two files share a name, or one lies in the files folder.</exception>
    private static void CheckExtraFiles(IReadOnlyList<string> extras, string extrasFolder)
    {
        if (extras.FirstOrDefault(f => RepoPath.IsUnder(extrasFolder, f)) is string inside)
        {
            throw new BundleInputException(
                $"The GovernanceBundleFile {inside} lies inside {Path.GetFileName(extrasFolder)}/, the folder pack rewrites for the bundle, so it would be deleted before it is read. Keep the file elsewhere (obj/ or artifacts/) and name it there.");
        }

        if (extras.FirstOrDefault(f => string.Equals(Path.GetFileName(f), Reports.GateOutputs.ReportFileName, StringComparison.OrdinalIgnoreCase)) is string report)
        {
            throw new BundleInputException(
                $"The GovernanceBundleFile {report} has the name of the gate report, which the bundle carries itself when the gate judged this build. Rename the file, or remove the item.");
        }

        if (extras.FirstOrDefault(f => Path.GetFileName(f) is string name
                && (string.Equals(name, Evidence.EvidencePackageLayout.FileName, StringComparison.OrdinalIgnoreCase) || string.Equals(name, Evidence.EvidencePackageLayout.EnvelopeFileName, StringComparison.OrdinalIgnoreCase))) is string evidence)
        {
            throw new BundleInputException(
                $"The GovernanceBundleFile {evidence} has the name of the gate's evidence package, which the bundle carries itself when the gate judged this build. Rename the file, or remove the item.");
        }

        if (extras.GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is IGrouping<string?, string> same)
        {
            throw new BundleInputException(
                $"The GovernanceBundleFile items {string.Join(" and ", same)} have the same file name, '{same.Key}'; the bundle keeps its files by name, so one would replace the other. Rename one of them, or copy it under another name before packing.");
        }
    }

    /// <summary>
    /// Why the gate report is not this package's decision, or null when it is: the report must
    /// list this project's builds with exactly the lineage digests this bundle records, so a
    /// report from before a commit (or from another configuration) never vouches for the package.
    /// </summary>
    private static string? GateReportLeftOut(BundleRequest request, IReadOnlyList<BundleLineage> lineage)
    {
        if (request.GovernanceRoot is null)
        {
            return null;
        }

        Reports.GateReportDocument? read = Reports.GateReportReader.Read(request.GateReport!, request.GovernanceRoot, out IReadOnlyList<Diagnostics.Diagnostic> problems);
        if (read is null)
        {
            return $"it cannot be read ({string.Join(" ", problems.Select(p => p.Message))})";
        }

        string project = RepoPath.Relative(request.GovernanceRoot, request.ProjectFile);
        if (lineage.Count == 0)
        {
            return $"the bundle records no lineage of {project} (no build fragment was found), so nothing ties the report to what was packed";
        }

        // A project without a target framework is recorded with none in the report and "" in the bundle.
        var judged = new HashSet<(string, string)>(read.Report.Projects
            .Where(p => RepoPath.Comparer.Equals(p.Path, project) && p.Sha256 is not null)
            .Select(p => (p.TargetFramework ?? string.Empty, p.Sha256!)));
        if (judged.Count == 0)
        {
            return $"it does not cover {project}";
        }

        BundleLineage[] unjudged = lineage.Where(l => !judged.Contains((l.TargetFramework, l.Sha256))).ToArray();
        return unjudged.Length == 0
            ? null
            : $"it judged other builds of {project} than the ones packed ({string.Join(", ", unjudged.Select(l => l.TargetFramework.Length == 0 ? "the build" : l.TargetFramework))} changed since the gate ran)";
    }

    /// <summary>
    /// The package-level part of the project's lineage: the project file produced the bundle's files
    /// and its manifest; the artifacts its builds produced (read from their own fragments) were
    /// consumed. The gate merges it with the builds' fragments, so a package
    /// packed from an older build shows up as a digest conflict instead of passing unnoticed.
    /// </summary>
    private static void WritePackFragment(BundleRequest request, IReadOnlyList<string> files, string manifestPath, FileDigestCache digests)
    {
        if (request.PackFragment is null)
        {
            return;
        }

        var built = new List<string>();
        foreach ((string _, string fragmentPath) in request.Fragments.Where(f => File.Exists(f.Path)))
        {
            LineageFragment? fragment = LineageFragment.Read(fragmentPath, out _, out _);
            if (fragment is not null)
            {
                built.AddRange(fragment.ProducedArtifacts.Select(a => Path.GetFullPath(Path.Combine(request.SourceDirectory, a.Path!))));
            }
        }

        LineageFragment pack = LineageFragment.Create(Path.GetFileNameWithoutExtension(request.ProjectFile), request.ProjectFile, string.Empty, new LineageFragmentInputs
        {
            Sources = new[] { request.ProjectFile },
            UpstreamArtifacts = built,
            Artifacts = files.Append(manifestPath),
        }, digests);
        AtomicFile.WriteAllBytes(request.PackFragment, pack.ToCanonicalJson());
    }

    /// <summary>The CI system's id of this build, or empty outside CI.</summary>
    private static string BuildId(Func<string, string?> environment)
    {
        foreach (string name in new[] { "GITHUB_RUN_ID", "BUILD_BUILDID", "CI_PIPELINE_ID" })
        {
            if (environment(name) is { Length: > 0 } value)
            {
                return value.Trim();
            }
        }

        return string.Empty;
    }
}
