using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Governance.Core.Evaluation;
using Governance.Core.Policy;
using Governance.Core.Slos;
using Governance.Core.Store;
using Governance.Core.Store.FileSystem;

namespace Governance.Core.Tests.Slos;

public class SloEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static SloDefinition PassRate(int? window = null, int? maxBreaches = null, Severity severity = Severity.Medium) =>
        new("tests-pass-rate", "tests.passRate", SloDirection.Higher, 0.99, 0.97, 0.90, window, maxBreaches, severity, 12);

    private static SloDefinition Latency() =>
        new("latency", "latency.p95Ms", SloDirection.Lower, 200, 300, 500, null, null, Severity.Medium, 20);

    private static MetricSet Metrics(params (string Name, double Value)[] values) =>
        new(values.ToDictionary(v => v.Name, v => new MetricValue(v.Name, v.Value, new[] { "/repo/m.json" })), Array.Empty<CheckResult>(), Array.Empty<EvidenceReference>());

    /// <summary>One gate run's SLO part as the gate does it: evaluate, apply the profile, then record the run.</summary>
    private static SloEvaluation Evaluate(SloDefinition slo, double? value, PolicyProfile profile = PolicyProfile.Strict, GateMode mode = GateMode.Blocking, IReleaseStore? store = null, string commit = "c1")
    {
        SloEvaluation evaluation = SloEvaluator.Evaluate(
            new GovernancePolicy { FilePath = "/repo/governance.json", Slos = new[] { slo } },
            value is double v ? Metrics((slo.Metric, v)) : Metrics(),
            mode, store, "Contoso", "main", commit, Now);
        if (store is not null && evaluation.Record is not null)
        {
            HashChain.Append(store, evaluation.Record);
        }

        return evaluation with { Checks = evaluation.Checks.Select(c => GateProfile.Apply(c, profile)).ToArray() };
    }

    [Theory]
    [InlineData(1.00, PolicyProfile.Strict, "GOV5001", CheckStatus.Pass)]
    [InlineData(0.99, PolicyProfile.Strict, "GOV5001", CheckStatus.Pass)]      // equal to warn is not beyond it
    [InlineData(0.98, PolicyProfile.Strict, "GOV5001", CheckStatus.Warn)]
    [InlineData(0.98, PolicyProfile.Transitional, "GOV5001", CheckStatus.Warn)]
    [InlineData(0.97, PolicyProfile.Strict, "GOV5001", CheckStatus.Warn)]      // equal to softFail is not beyond it
    [InlineData(0.96, PolicyProfile.Strict, "GOV5002", CheckStatus.Fail)]
    [InlineData(0.96, PolicyProfile.Transitional, "GOV5002", CheckStatus.Warn)]
    [InlineData(0.90, PolicyProfile.Strict, "GOV5002", CheckStatus.Fail)]      // equal to hardFail is not beyond it
    [InlineData(0.89, PolicyProfile.Strict, "GOV5003", CheckStatus.Fail)]
    [InlineData(0.89, PolicyProfile.Transitional, "GOV5003", CheckStatus.Fail)]
    public void Each_tier_under_each_profile_with_boundaries_not_beyond(double value, PolicyProfile profile, string code, CheckStatus status)
    {
        CheckResult result = Assert.Single(Evaluate(PassRate(), value, profile).Checks);

        Assert.Equal((code, status), (result.Code, result.Status));
    }

    [Theory]
    [InlineData(200, "GOV5001", CheckStatus.Pass)]
    [InlineData(201, "GOV5001", CheckStatus.Warn)]
    [InlineData(301, "GOV5002", CheckStatus.Fail)]
    [InlineData(500, "GOV5002", CheckStatus.Fail)]
    [InlineData(501, "GOV5003", CheckStatus.Fail)]
    public void Lower_is_better_SLOs_breach_upwards(double value, string code, CheckStatus status)
    {
        CheckResult result = Assert.Single(Evaluate(Latency(), value).Checks);

        Assert.Equal((code, status), (result.Code, result.Status));
    }

    [Fact]
    public void A_hard_failure_blocks_under_transitional_even_at_low_severity()
    {
        CheckResult result = Assert.Single(Evaluate(PassRate(severity: Severity.Low), 0.5, PolicyProfile.Transitional).Checks);

        // The SLO keeps the severity its policy gives; the profile rule, not a raised severity, makes it block.
        Assert.Equal((CheckStatus.Fail, Severity.Low, ProfileRule.EveryProfile), (result.Status, result.Severity, result.ProfileRule));
    }

    [Fact]
    public void A_soft_failure_warns_under_transitional_whatever_its_severity_with_its_own_wording()
    {
        CheckResult strict = Assert.Single(Evaluate(PassRate(severity: Severity.Critical), 0.96).Checks);
        CheckResult transitional = Assert.Single(Evaluate(PassRate(severity: Severity.Critical), 0.96, PolicyProfile.Transitional).Checks);

        Assert.Equal((CheckStatus.Fail, CheckStatus.Warn), (strict.Status, transitional.Status));
        Assert.EndsWith("this fails under strict.", strict.Message);
        Assert.EndsWith("(transitional profile: a warning; under strict it fails).", transitional.Message);
    }

    [Theory]
    [InlineData(PolicyProfile.Strict)]
    [InlineData(PolicyProfile.Transitional)]
    public void No_data_never_passes(PolicyProfile profile)
    {
        SloEvaluation evaluation = Evaluate(PassRate(), null, profile);

        CheckResult result = Assert.Single(evaluation.Checks);
        Assert.Equal(("GOV5005", CheckStatus.Fail), (result.Code, result.Status));
        Assert.Equal(SloTier.NoData, Assert.Single(evaluation.Outcomes).Tier);
    }

    [Theory]
    [InlineData(0.97, 0.99, 0.90, "must not increase")]
    [InlineData(null, null, null, "none of warn")]
    [InlineData(double.PositiveInfinity, null, null, "not a finite number")]
    public void Thresholds_out_of_order_or_missing_are_configuration_errors(double? warn, double? softFail, double? hardFail, string named)
    {
        var slo = new SloDefinition("s", "m", SloDirection.Higher, warn, softFail, hardFail, null, null, Severity.High, 7);

        CheckResult result = Assert.Single(Evaluate(slo, 1).Checks);

        Assert.Equal(("GOV1002", CheckStatus.Error, 7), (result.Code, result.Status, result.Locations[0].Line));
        Assert.Contains(named, result.Message);
    }

    [Fact]
    public void A_soft_failure_repeated_within_the_window_is_GOV5004_under_every_profile_and_points_to_rollback_guidance()
    {
        using var dir = new TempDirectory();
        var store = new DirectoryReleaseStore(dir.Path);
        SloDefinition slo = PassRate(window: 3, maxBreaches: 2);

        SloEvaluation first = Evaluate(slo, 0.95, store: store, commit: "c1");
        SloEvaluation recovered = Evaluate(slo, 0.995, store: store, commit: "c2");
        SloEvaluation second = Evaluate(slo, 0.96, PolicyProfile.Transitional, store: store, commit: "c3");

        Assert.DoesNotContain(first.Checks, c => c.Code == "GOV5004");
        Assert.DoesNotContain(recovered.Checks, c => c.Code == "GOV5004");
        CheckResult repeated = Assert.Single(second.Checks, c => c.Code == "GOV5004");
        Assert.Equal(CheckStatus.Fail, repeated.Status);
        Assert.Contains("docs/slo-policy.md#rollback-guidance-for-repeated-breaches", repeated.Message);
        SloOutcome outcome = Assert.Single(second.Outcomes);
        Assert.Equal(2, outcome.Breaches);
        Assert.Equal(new long?[] { 1, 2, 3 }, outcome.Trend.Select(p => p.Sequence));
        Assert.Equal(new[] { "c1", "c2", "c3" }, outcome.Trend.Select(p => p.Commit));
    }

    [Fact]
    public void Breaches_older_than_the_window_do_not_count_and_informational_runs_are_not_recorded()
    {
        using var dir = new TempDirectory();
        var store = new DirectoryReleaseStore(dir.Path);
        SloDefinition slo = PassRate(window: 2, maxBreaches: 2);
        Evaluate(slo, 0.95, store: store, commit: "c1");
        Evaluate(slo, 0.995, store: store, commit: "c2");

        SloEvaluation informational = Evaluate(slo, 0.95, mode: GateMode.Informational, store: store, commit: "c3");

        Assert.DoesNotContain(informational.Checks, c => c.Code == "GOV5004");
        Assert.Null(informational.Planned);
        Assert.Equal(new long?[] { 2, null }, Assert.Single(informational.Outcomes).Trend.Select(p => p.Sequence));
        Assert.Equal(2, SloHistory.Read(store, "Contoso").Entries.Count);
    }

    [Fact]
    public void An_informational_run_of_the_recorded_commit_counts_once_in_its_trend()
    {
        using var dir = new TempDirectory();
        var store = new DirectoryReleaseStore(dir.Path);
        Evaluate(PassRate(window: 3, maxBreaches: 2), 0.95, store: store);

        SloEvaluation informational = Evaluate(PassRate(window: 3, maxBreaches: 2), 0.95, mode: GateMode.Informational, store: store);

        SloOutcome outcome = Assert.Single(informational.Outcomes);
        Assert.Equal(new long?[] { 1 }, outcome.Trend.Select(p => p.Sequence));
        Assert.DoesNotContain(informational.Checks, c => c.Code == "GOV5004");
    }

    [Fact]
    public void A_rerun_of_the_same_commit_with_the_same_outcomes_is_recorded_once()
    {
        using var dir = new TempDirectory();
        var store = new DirectoryReleaseStore(dir.Path);

        SloEvaluation first = Evaluate(PassRate(window: 5, maxBreaches: 2), 0.95, store: store);
        SloEvaluation rerun = Evaluate(PassRate(window: 5, maxBreaches: 2), 0.95, store: store);

        Assert.NotNull(first.Planned);
        Assert.Null(rerun.Planned);
        Assert.Single(SloHistory.Read(store, "Contoso").Entries);
        Assert.DoesNotContain(rerun.Checks, c => c.Code == "GOV5004");
    }

    [Fact]
    public void A_history_entry_a_newer_SDK_wrote_is_GOV1003_and_nothing_is_appended()
    {
        using var dir = new TempDirectory();
        var store = new DirectoryReleaseStore(dir.Path);
        Evaluate(PassRate(window: 5, maxBreaches: 2), 0.95, store: store, commit: "c1");
        string entry = Directory.GetFiles(dir.Combine("streams/slo-history/contoso"), "*.json").Single();
        File.WriteAllText(entry, File.ReadAllText(entry).Replace("\"schemaVersion\": \"1\"", "\"schemaVersion\": \"3\""));

        SloEvaluation next = Evaluate(PassRate(window: 5, maxBreaches: 2), 0.95, store: store, commit: "c2");

        CheckResult newer = Assert.Single(next.Checks, c => c.Id == "slo-history");
        Assert.Equal(("GOV1003", CheckStatus.Error), (newer.Code, newer.Status));
        Assert.Contains("a newer Governance.Sdk wrote", newer.Message, StringComparison.Ordinal);
        Assert.Null(next.Planned);
    }

    [Theory]
    [InlineData("edit-value")]
    [InlineData("edit-last")]
    [InlineData("remove")]
    public void An_edited_history_is_detected_and_nothing_is_appended_to_it(string tampering)
    {
        using var dir = new TempDirectory();
        var store = new DirectoryReleaseStore(dir.Path);
        for (int run = 1; run <= 3; run++)
        {
            Evaluate(PassRate(window: 5, maxBreaches: 2), 0.95, store: store, commit: "c" + run);
        }

        string[] entries = Directory.GetFiles(dir.Combine("streams/slo-history/contoso"), "*.json").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        switch (tampering)
        {
            case "edit-value":
                File.WriteAllText(entries[0], File.ReadAllText(entries[0]).Replace("0.95", "0.995").Replace("soft-fail", "ok"));
                break;
            case "edit-last":
                File.WriteAllText(entries[2], File.ReadAllText(entries[2]).Replace("\"c3\"", "\"c9\""));
                break;
            default:
                File.Delete(entries[1]);
                break;
        }

        SloEvaluation next = Evaluate(PassRate(window: 5, maxBreaches: 2), 0.95, store: store, commit: "c4");

        CheckResult tampered = Assert.Single(next.Checks, c => c.Id == "slo-history");
        Assert.Equal(("GOV5006", CheckStatus.Error), (tampered.Code, tampered.Status));
        Assert.Null(next.Planned);
        Assert.Equal(tampering == "remove" ? 2 : 3, Directory.GetFiles(dir.Combine("streams/slo-history/contoso"), "*.json").Length);
    }

    /// <summary>
    /// Security review, issue 13 item 8: GOV5006 was an ordinary failure, so an approved exception
    /// naming <c>slo-history</c> (or GOV5006) waived it and the repeated-breach rule disappeared.
    /// </summary>
    [Theory]
    [InlineData("tampered", "slo-history")]
    [InlineData("tampered", "GOV5006")]
    [InlineData("unreadable", "slo-history")]
    public void A_broken_or_unreadable_history_is_an_error_no_exception_waives(string damage, string named)
    {
        using var dir = new TempDirectory();
        var store = new DirectoryReleaseStore(dir.Path);
        for (int run = 1; run <= 2; run++)
        {
            Evaluate(PassRate(window: 5, maxBreaches: 2), 0.95, store: store, commit: "c" + run);
        }

        if (damage == "tampered")
        {
            // Hide the first breach so the window shows one breach instead of three.
            string first = Directory.GetFiles(dir.Combine("streams/slo-history/contoso"), "*.json").OrderBy(f => f, StringComparer.Ordinal).First();
            File.WriteAllText(first, File.ReadAllText(first).Replace("0.95", "0.995").Replace("soft-fail", "ok"));
        }

        // Unreadable: a real git store whose remote is not there, as a job without access sees it.
        IReleaseStore used = damage == "tampered"
            ? store
            : ReleaseStoreFactory.Open("git:" + dir.Combine("no-such-remote.git"), dir.Path, name => name == "GOVERNANCE_STORE_CACHE" ? dir.Combine("cache") : null);
        SloEvaluation next = Evaluate(PassRate(window: 5, maxBreaches: 2), 0.95, store: used, commit: "c3");
        GateClock.TryParseRfc3339("2026-11-01T00:00:00Z", out DateTimeOffset created);
        var exception = new Governance.Core.Exceptions.GovernanceException(
            "EX-1", named, "*", "history is being restored", "dev-a", "lead-b", created, created.AddDays(60), 2);
        var (checks, waivers) = Governance.Core.Exceptions.ExceptionApplier.Apply(
            next.Checks, new Governance.Core.Exceptions.ExceptionSet(new[] { exception }, "/repo/governance.exceptions.json", new string('a', 64), Array.Empty<CheckResult>()),
            Now, new GovernancePolicy());

        CheckResult historyCheck = Assert.Single(checks, c => c.Id == "slo-history");
        Assert.Equal((damage == "tampered" ? "GOV5006" : "GOV1010", CheckStatus.Error, null), (historyCheck.Code, historyCheck.Status, historyCheck.WaivedBy));
        Assert.True(historyCheck.IsBlocking);
        Assert.Empty(waivers);
        CheckResult refused = Assert.Single(checks, c => c.Id == "exception:EX-1");
        Assert.Equal(("GOV5107", CheckStatus.Warn), (refused.Code, refused.Status));
        Assert.Contains("no exception waives what was not checked", refused.Message);
        Assert.Equal(CheckStatus.Error, GateProfile.Apply(historyCheck, PolicyProfile.Transitional).Status);
    }

    [Fact]
    public void Concurrent_appends_all_land_in_one_unbroken_chain()
    {
        using var dir = new TempDirectory();
        var store = new DirectoryReleaseStore(dir.Path);
        var outcomes = new[] { new SloRecord("tests-pass-rate", 0.98, SloTier.Warn) };

        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            Assert.NotNull(SloHistory.Append(new DirectoryReleaseStore(dir.Path), "Contoso", Now, "main", "c" + i, outcomes).Appended));

        SloHistoryRead history = SloHistory.Read(store, "Contoso");
        Assert.Null(history.Problem);
        Assert.Equal(40, history.Entries.Count);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => "c" + i).OrderBy(c => c), history.Entries.Select(e => e.Commit).OrderBy(c => c));
    }
}
