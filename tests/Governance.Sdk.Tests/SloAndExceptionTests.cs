using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Sdk.Tests.Infrastructure;

namespace Governance.Sdk.Tests;

/// <summary>SLOs over TRX and Cobertura files, their history in the release store, and exceptions, through the real build.</summary>
[Collection(EndToEnd.Name)]
public class SloAndExceptionTests
{
    private const string Now = "-p:GovernanceNow=2026-11-24T00:00:00Z";

    private const string SloPolicy = """
        {
          "policyVersion": "1",
          "gate": { "blockingBranches": ["main"], "allowOverrides": ["clock", "profile"] },
          "metrics": ["artifacts/test-results/*.trx", "artifacts/coverage/*.cobertura.xml"],
          "slos": [
            { "id": "tests-pass-rate", "metric": "tests.passRate", "direction": "higher",
              "warn": 0.99, "softFail": 0.97, "hardFail": 0.90, "window": 3, "maxBreaches": 2 },
            { "id": "line-coverage", "metric": "coverage.line", "direction": "higher", "warn": 0.90, "hardFail": 0.50 }
          ]
        }
        """;

    private readonly SdkPackage sdk;

    public SloAndExceptionTests(SdkPackage sdk) => this.sdk = sdk;

    private static string Trx(int executed, int passed) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun id="1" name="ci" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <ResultSummary outcome="Failed">
            <Counters total="{executed}" executed="{executed}" passed="{passed}" failed="{executed - passed}" error="0" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="0" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
          </ResultSummary>
        </TestRun>
        """;

    [Fact]
    public void SLO_tiers_follow_the_profile_the_history_records_blocking_runs_and_a_repeated_breach_fails_every_profile()
    {
        var repo = new TestRepository(sdk, "Slos").AddProject("Lib");
        repo.Write("governance.json", SloPolicy);
        repo.Write("artifacts/test-results/unit.trx", Trx(executed: 100, passed: 96));
        repo.Write("artifacts/coverage/lib.cobertura.xml", """<?xml version="1.0"?><coverage line-rate="0.85" branch-rate="0.7" lines-covered="85" lines-valid="100" branches-covered="7" branches-valid="10" version="1"><packages /></coverage>""");
        repo.Commit("main");

        ProcessResult strict = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", Now);

        BuildAssert.Failed(strict);
        Assert.Contains("error GOV5002: SLO 'tests-pass-rate' (tests.passRate 0.96, higher is better, warn 0.99, softFail 0.97, hardFail 0.9) is beyond its softFail threshold 0.97", strict.Output);
        Assert.Contains("warning GOV5001: SLO 'line-coverage' (coverage.line 0.85", strict.Output);
        using (JsonDocument report = repo.ReadReport())
        {
            JsonElement passRate = report.RootElement.GetProperty("slos").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "tests-pass-rate");
            Assert.Equal(0.96, passRate.GetProperty("value").GetDouble());
            Assert.Equal("soft-fail", passRate.GetProperty("tier").GetString());
            Assert.Equal(0.97, passRate.GetProperty("thresholds").GetProperty("softFail").GetDouble());
            Assert.Equal(1, passRate.GetProperty("trend").GetArrayLength());
        }

        // The same commit again, transitional: a warning, and the history does not count the rerun twice.
        ProcessResult transitional = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", Now, "-p:GovernanceProfile=transitional", "-p:GovernanceGateNoBuild=true");

        BuildAssert.Succeeded(transitional);
        Assert.Contains("warning GOV5002", transitional.Output);
        string history = repo.Path(".governance/store/streams/slo-history/lib");
        Assert.Single(Directory.GetFiles(history, "*.json"));
        byte[] firstReport = File.ReadAllBytes(repo.ReportFile);
        BuildAssert.Succeeded(repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", Now, "-p:GovernanceProfile=transitional", "-p:GovernanceGateNoBuild=true"));
        Assert.Equal(firstReport, File.ReadAllBytes(repo.ReportFile));

        // A new commit breaches again: the second breach in the window fails under transitional too.
        repo.Write("README.md", "next\n");
        repo.Commit("main");
        ProcessResult repeated = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", Now, "-p:GovernanceProfile=transitional");

        BuildAssert.Failed(repeated);
        Assert.Matches(@"error GOV5004: SLO 'tests-pass-rate' breached softFail or worse in 2 of the last 2 run\(s\).*docs/slo-policy\.md#rollback-guidance-for-repeated-breaches", repeated.Output);
        Assert.Equal(2, Directory.GetFiles(history, "*.json").Length);

        // An edited history is caught, and nothing is appended to it.
        string first = Directory.GetFiles(history, "*.json").OrderBy(f => f).First();
        File.WriteAllText(first, File.ReadAllText(first).Replace("0.96", "0.999"));
        ProcessResult edited = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", Now, "-p:GovernanceGateNoBuild=true");

        BuildAssert.Failed(edited);
        Assert.Contains("error GOV5006: The SLO history of 'Lib' in the release store is not trustworthy: entry 1 does not match its own digest", edited.Output);
        BuildAssert.NoStackTrace(edited);
    }

    [Fact]
    public void Missing_metrics_never_pass_and_a_malformed_metric_file_is_named()
    {
        var repo = new TestRepository(sdk, "NoData").AddProject("Lib");
        repo.Write("governance.json", SloPolicy);
        repo.Write("artifacts/test-results/unit.trx", "<TestRun><ResultSummary>");
        repo.Commit("feature/x");

        ProcessResult result = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", Now);

        // Informational branch: the no-data findings warn, the unreadable file is a configuration error.
        BuildAssert.Failed(result);
        Assert.Matches(@"unit\.trx\(\d+,\d+\): error GOV1007: artifacts/test-results/unit\.trx is not well-formed XML", result.Output);
        Assert.Contains("warning GOV5005: SLO 'tests-pass-rate' has no data", result.Output);
        Assert.Contains("warning GOV5005: SLO 'line-coverage' has no data", result.Output);
        Assert.False(Directory.Exists(repo.Path(".governance/store/streams")), "an informational run must not record history");
    }

    [Fact]
    public void An_approved_exception_waives_a_failure_and_an_expired_or_self_approved_one_is_a_finding()
    {
        var repo = new TestRepository(sdk, "Exceptions").AddProject("Lib");
        repo.Write("governance.json", """
            { "policyVersion": "1", "gate": { "blockingBranches": ["main"], "allowOverrides": ["clock", "profile"] },
              "evidence": [ { "kind": "release-notes", "path": "evidence/release-notes.md" } ],
              "exceptions": "governance.exceptions.json" }
            """);
        repo.Write("governance.exceptions.json", """
            { "exceptions": [
              { "id": "EX-001", "check": "GOV2001", "scope": "*", "reason": "release notes are written after the freeze",
                "requestedBy": "dev-a", "approvedBy": "lead-b", "created": "2026-11-01T00:00:00Z", "expires": "2026-12-15T00:00:00+01:00" } ] }
            """);
        repo.Commit("main");

        ProcessResult waived = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", Now);

        BuildAssert.Succeeded(waived);
        Assert.Contains("GOV2001 waived: Required evidence 'release-notes' is missing", waived.Output);
        Assert.Contains("Release gate: go (blocking", waived.Output);
        using (JsonDocument report = repo.ReadReport())
        {
            JsonElement check = report.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "GOV2001");
            Assert.Equal(("waived", "EX-001"), (check.GetProperty("status").GetString(), check.GetProperty("waivedBy").GetString()));
            JsonElement waiver = Assert.Single(report.RootElement.GetProperty("waivers").EnumerateArray());
            Assert.Equal("EX-001", waiver.GetProperty("exception").GetString());
            Assert.Equal("2026-12-14T23:00:00Z", waiver.GetProperty("expires").GetString());
        }

        // The clock moves past the expiry: the exception is a finding and waives nothing.
        ProcessResult expired = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", "-p:GovernanceNow=2026-12-14T23:00:00Z", "-p:GovernanceGateNoBuild=true");

        BuildAssert.Failed(expired);
        Assert.Contains("error GOV5101: Exception 'EX-001' (GOV2001, scope *) does not apply: it expired at 2026-12-14T23:00:00Z", expired.Output);
        Assert.Contains("error GOV2001", expired.Output);

        repo.Write("governance.exceptions.json", File.ReadAllText(repo.Path("governance.exceptions.json")).Replace("\"lead-b\"", "\"dev-a\""));
        ProcessResult selfApproved = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", Now, "-p:GovernanceGateNoBuild=true");

        BuildAssert.Failed(selfApproved);
        Assert.Contains("error GOV5102: Exception 'EX-001' (GOV2001, scope *) does not apply: it is approved by its own requester (dev-a)", selfApproved.Output);

        // A build that fails before the gate decides leaves no earlier report to be read as this run's.
        Assert.True(File.Exists(repo.ReportFile));
        repo.Write("src/Lib/Broken.cs", "class Broken {");
        ProcessResult broken = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", Now);

        BuildAssert.Failed(broken);
        Assert.Contains("error CS1513", broken.Output);
        Assert.False(File.Exists(repo.ReportFile), "a report from an earlier run survived a build that failed before the gate");
    }
}
