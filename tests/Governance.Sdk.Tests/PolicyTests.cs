using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Sdk.Tests.Infrastructure;

namespace Governance.Sdk.Tests;

/// <summary>Bad policy input and evidence, through the real build: codes, positions, exit codes, no stack traces.</summary>
[Collection(EndToEnd.Name)]
public class PolicyTests
{
    private const string EvidencePolicy = """
        {
          "policyVersion": "1",
          "gate": { "blockingBranches": ["main", "release/*"], "allowOverrides": ["clock"] },
          "evidence": [
            { "kind": "branch-protection", "path": "evidence/branch-protection.json", "maxAgeDays": 30 },
            { "kind": "release-notes", "path": "evidence/release-notes.json" }
          ]
        }
        """;

    private readonly SdkPackage sdk;

    public PolicyTests(SdkPackage sdk) => this.sdk = sdk;

    [Fact]
    public void A_malformed_policy_is_GOV1001_then_a_schema_violation_GOV1002_then_the_fixed_policy_passes()
    {
        var repo = new TestRepository(sdk, "BadPolicy").AddProject("Bad.Lib").WriteSolution();
        repo.Commit();

        repo.Write("governance.json", "{\n  \"policyVersion\": \"1\",\n  \"gate\": { \"blockingBranches\": [\"main\",] \n}\n");
        ProcessResult malformed = repo.Build("-t:ReleaseGate");

        BuildAssert.Failed(malformed);
        Assert.Contains("governance.json(3,41): error GOV1001", malformed.Output);
        BuildAssert.NoStackTrace(malformed);

        repo.Write("governance.json", "{\n  \"policyVersion\": \"1\",\n  \"profile\": \"lenient\"\n}\n");
        ProcessResult invalid = repo.Build("-t:ReleaseGate");

        BuildAssert.Failed(invalid);
        Assert.Matches(@"governance\.json\(3,\d+\): error GOV1002: .*\$\.profile.*""strict"", ""transitional""", invalid.Output);
        BuildAssert.NoStackTrace(invalid);
        using (JsonDocument report = repo.ReadReport())
        {
            // The policy that would say whether the branch blocks could not be read: the mode is unknown.
            Assert.Equal(("no-go", "unknown"), (report.RootElement.GetProperty("decision").GetString(), report.RootElement.GetProperty("mode").GetString()));
        }

        repo.Write("governance.json", "{ \"policyVersion\": \"1\", \"profile\": \"strict\" }\n");
        BuildAssert.Succeeded(repo.Build("-t:ReleaseGate"));
    }

    [Fact]
    public void An_unsupported_policy_version_is_GOV1003()
    {
        var repo = new TestRepository(sdk, "Version").AddProject("Lib").WriteSolution();
        repo.Write("governance.json", "{ \"policyVersion\": \"7\" }\n");
        repo.Commit();

        ProcessResult result = repo.Build("-t:ReleaseGate");

        BuildAssert.Failed(result);
        Assert.Contains("error GOV1003", result.Output);
        Assert.Contains("policyVersion \"7\"", result.Output);
        BuildAssert.NoStackTrace(result);
    }

    [Fact]
    public void Missing_and_stale_evidence_fail_the_build_on_a_blocking_branch()
    {
        var repo = new TestRepository(sdk, "Blocking").AddProject("Lib").WriteSolution();
        repo.Write("governance.json", EvidencePolicy);
        repo.Write("evidence/branch-protection.json", "{ \"capturedAt\": \"2026-09-01T00:00:00Z\" }");
        repo.Commit("main");

        ProcessResult result = repo.Build("-t:ReleaseGate", "-p:GovernanceNow=2026-11-24T00:00:00Z");

        BuildAssert.Failed(result);
        Assert.Matches(@"governance\.json\(6\): error GOV2001: .*evidence/release-notes\.json", result.Output);
        Assert.Matches(@"branch-protection\.json ?: error GOV2002: .*stale", result.Output);
        BuildAssert.NoStackTrace(result);
        using JsonDocument report = repo.ReadReport();
        Assert.Equal("no-go", report.RootElement.GetProperty("decision").GetString());
        Assert.Equal("blocking", report.RootElement.GetProperty("mode").GetString());
        Assert.Equal("2026-11-24T00:00:00Z", report.RootElement.GetProperty("evaluatedAt").GetString());
        using JsonDocument sarif = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(repo.ArtifactsDirectory, "findings.sarif")));
        string[] levels = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r => r.GetProperty("level").GetString()!).ToArray();
        Assert.Equal(new[] { "error", "error" }, levels);
    }

    [Fact]
    public void The_same_findings_only_warn_on_a_branch_the_CI_reports_as_not_blocking()
    {
        var repo = new TestRepository(sdk, "Informational").AddProject("Lib").WriteSolution();
        repo.Write("governance.json", EvidencePolicy);
        repo.Write("evidence/branch-protection.json", "{ \"capturedAt\": \"2020-01-01T00:00:00Z\" }");
        repo.Commit("main");

        // Git says main (blocking), but this is a pull request build of feature/x: CI variables win.
        var pullRequest = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_HEAD_REF"] = "feature/x",
            ["GITHUB_REF"] = "refs/pull/1/merge",
            ["GITHUB_SHA"] = "1111111111111111111111111111111111111111",
        };
        ProcessResult result = repo.Build(pullRequest, "-t:ReleaseGate");

        BuildAssert.Succeeded(result);
        Assert.Contains("warning GOV2001", result.Output);
        Assert.Contains("warning GOV2002", result.Output);
        using JsonDocument report = repo.ReadReport();
        Assert.Equal("no-go", report.RootElement.GetProperty("decision").GetString());
        Assert.Equal("informational", report.RootElement.GetProperty("mode").GetString());
        Assert.Equal("feature/x", report.RootElement.GetProperty("subject").GetProperty("branch").GetString());
        Assert.Equal("1111111111111111111111111111111111111111", report.RootElement.GetProperty("subject").GetProperty("commit").GetString());
    }

    [Fact]
    public void On_a_blocking_branch_the_transitional_profile_lets_a_medium_failure_warn_and_a_high_one_block()
    {
        var repo = new TestRepository(sdk, "Transitional").AddProject("Lib").WriteSolution();
        repo.Write("governance.json", """
            { "policyVersion": "1", "profile": "transitional", "gate": { "blockingBranches": ["main"], "allowOverrides": ["clock", "profile"] },
              "evidence": [ { "kind": "release-notes", "path": "evidence/notes.json", "severity": "medium" } ] }
            """);
        repo.Commit("main");

        ProcessResult medium = repo.Build("-t:ReleaseGate");

        BuildAssert.Succeeded(medium);
        Assert.Contains(medium.Output.Split('\n'), line => line.Contains("warning GOV2001") && line.Contains("Transitional profile"));
        using (JsonDocument report = repo.ReadReport())
        {
            Assert.Equal("go", report.RootElement.GetProperty("decision").GetString());
        }

        repo.Write("governance.json", File.ReadAllText(repo.Path("governance.json")).Replace("\"medium\"", "\"high\""));
        ProcessResult high = repo.Build("-t:ReleaseGate");

        BuildAssert.Failed(high);
        Assert.Contains("error GOV2001", high.Output);
    }
}
