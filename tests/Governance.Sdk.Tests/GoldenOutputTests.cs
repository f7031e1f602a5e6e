using System;
using System.IO;
using System.Linq;
using System.Text;
using Governance.Sdk.Tests.Infrastructure;

namespace Governance.Sdk.Tests;

/// <summary>
/// The bundled sample's gate outputs, byte for byte, against the copies kept under
/// <c>tests/Governance.Sdk.Tests/Golden/</c>. A change that alters what users get (a message, an
/// order, a field) fails here and must be made deliberately: set GOVERNANCE_UPDATE_GOLDEN=1, run
/// this test, and review the diff of the golden files in the commit.
/// </summary>
[Collection(EndToEnd.Name)]
public class GoldenOutputTests
{
    /// <summary>The outputs compared; lineage.intoto.json too, as it is derived from the same evaluation.</summary>
    private static readonly string[] Outputs =
    {
        "release_readiness_gate_report.json", "lineage.json", "lineage.intoto.json", "findings.sarif", "summary.md",
    };

    private readonly SdkPackage sdk;

    public GoldenOutputTests(SdkPackage sdk) => this.sdk = sdk;

    /// <summary>
    /// Everything that could vary is fixed: the clock, the commit (content and dates), the
    /// evidence's capture time, the SARIF log, and compiler paths (ContinuousIntegrationBuild maps them), so the
    /// outputs depend only on the SDK's code and the .NET SDK pinned in global.json.
    /// </summary>
    [Fact]
    public void The_samples_report_lineage_SARIF_and_summary_are_byte_identical_to_the_golden_copies()
    {
        TestRepository repo = TestRepository.FromSample(sdk, Path.Combine("samples", "Contoso"), "Contoso");
        repo.Write("evidence/branch-protection.json", """
            {
              "capturedAt": "2026-11-19T08:00:00Z",
              "branch": "main",
              "rules": [
                { "type": "deletion" },
                { "type": "non_fast_forward" },
                { "type": "pull_request", "parameters": { "required_approving_review_count": 1, "dismiss_stale_reviews_on_push": true } },
                { "type": "required_status_checks", "parameters": { "required_status_checks": [ { "context": "release-gate" } ] } }
              ]
            }
            """);
        // The compiler's own SARIF log records analyzer timings, different on every build: here a
        // tool's log with fixed content stands in for it, so SARIF ingestion is still covered.
        repo.Write("tools/scan.sarif", """
            { "version": "2.1.0", "runs": [ { "tool": { "driver": { "name": "scanner", "rules": [ { "id": "SC001" } ] } },
              "results": [ { "ruleId": "SC001", "level": "warning", "message": { "text": "Prices are rounded twice." },
                "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "src/Contoso.Core/Pricing.cs" }, "region": { "startLine": 3 } } } ] } ] } ] }
            """);
        string props = File.ReadAllText(repo.Path("Directory.Build.props"));
        repo.Write("Directory.Build.props", props.Replace("</Project>", "  <ItemGroup>\n    <GovernanceSarifLog Include=\"$(MSBuildThisFileDirectory)tools/scan.sarif\" />\n  </ItemGroup>\n</Project>"));
        // The clock is pinned on a blocking branch: the test's copy of the policy accepts that override.
        string policy = File.ReadAllText(repo.Path("governance.json"));
        repo.Write("governance.json", policy.Replace("\"blockingBranches\": [\"main\", \"release/*\"] }", "\"blockingBranches\": [\"main\", \"release/*\"], \"allowOverrides\": [\"clock\"] }"));
        Assert.Contains("allowOverrides", File.ReadAllText(repo.Path("governance.json")));
        // TRX files record where and when the tests ran (absolute paths, times, ids), so no two runs
        // give the same bytes: here no cohort is required and no tests run, so the registry, the
        // cohorts and the report's tenants section are still compared. TenantIsolationTests proves
        // the sample's kind of tests end to end.
        policy = File.ReadAllText(repo.Path("governance.json"));
        repo.Write("governance.json", policy.Replace("\"requiredCohorts\": [1]", "\"requiredCohorts\": []"));
        Assert.Contains("\"requiredCohorts\": []", File.ReadAllText(repo.Path("governance.json")));
        repo.Commit("main", at: new DateTimeOffset(2026, 11, 19, 9, 0, 0, TimeSpan.Zero));

        ProcessResult result = repo.Build("Contoso.sln", "-t:ReleaseGate", "-p:GovernanceNow=2026-11-20T00:00:00Z", "-p:ContinuousIntegrationBuild=true", "-p:ErrorLog=");

        BuildAssert.Succeeded(result);
        string golden = Path.Combine(sdk.RepositoryRoot, "tests", "Governance.Sdk.Tests", "Golden", "sample");
        bool update = Environment.GetEnvironmentVariable("GOVERNANCE_UPDATE_GOLDEN") == "1";
        var differing = new StringBuilder();
        foreach (string output in Outputs)
        {
            byte[] actual = File.ReadAllBytes(Path.Combine(repo.ArtifactsDirectory, output));
            string expectedFile = Path.Combine(golden, output);
            if (update)
            {
                Directory.CreateDirectory(golden);
                File.WriteAllBytes(expectedFile, actual);
                continue;
            }

            byte[] expected = File.Exists(expectedFile) ? File.ReadAllBytes(expectedFile) : Array.Empty<byte>();
            if (!expected.SequenceEqual(actual))
            {
                differing.Append($"{output} differs from {expectedFile}:\n{FirstDifference(expected, actual)}\n");
            }
        }

        Assert.True(differing.Length == 0,
            differing + "If the change is deliberate, run this test with GOVERNANCE_UPDATE_GOLDEN=1 and commit the reviewed golden files.");
    }

    private static string FirstDifference(byte[] expected, byte[] actual)
    {
        string[] before = Encoding.UTF8.GetString(expected).Split('\n');
        string[] after = Encoding.UTF8.GetString(actual).Split('\n');
        for (int i = 0; i < Math.Max(before.Length, after.Length); i++)
        {
            string was = i < before.Length ? before[i] : "(end of file)";
            string now = i < after.Length ? after[i] : "(end of file)";
            if (was != now)
            {
                return $"  line {i + 1}, golden: {was}\n  line {i + 1}, now:    {now}";
            }
        }

        return "  (same text, different bytes)";
    }
}
