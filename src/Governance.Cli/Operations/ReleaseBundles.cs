using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Cli.Publishing;
using Governance.Core.Bundles;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.IO;
using Governance.Core.Releases;
using Governance.Core.Reports;
using NuGet.Packaging;

namespace Governance.Cli.Operations;

/// <summary>
/// The bundles named on a command line, made ready to judge: each copied into the staging area
/// (one read of the user's files), verified there as <c>governance verify</c> verifies (checksums,
/// files, signature against the policy's trusted keys, the store's immutability), with the gate
/// report it carries and its package's dependencies read from the copy.
/// </summary>
internal static class ReleaseBundles
{
    private const long MaxReportBytes = 64L << 20;

    public sealed record Prepared(IReadOnlyList<PromotionBundle> Bundles, IReadOnlyList<StagedBundle> Staged, IReadOnlyList<Diagnostic> Problems);

    public static Prepared Prepare(IEnumerable<string> manifestPaths, OperatorSetup setup, bool? requireSignature, StagingArea staging, DateTimeOffset now)
    {
        var bundles = new List<PromotionBundle>();
        var staged = new List<StagedBundle>();
        var problems = new List<Diagnostic>();
        foreach (string path in manifestPaths.Select(Path.GetFullPath).Distinct(RepoPath.Comparer))
        {
            if (!path.EndsWith(BundleManifest.ManifestSuffix, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new Diagnostic(Gov.UnreadableFile, $"{path} is not a bundle manifest. Pass the <PackageId>.<Version>.bundle.json files that dotnet pack wrote.", new SourceLocation(path)));
                continue;
            }

            StagedBundle copy;
            try
            {
                copy = staging.StageBundle(path);
            }
            catch (StagingException ex)
            {
                problems.Add(new Diagnostic(ex.Descriptor, ex.Message, new SourceLocation(ex.File.Length == 0 ? path : ex.File)));
                continue;
            }

            BundleVerification verified = BundleVerifier.Verify(copy.ManifestPath, setup.TrustedKeys, setup.Store, record: false, now, requireGo: false, requireSignature, copy.FileSha256);
            if (!verified.IsVerified || copy.Manifest is null || copy.ManifestSha256 is null)
            {
                // Messages name the staged copy; the user knows the bundle by its own path.
                problems.AddRange(verified.Findings.Select(f => Relocate(f, copy)));
                continue;
            }

            if (copy.Package is null)
            {
                problems.Add(new Diagnostic(Gov.BundleFileSetMismatch, $"{path} lists no package to publish. Pack the project again.", new SourceLocation(path)));
                continue;
            }

            GateReport? report = ReadGateReport(copy, out string? reportProblem);
            bundles.Add(new PromotionBundle(path, copy.Manifest, ReleaseBundle.FromManifest(copy.Manifest, copy.ManifestSha256))
            {
                GateReport = report,
                GateReportProblem = reportProblem,
                SignedBy = verified.SignedBy,
                Dependencies = DependenciesOf(copy.Package.PackagePath),
            });
            staged.Add(copy);
        }

        return new Prepared(bundles, staged, problems);
    }

    /// <summary>A finding about the staged copy, told about the user's file (same name, their folder).</summary>
    private static Diagnostic Relocate(Diagnostic finding, StagedBundle copy)
    {
        string stagedFolder = Path.GetDirectoryName(copy.ManifestPath)!;
        string userFolder = Path.GetDirectoryName(copy.SourceManifestPath)!;
        string message = finding.Message.Replace(stagedFolder, userFolder);
        SourceLocation? at = finding.Location is null ? null
            : finding.Location with { Path = finding.Location.Path.Replace(stagedFolder, userFolder) };
        return new Diagnostic(finding.Descriptor, message, at);
    }

    /// <summary>The gate report among the bundle's files (<c>&lt;stem&gt;.files/</c>), read with the versioned reader; null with the reason when it cannot be.</summary>
    private static GateReport? ReadGateReport(StagedBundle copy, out string? problem)
    {
        problem = null;
        BundleManifest manifest = copy.Manifest!;
        if (manifest.GateReportSha256 is null)
        {
            return null;
        }

        string stem = Path.GetFileName(BundleManifest.StemOfManifest(copy.ManifestPath));
        string relative = stem + BundleManifest.ExtraFilesSuffix + "/" + GateOutputs.ReportFileName;
        if (!manifest.Files.Any(f => f.Path == relative && f.Sha256 == manifest.GateReportSha256))
        {
            problem = $"the manifest names a gate report that is not among its files as {relative}";
            return null;
        }

        string file = Path.Combine(Path.GetDirectoryName(copy.ManifestPath)!, relative);
        byte[] bytes = RegularFile.ReadAllBytes(file, MaxReportBytes);
        GateReportDocument? read = GateReportReader.Read(bytes, file, Path.GetDirectoryName(file)!, out IReadOnlyList<Diagnostic> problems);
        if (read is null)
        {
            problem = string.Join(" ", problems.Select(p => p.Message));
        }

        return read?.Report;
    }

    /// <summary>Every dependency of every target framework group of the staged package.</summary>
    private static IReadOnlyList<PackageDependency> DependenciesOf(string nupkg)
    {
        using var reader = new PackageArchiveReader(nupkg);
        return reader.GetPackageDependencies()
            .SelectMany(g => g.Packages)
            .Select(p => new PackageDependency(p.Id, p.VersionRange.ToNormalizedString()))
            .Distinct()
            .OrderBy(d => d.Id, StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }
}
