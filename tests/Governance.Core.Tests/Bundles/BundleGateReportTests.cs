using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Governance.Core.Bundles;
using Governance.Core.IO;

namespace Governance.Core.Tests.Bundles;

/// <summary>
/// A bundle carries the gate report only when the report judged exactly the builds packed: the
/// project's path and, per target framework, the lineage digest.
/// </summary>
public class BundleGateReportTests
{
    private static Func<string, string?> NoEnvironment => _ => null;

    /// <summary>A golden report whose projects are replaced by the given ones.</summary>
    private static string Report(TempDirectory dir, params (string Path, string? TargetFramework, string Sha256)[] projects) =>
        Report(dir, "go", "abc123", projects);

    private static string Report(TempDirectory dir, string decision, string commit, params (string Path, string? TargetFramework, string Sha256)[] projects)
    {
        string golden = Path.Combine(GoldenGateTests.RepositoryRoot(), "tests", "Governance.Core.Tests", "Golden", "strict-blocking", "first.report.json");
        JsonNode report = JsonNode.Parse(File.ReadAllText(golden))!;
        var list = new JsonArray();
        foreach ((string path, string? targetFramework, string sha256) in projects)
        {
            var project = new JsonObject { ["name"] = "Lib", ["path"] = path };
            if (targetFramework is not null)
            {
                project["targetFramework"] = targetFramework;
            }

            project["sha256"] = sha256;
            list.Add(project);
        }

        report["projects"] = list;
        report["decision"] = decision;
        report["subject"]!["commit"] = commit;
        return dir.Write("artifacts/governance/release-readiness-gate-report.json", report.ToJsonString());
    }

    private static BundleOutput Pack(TempDirectory dir, string report, params (string TargetFramework, string Content)[] builds)
    {
        (string, string)[] fragments = builds
            .Select(b => (b.TargetFramework, dir.Write($"src/Lib/obj/governance/{(b.TargetFramework.Length == 0 ? "none" : b.TargetFramework)}.json", b.Content)))
            .ToArray();
        return BundleBuilder.Write(new BundleRequest
        {
            PackageId = "Lib",
            PackageVersion = "1.0.0",
            PackageFiles = new[] { TestPackage.Write(dir.Combine("out/Lib.1.0.0.nupkg"), "Lib", "1.0.0") },
            Fragments = fragments,
            GateReport = report,
            GovernanceRoot = dir.Path,
            SourceDirectory = dir.Path,
            ProjectFile = dir.Write("src/Lib/Lib.csproj", "<Project />"),
            Commit = "abc123",
            Environment = NoEnvironment,
        });
    }

    private static string Digest(string content) => Sha256.OfBytes(System.Text.Encoding.UTF8.GetBytes(content));

    private static bool CarriesReport(BundleOutput output) =>
        JsonNode.Parse(File.ReadAllText(output.Manifest))!["gateReport"] is not null;

    [Fact]
    public void A_report_that_judged_every_packed_build_is_the_bundles_decision()
    {
        using var dir = new TempDirectory();
        string report = Report(dir, ("src/Lib/Lib.csproj", "net8.0", Digest("a")), ("src/Lib/Lib.csproj", "net10.0", Digest("b")), ("src/Other/Other.csproj", "net8.0", Digest("c")));

        BundleOutput output = Pack(dir, report, ("net8.0", "a"), ("net10.0", "b"));

        Assert.Null(output.GateReportLeftOut);
        Assert.True(CarriesReport(output));
    }

    [Fact]
    public void One_framework_built_again_after_the_gate_leaves_the_report_out_naming_it()
    {
        using var dir = new TempDirectory();
        string report = Report(dir, ("src/Lib/Lib.csproj", "net8.0", Digest("a")), ("src/Lib/Lib.csproj", "net10.0", Digest("b")));

        BundleOutput output = Pack(dir, report, ("net8.0", "a"), ("net10.0", "b, built again"));

        Assert.Equal("it judged other builds of src/Lib/Lib.csproj than the ones packed (net10.0 changed since the gate ran)", output.GateReportLeftOut);
        Assert.False(CarriesReport(output));
    }

    [Fact]
    public void A_build_without_a_target_framework_matches_a_report_entry_without_one()
    {
        using var dir = new TempDirectory();
        string report = Report(dir, ("src/Lib/Lib.csproj", null, Digest("a")));

        Assert.Null(Pack(dir, report, (string.Empty, "a")).GateReportLeftOut);
        Assert.Equal(
            "it judged other builds of src/Lib/Lib.csproj than the ones packed (the build changed since the gate ran)",
            Pack(dir, report, (string.Empty, "changed")).GateReportLeftOut);
    }

    [Fact]
    public void A_report_of_other_projects_is_left_out()
    {
        using var dir = new TempDirectory();
        string report = Report(dir, ("src/Other/Other.csproj", "net8.0", Digest("a")));

        Assert.Equal("it does not cover src/Lib/Lib.csproj", Pack(dir, report, ("net8.0", "a")).GateReportLeftOut);
    }

    private static BundleVerification VerifyRequiringGo(BundleOutput output) =>
        BundleVerifier.Verify(output.Manifest, Array.Empty<LoadedTrustedKey>(), null, false, new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero), requireGo: true);

    [Fact]
    public void The_decision_travels_in_the_bundle_and_verify_require_go_accepts_a_go_for_its_commit_and_builds()
    {
        using var dir = new TempDirectory();
        string report = Report(dir, ("src/Lib/Lib.csproj", "net8.0", Digest("a")));

        BundleOutput output = Pack(dir, report, ("net8.0", "a"));
        BundleVerification verified = VerifyRequiringGo(output);

        Assert.Empty(verified.Findings);
        Assert.Equal("blocking", verified.DecisionMode);
        Assert.Equal(System.IO.File.ReadAllBytes(report), System.IO.File.ReadAllBytes(dir.Combine("out/Lib.1.0.0.files/release_readiness_gate_report.json")));
    }

    [Theory]
    [InlineData("no-go", "abc123", "a", "carries the gate's decision 'no-go' (blocking): a release needs a go")]
    [InlineData("go", "def456", "a", "was packed from commit 'abc123', but its gate report decided on commit 'def456'")]
    [InlineData("go", "abc123", "b", "carries no decision of the release gate")]
    [InlineData("informational", "abc123", "a", "carries a go of an informational run of the gate")]
    public void Verify_require_go_refuses_a_no_go_another_commit_or_no_decision_GOV7002(string decision, string commit, string packed, string message)
    {
        using var dir = new TempDirectory();
        string report = decision == "informational"
            ? Report(dir, "go", commit, ("src/Lib/Lib.csproj", "net8.0", Digest("a")))
            : Report(dir, decision, commit, ("src/Lib/Lib.csproj", "net8.0", Digest("a")));
        if (decision == "informational")
        {
            System.IO.File.WriteAllText(report, System.IO.File.ReadAllText(report).Replace("\"mode\":\"blocking\"", "\"mode\":\"informational\""));
        }

        BundleVerification result = VerifyRequiringGo(Pack(dir, report, ("net8.0", packed)));

        Assert.Equal("GOV7002", Assert.Single(result.Findings).Code);
        Assert.Contains(message, result.Findings[0].Message);
        Assert.Null(result.DecisionMode);
    }
    /// <summary>An evidence package holding <paramref name="report"/> as its run's report, beside it.</summary>
    private static void EvidenceBeside(string report, byte[] reportBytes)
    {
        string package = Path.Combine(Path.GetDirectoryName(report)!, Governance.Core.Evidence.EvidencePackageLayout.FileName);
        using FileStream file = File.Create(package);
        using var zip = new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Create);
        using Stream entry = zip.CreateEntry(Governance.Core.Evidence.EvidencePackageLayout.OutputsFolder + Governance.Core.Reports.GateOutputs.ReportFileName).Open();
        entry.Write(reportBytes, 0, reportBytes.Length);
    }

    [Fact]
    public void The_evidence_package_of_the_same_gate_run_travels_in_the_bundle_and_another_runs_does_not()
    {
        using var dir = new TempDirectory();
        string report = Report(dir, ("src/Lib/Lib.csproj", "net8.0", Digest("a")));
        EvidenceBeside(report, File.ReadAllBytes(report));

        BundleOutput same = Pack(dir, report, ("net8.0", "a"));
        string manifest = File.ReadAllText(same.Manifest);
        Assert.Contains("Lib.1.0.0.files/release-evidence.zip", manifest, StringComparison.Ordinal);

        EvidenceBeside(report, System.Text.Encoding.UTF8.GetBytes("{ \"another\": \"run\" }"));
        BundleOutput other = Pack(dir, report, ("net8.0", "a"));
        Assert.True(CarriesReport(other));
        Assert.DoesNotContain("release-evidence.zip", File.ReadAllText(other.Manifest), StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("out/Lib.1.0.0.files/release-evidence.zip")));
    }
}
