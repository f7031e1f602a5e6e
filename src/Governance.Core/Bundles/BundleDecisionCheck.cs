using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.IO;
using Governance.Core.Reports;

namespace Governance.Core.Bundles;

/// <summary>
/// That a bundle carries a <c>go</c> of the release gate for the very builds it was packed from
/// (GOV7002): the gate report among its files (so under its checksums and signature) with the
/// digest the manifest names, deciding <c>go</c>, for the bundle's commit, and listing the digest
/// of every lineage fragment the bundle records. What <c>verify --require-go</c> asks, and what
/// promotion will ask of an environment that requires a blocking go.
/// </summary>
internal static class BundleDecisionCheck
{
    /// <summary>A gate report of thousands of checks is a few MiB: 64 MiB is far beyond any real one.</summary>
    private const long MaxReportBytes = 64L << 20;

    /// <summary>The mode of the decision (always blocking) when it is a go for this bundle; else null, with a finding.</summary>
    public static string? Check(BundleManifest manifest, string directory, string stem, SourceLocation at, List<Diagnostic> findings)
    {
        string name = Path.GetFileName(at.Path);
        void Refuse(string why) => findings.Add(new Diagnostic(Gov.GateDecisionMissing, $"{name} {why}", at));

        if (manifest.GateReportSha256 is null)
        {
            Refuse("carries no decision of the release gate: it was packed without a gate run for this build. Run dotnet build -t:ReleaseGate, then dotnet pack --no-build, and verify the new bundle.");
            return null;
        }

        string expected = Path.GetFileName(stem) + BundleManifest.ExtraFilesSuffix + "/" + GateOutputs.ReportFileName;
        if (!manifest.Files.Any(f => f.Path == expected && f.Sha256 == manifest.GateReportSha256))
        {
            Refuse($"names a gate report (sha256 {manifest.GateReportSha256}) that is not among its files as {expected}: it was packed by an earlier version, or edited. Pack again after the gate.");
            return null;
        }

        string reportFile = Path.Combine(directory, expected);
        GateReportDocument? read;
        try
        {
            byte[] bytes = RegularFile.ReadAllBytes(reportFile, MaxReportBytes);
            if (Json.StrictJson.Check(bytes) is Json.JsonFlaw flaw)
            {
                Refuse($"carries a gate report that {flaw.Description}{flaw.Where}: the gate never writes such a file.");
                return null;
            }

            read = GateReportReader.Read(bytes, reportFile, directory, out IReadOnlyList<Diagnostic> problems);
            if (read is null)
            {
                Refuse($"carries a gate report that cannot be read: {string.Join(" ", problems.Select(p => p.Message))}");
                return null;
            }
        }
        catch (IOException ex)
        {
            Refuse($"carries a gate report that cannot be read: {RepoPath.DescribeFailure(ex)}.");
            return null;
        }

        GateReport report = read.Report;
        if (report.Decision != "go")
        {
            Refuse($"carries the gate's decision '{report.Decision}' ({Names.Of(report.Mode)}): a release needs a go. Fix what the report lists and run the gate again.");
            return null;
        }

        // An informational run refuses no override (a clock turned back, a project opted out):
        // its go vouches for nothing a release could rely on.
        if (report.Mode != Policy.GateMode.Blocking)
        {
            Refuse($"carries a go of an {Names.Of(report.Mode)} run of the gate: a release needs the go of a blocking run. Run the gate on a branch the policy blocks (gate.blockingBranches), then pack.");
            return null;
        }

        if (manifest.Lineage.Count == 0)
        {
            Refuse("records no lineage, so nothing ties the gate report to the builds packed. Pack with governance enabled, right after the gate.");
            return null;
        }

        if (manifest.Metadata.Commit.Length == 0 || !string.Equals(report.Subject.Commit, manifest.Metadata.Commit, StringComparison.OrdinalIgnoreCase))
        {
            Refuse($"was packed from commit '{manifest.Metadata.Commit}', but its gate report decided on commit '{report.Subject.Commit}': a decision vouches only for the commit it judged.");
            return null;
        }

        var judged = new HashSet<(string, string)>(report.Projects.Where(p => p.Sha256 is not null).Select(p => (p.TargetFramework ?? string.Empty, p.Sha256!)));
        BundleLineage[] unjudged = manifest.Lineage.Where(l => !judged.Contains((l.TargetFramework, l.Sha256))).ToArray();
        if (unjudged.Length > 0)
        {
            Refuse($"was packed from builds its gate report did not judge ({string.Join(", ", unjudged.Select(l => l.TargetFramework.Length == 0 ? "the build" : l.TargetFramework))}): the decision is about other builds. Run the gate and pack right after it.");
            return null;
        }

        return Names.Of(report.Mode);
    }
}
