using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Bundles;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.IO;
using Governance.Core.Reports;

namespace Governance.Core.Releases;

/// <summary>
/// Reads what the promotion checks need from a bundle that <see cref="BundleVerifier"/> verified:
/// its manifest and digest, the gate report among its files (with the versioned report reader),
/// and the dependencies its package declares. Judges nothing: a missing or unreadable report is
/// left for <see cref="PromotionChecks.GateReports"/> to refuse with GOV7002.
/// </summary>
public static class PromotionBundleReader
{
    /// <summary>A manifest is a few KiB; 16 MiB is far beyond any real one.</summary>
    private const long MaxManifestBytes = 16L << 20;

    /// <summary>A gate report of thousands of checks is a few MiB: 64 MiB is far beyond any real one.</summary>
    private const long MaxReportBytes = 64L << 20;

    /// <summary>
    /// The bundle at <paramref name="manifestPath"/> for promotion, or null with
    /// <paramref name="problems"/> (the manifest or package cannot be read: verify the bundle first).
    /// </summary>
    /// <param name="signedBy">The id of the trusted key that verified the bundle (<see cref="BundleVerification.SignedBy"/>); null when unsigned.</param>
    /// <param name="governanceRoot">The repository root the gate report's paths are relative to.</param>
    public static PromotionBundle? Read(string manifestPath, string? signedBy, string governanceRoot, out IReadOnlyList<Diagnostic> problems)
    {
        string manifestFile = Path.GetFullPath(manifestPath);
        var at = new SourceLocation(manifestFile);
        BundleManifest? manifest;
        string? sha256;
        try
        {
            manifest = BundleManifest.Parse(manifestFile, RegularFile.ReadAllBytes(manifestFile, MaxManifestBytes), out problems, out sha256);
        }
        catch (IOException ex)
        {
            problems = new[] { new Diagnostic(Gov.UnreadableFile, $"{Path.GetFileName(manifestFile)} cannot be read: {RepoPath.DescribeFailure(ex)}.", at) };
            return null;
        }

        return manifest is null || sha256 is null ? null : Read(manifestFile, manifest, sha256, signedBy, governanceRoot, out problems);
    }

    /// <summary>As <see cref="Read(string, string?, string, out IReadOnlyList{Diagnostic})"/>, for a manifest already read (and verified) from <paramref name="manifestPath"/>: it is not read again.</summary>
    /// <param name="manifestSha256">SHA-256 of the manifest's bytes.</param>
    public static PromotionBundle? Read(string manifestPath, BundleManifest manifest, string manifestSha256, string? signedBy, string governanceRoot, out IReadOnlyList<Diagnostic> problems)
    {
        string manifestFile = Path.GetFullPath(manifestPath);
        var at = new SourceLocation(manifestFile);
        string directory = Path.GetDirectoryName(manifestFile)!;
        string stem = BundleManifest.StemOfManifest(manifestFile);
        string nupkg = stem + ".nupkg";
        IReadOnlyList<PackageDependency>? dependencies = NuspecReader.Dependencies(nupkg, out string? nuspecProblem);
        if (dependencies is null)
        {
            problems = new[] { new Diagnostic(Gov.UnreadableFile, $"The package of {Path.GetFileName(manifestFile)} ({Path.GetFileName(nupkg)}) cannot be read: {nuspecProblem}. Verify the bundle (governance verify) and pack again if it fails.", at) };
            return null;
        }

        GateReport? report = null;
        string? reportProblem = null;
        if (manifest.GateReportSha256 is not null)
        {
            string reportFile = Path.Combine(directory, Path.GetFileName(stem) + BundleManifest.ExtraFilesSuffix, GateOutputs.ReportFileName);
            try
            {
                byte[] bytes = RegularFile.ReadAllBytes(reportFile, MaxReportBytes);
                if (!string.Equals(Sha256.OfBytes(bytes), manifest.GateReportSha256, StringComparison.OrdinalIgnoreCase))
                {
                    reportProblem = "its gate report is not the one the manifest names (another digest): it was replaced after packing";
                }
                else if (Json.StrictJson.Check(bytes) is Json.JsonFlaw flaw)
                {
                    // As verify --require-go (BundleDecisionCheck) refuses it: the gate never writes such a file.
                    reportProblem = $"its gate report {flaw.Description}{flaw.Where}: the gate never writes such a file";
                }
                else
                {
                    report = GateReportReader.Read(bytes, reportFile, governanceRoot, out IReadOnlyList<Diagnostic> reportProblems)?.Report;
                    reportProblem = report is null ? string.Join(" ", reportProblems.Select(p => p.Message)) : null;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                reportProblem = RepoPath.DescribeFailure(ex);
            }
        }

        problems = Array.Empty<Diagnostic>();
        return new PromotionBundle(manifestFile, manifest, ReleaseBundle.FromManifest(manifest, manifestSha256))
        {
            GateReport = report,
            GateReportProblem = reportProblem,
            SignedBy = signedBy,
            Dependencies = dependencies,
        };
    }
}
