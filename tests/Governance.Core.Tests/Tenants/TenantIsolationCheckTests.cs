using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Governance.Core.Evaluation;
using Governance.Core.Evidence;
using Governance.Core.Lineage;
using Governance.Core.IO;
using Governance.Core.Reports;
using Governance.Core.Tests.Evidence;
using Governance.Core.Tenants;

namespace Governance.Core.Tests.Tenants;

/// <summary>
/// The tenant-isolation check through the gate's evaluation, over a real TRX file (the xUnit lab's)
/// whose results point at the real lab assembly copied into the repository: the traits are read from
/// its metadata, as the gate reads them after `dotnet test`.
/// </summary>
public class TenantIsolationCheckTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static GateRequest Repository(TempDirectory dir, string registry, string extra = "", string profile = "strict", string lab = "Xunit")
    {
        dir.Write(".git/HEAD", "ref: refs/heads/main\n");
        dir.Write(".git/refs/heads/main", Sha + "\n");
        string project = dir.Write("src/App/App.csproj", "<Project />");
        string source = dir.Write("src/App/Program.cs", "class P {}");
        string app = dir.Write("src/App/bin/App.dll", "binary");
        string fragment = dir.Combine("src/App/obj/governance/collect.json");
        var inputs = new LineageFragmentInputs { Sources = new[] { source, project }, Artifacts = new[] { app } };
        AtomicFile.WriteAllBytes(fragment, LineageFragment.Create("App", project, "net10.0", inputs, FileDigestCache.Empty()).ToCanonicalJson());

        // The lab's real TRX file, pointing at the lab assembly where this repository keeps it.
        string assembly = dir.Combine($"tests/Lab/bin/{lab}Lab.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(assembly)!);
        File.Copy(TenantTestData.File($"labs/{lab}Lab.dll"), assembly);
        string trx = File.ReadAllText(TenantTestData.File($"{lab.ToLowerInvariant()}.trx"))
            .Replace($"/work/trx-lab/{lab}Lab/bin/Debug/net10.0/{lab}Lab.dll", assembly)
            .Replace($"/work/trx-lab/{lab.ToLowerInvariant()}lab/bin/debug/net10.0/{lab.ToLowerInvariant()}lab.dll", assembly.ToLowerInvariant());
        dir.Write("artifacts/test-results/unit.trx", trx);
        dir.Write("capabilities.json", registry);
        dir.Write("governance.json", $$"""
            {
              "policyVersion": "1",
              "profile": "{{profile}}",
              "gate": { "blockingBranches": ["main"] },
              "metrics": ["artifacts/test-results/*.trx"],
              "tenantIsolation": { "registry": "capabilities.json", "requiredCohorts": [1]{{extra}} }
            }
            """);
        return new GateRequest
        {
            GovernanceRoot = dir.Path,
            PolicyFile = dir.Combine("governance.json"),
            Now = "2026-11-26T00:00:00Z",
            SubjectName = "App",
            SubjectVersion = "1.0.0",
            Projects = new[] { new GateProject(project, fragment, "net10.0") },
            Environment = _ => null,
            UtcNow = () => new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero),
        };
    }

    private static string Registry(params string[] capabilities) =>
        "{ \"capabilities\": [\n" + string.Join(",\n", capabilities) + "\n] }\n";

    private static string Capability(string id, string sameTenant = "enforced", int? cohort = 1, string risk = "high", string more = "") =>
        $$"""  { "id": "{{id}}", "owner": "team-a", "channel": "public", "risk": "{{risk}}"{{(cohort is int c ? $", \"cohort\": {c}" : "")}}, "sameTenant": "{{sameTenant}}"{{more}} }""";

    private static CheckResult Check(GateReport report, string id) => Assert.Single(report.Checks, c => c.Id == id);

    [Fact]
    public void Traits_on_the_method_and_on_its_class_prove_their_capabilities_and_the_decision_is_go()
    {
        using var dir = new TempDirectory();
        GateEvaluation evaluation = GateEvaluator.Evaluate(Repository(dir, Registry(Capability("orders.read"), Capability("Orders.Write"))));

        Assert.True(evaluation.Report.IsGo, string.Join("\n", evaluation.Report.Checks.Where(c => c.IsBlocking).Select(c => c.Message)));
        Assert.Equal(CheckStatus.Pass, Check(evaluation.Report, "tenant:orders.read").Status);
        Assert.Contains("proven by 1 passing isolation test result (cross-tenant-read)", Check(evaluation.Report, "tenant:orders.read").Message);
        // Ids are compared without case: the class-level trait names "orders.write".
        Assert.Contains("(cross-tenant-write)", Check(evaluation.Report, "tenant:Orders.Write").Message);
        Assert.Equal((2, 2, 1.0), (evaluation.Report.Tenants!.Required, evaluation.Report.Tenants.Covered, evaluation.Report.Tenants.Coverage));
        Assert.Contains(evaluation.Inputs, i => i.Role == Inputs.InputRole.TestTraits && i.Path.EndsWith("XunitLab.dll", StringComparison.Ordinal));
    }

    [Fact]
    public void A_capability_listing_a_theory_by_name_fails_on_its_one_failing_row_and_coverage_falls_below_the_target()
    {
        using var dir = new TempDirectory();
        GateReport report = GateEvaluator.Evaluate(Repository(dir, Registry(
            Capability("orders.read"),
            Capability("orders.theory", risk: "medium", more: ", \"tests\": [\"Lab.Xunit.OrderTests.TheoryRows\"]"),
            Capability("orders.nested", risk: "low", more: ", \"tests\": [\"Lab.Xunit.*+Nested*.*\"]")))).Report;

        CheckResult theory = Check(report, "tenant:orders.theory");
        Assert.Equal((CheckStatus.Fail, "GOV6002", Policy.Severity.Medium), (theory.Status, theory.Code, theory.Severity));
        Assert.Contains("its isolation test Lab.Xunit.OrderTests.TheoryRows(a: 2, b: 3) failed", theory.Message);
        Assert.Contains(theory.Locations, l => l.Path.EndsWith("unit.trx", StringComparison.Ordinal) && l.Line > 0);
        Assert.Equal(CheckStatus.Pass, Check(report, "tenant:orders.nested").Status);
        CheckResult coverage = Check(report, TenantIsolationCheck.CoverageCheckId);
        Assert.Equal((CheckStatus.Fail, "GOV6003"), (coverage.Status, coverage.Code));
        Assert.Contains("66.6% (2 of 3 capabilities in cohort 1), below the policy's minCoverage 100%. Not covered: orders.theory.", coverage.Message);
    }

    [Fact]
    public void Under_transitional_a_low_risk_gap_warns_but_the_coverage_floor_still_blocks()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, Registry(Capability("orders.read"), Capability("orders.audit", risk: "low")), ", \"minCoverage\": 0.9", profile: "transitional");

        GateReport report = GateEvaluator.Evaluate(request).Report;

        Assert.Equal(CheckStatus.Warn, Check(report, "tenant:orders.audit").Status);
        Assert.Contains("no isolation test names it", Check(report, "tenant:orders.audit").Message);
        Assert.Equal(CheckStatus.Fail, Check(report, TenantIsolationCheck.CoverageCheckId).Status);
        Assert.False(report.IsGo);
    }

    [Fact]
    public void Pending_exempt_and_unknown_capabilities_are_judged_as_the_rollout_says()
    {
        using var dir = new TempDirectory();
        GateReport report = GateEvaluator.Evaluate(Repository(dir, Registry(
            Capability("orders.read"),
            Capability("orders.refund", sameTenant: "pending"),
            Capability("rates.read", sameTenant: "exempt", more: ", \"exemption\": { \"reason\": \"shared\", \"approvedBy\": \"lead-b\", \"expires\": \"2027-01-01T00:00:00Z\" }"),
            Capability("later.exempt", sameTenant: "exempt", cohort: 2, more: ", \"exemption\": { \"reason\": \"shared\", \"approvedBy\": \"TEAM-A\", \"expires\": \"2027-01-01T00:00:00Z\" }"),
            Capability("later.pending", sameTenant: "pending", cohort: null)))).Report;

        Assert.Equal(("GOV6001", CheckStatus.Fail), (Check(report, "tenant:orders.refund").Code, Check(report, "tenant:orders.refund").Status));
        Assert.Equal(CheckStatus.Pass, Check(report, "tenant:rates.read").Status);
        Assert.Contains("exempt from same_tenant until 2027-01-01T00:00:00Z, approved by lead-b: shared", Check(report, "tenant:rates.read").Message);
        // Outside a required cohort a self-approved exemption warns; a pending capability is not judged.
        Assert.Equal(("GOV6004", CheckStatus.Warn), (Check(report, "tenant:later.exempt").Code, Check(report, "tenant:later.exempt").Status));
        Assert.DoesNotContain(report.Checks, c => c.Id == "tenant:later.pending");
        Assert.Equal((3, 2), (report.Tenants!.Required, report.Tenants.Covered));
        Assert.Equal(new int?[] { 1, 2, null }, report.Tenants.Cohorts.Select(c => c.Cohort).ToArray());
    }

    [Theory]
    [InlineData("{ \"capabilities\": [ { \"id\": \"a\", } ] }", "GOV1001", 1)]
    [InlineData("{ \"capabilities\": [ { \"id\": \"a\", \"owner\": \"o\", \"channel\": \"web\", \"risk\": \"high\", \"sameTenant\": \"enforced\" } ] }", "GOV1002", 1)]
    [InlineData("{ \"capabilities\": [\n { \"id\": \"a\", \"owner\": \"o\", \"channel\": \"public\", \"risk\": \"high\", \"sameTenant\": \"enforced\" },\n { \"id\": \"A\", \"owner\": \"o\", \"channel\": \"public\", \"risk\": \"high\", \"sameTenant\": \"enforced\" } ] }", "GOV1002", 3)]
    public void A_registry_that_cannot_be_used_is_an_error_at_its_position_and_nothing_is_judged(string registry, string code, int line)
    {
        using var dir = new TempDirectory();
        GateReport report = GateEvaluator.Evaluate(Repository(dir, registry)).Report;

        CheckResult error = Assert.Single(report.Checks, c => c.Id == TenantIsolationCheck.RegistryCheckId && c.IsBlocking);
        Assert.Equal((code, CheckStatus.Error), (error.Code, error.Status));
        Assert.Equal(line, error.Locations.Single().Line);
        Assert.True(error.Locations.Single().Column > 0);
        Assert.Null(report.Tenants);
        Assert.DoesNotContain(report.Checks, c => c.Id.StartsWith("tenant:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_test_assembly_that_is_gone_is_an_error_naming_it()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, Registry(Capability("orders.read")));
        File.Delete(dir.Combine("tests/Lab/bin/XunitLab.dll"));

        GateReport report = GateEvaluator.Evaluate(request).Report;

        CheckResult error = Assert.Single(report.Checks, c => c.Id == TenantIsolationCheck.ResultsCheckId && c.IsBlocking);
        Assert.Equal("GOV1005", error.Code);
        Assert.Contains("The test assembly tests/Lab/bin/XunitLab.dll that artifacts/test-results/unit.trx names for 10 result(s) cannot be found", error.Message);
        Assert.False(report.IsGo);
    }

    [Fact]
    public void The_matrix_and_rollout_are_deterministic_and_the_decision_replays_without_the_test_assembly()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, Registry(Capability("orders.read"), Capability("orders.write", cohort: 2), Capability("reports.share", sameTenant: "pending", cohort: null)));

        string package = EvidencePackageTests.Gate(request, dir.Combine("artifacts"));
        byte[] matrix = File.ReadAllBytes(dir.Combine("artifacts/" + GateOutputs.TenantMatrixFileName));
        string rollout = File.ReadAllText(dir.Combine("artifacts/" + GateOutputs.TenantRolloutFileName));
        EvidencePackageTests.Gate(request, dir.Combine("artifacts"));

        Assert.Equal(matrix, File.ReadAllBytes(dir.Combine("artifacts/" + GateOutputs.TenantMatrixFileName)));
        Assert.Empty(Json.SchemaValidator.Validate("matrix.json", Encoding.UTF8.GetString(matrix), "tenant-isolation-matrix.schema.json"));
        Assert.Contains("| 1 | yes | 1 | 1 | 0 | 0 | 1 | 100% |", rollout);
        Assert.Contains("| 2 | no | 1 | 1 | 0 | 0 | 1 | 100% |", rollout);
        Assert.Contains("| unscheduled | no | 1 | 0 | 1 | 0 | 0 | 0% |", rollout);
        using (JsonDocument parsed = JsonDocument.Parse(matrix))
        {
            JsonElement read = parsed.RootElement.GetProperty("capabilities")[0];
            JsonElement test = read.GetProperty("scenarios")[0].GetProperty("tests")[0];
            Assert.Equal(("Lab.Xunit.OrderTests.ReadOrders_IsIsolated", "passed", "trait", "XunitLab.dll"),
                (test.GetProperty("fullName").GetString(), test.GetProperty("outcome").GetString(), test.GetProperty("via").GetString(), test.GetProperty("assembly").GetString()));
        }

        File.Delete(dir.Combine("tests/Lab/bin/XunitLab.dll"));
        ReplayResult replay = EvidenceReplay.Replay(package);

        Assert.False(replay.HasDrift, string.Join("\n", replay.Drifts));
    }

    [Fact]
    public void Blocking_runs_are_recorded_once_per_commit_and_the_trend_shows_them()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, Registry(Capability("orders.read"), Capability("orders.write", sameTenant: "pending", cohort: 2)));

        Assert.Empty(GateRecorder.Record(GateEvaluator.Evaluate(request)));
        GateEvaluation rerun = GateEvaluator.Evaluate(request);
        Assert.Empty(GateRecorder.Record(rerun));

        string history = dir.Combine(".governance/store/streams/tenant-history/app");
        Assert.Single(Directory.GetFiles(history, "*.json"));
        Assert.DoesNotContain(rerun.Records, r => r.Stream.StartsWith("tenant-history/", StringComparison.Ordinal));
        TenantTrendPoint point = Assert.Single(rerun.Tenants!.Trend);
        Assert.Equal((1L, 1, 1, 1, 1), (point.Sequence!.Value, point.Required, point.Covered, point.Enforced, point.Pending));
    }

    [Fact]
    public void A_required_cohort_without_capabilities_fails_coverage_instead_of_holding_nothing()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, Registry(Capability("orders.read")));
        Assert.Equal(CheckStatus.Pass, Check(GateEvaluator.Evaluate(request).Report, TenantIsolationCheck.CoverageCheckId).Status);
        File.WriteAllText(dir.Combine("governance.json"), File.ReadAllText(dir.Combine("governance.json")).Replace("\"requiredCohorts\": [1]", "\"requiredCohorts\": [1, 3]"));

        CheckResult coverage = Check(GateEvaluator.Evaluate(request).Report, TenantIsolationCheck.CoverageCheckId);

        Assert.Equal((CheckStatus.Fail, "GOV6003"), (coverage.Status, coverage.Code));
        Assert.StartsWith("The required cohort 3 has no capabilities in capabilities.json, so it holds nothing to same_tenant.", coverage.Message);
    }

    [Theory]
    [InlineData(1999, 2000, "99.9%")]
    [InlineData(1, 3, "33.3%")]
    [InlineData(2, 3, "66.6%")]
    [InlineData(3, 3, "100%")]
    public void Coverage_is_rounded_down_so_a_gap_never_shows_as_the_target(int covered, int required, string shown) =>
        Assert.Equal(shown, TenantIsolationCheck.Percent((double)covered / required));

    [Fact]
    public void MSTest_results_need_no_test_assembly_as_their_adapter_writes_every_category_into_the_TRX()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, Registry(Capability("orders.read")), lab: "Mstest");
        File.Delete(dir.Combine("tests/Lab/bin/MstestLab.dll"));

        GateReport report = GateEvaluator.Evaluate(request).Report;

        Assert.DoesNotContain(report.Checks, c => c.Code == "GOV1005");
        Assert.Equal(CheckStatus.Pass, Check(report, "tenant:orders.read").Status);
    }

    [Fact]
    public void A_run_whose_results_could_not_all_be_read_is_not_recorded_in_the_history()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, Registry(Capability("orders.read")));
        File.Delete(dir.Combine("tests/Lab/bin/XunitLab.dll"));

        GateEvaluation evaluation = GateEvaluator.Evaluate(request);

        Assert.DoesNotContain(evaluation.Records, r => r.Stream.StartsWith("tenant-history/", StringComparison.Ordinal));
        Assert.Null(Assert.Single(evaluation.Tenants!.Trend).Sequence);
    }
}
