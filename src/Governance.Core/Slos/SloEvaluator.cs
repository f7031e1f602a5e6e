using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Policy;
using Governance.Core.Store;

namespace Governance.Core.Slos;

/// <summary>
/// Evaluates the policy's SLOs against the metrics (docs/slo-policy.md). Beyond a threshold means
/// strictly worse than it in the SLO's direction; equal is not beyond. Tiers: beyond
/// <c>warn</c> GOV5001 (a warning), beyond <c>softFail</c> GOV5002 (fails under strict, warns under
/// transitional), beyond <c>hardFail</c> GOV5003 (fails under every profile), no value GOV5005
/// (fails: no data never passes). A soft failure repeated in <c>maxBreaches</c> of the last
/// <c>window</c> runs is GOV5004 and fails under every profile. A blocking run is recorded in the
/// subject's history in the release store, after the gate's outputs are written.
/// </summary>
public sealed class SloEvaluator : IGateCheck
{
    /// <summary>Where the rollback guidance for repeated breaches is (GOV5004 messages point there).</summary>
    public const string RollbackGuidance = "docs/slo-policy.md#rollback-guidance-for-repeated-breaches";

    public void Run(GateContext context, GateFindings findings)
    {
        if (context.Policy is not { Slos.Count: > 0 } policy)
        {
            return;
        }

        MetricSet metrics = MetricReader.Read(policy.Metrics, context.Root, policy.FilePath!, context.Inputs);
        findings.AddRange(metrics.Problems);
        SloEvaluation evaluation = Evaluate(policy, metrics, context.Mode, context.Store, context.Subject.Name, context.Subject.Branch, context.Subject.Commit, context.Now);
        findings.AddRange(evaluation.Checks);
        findings.Slos.AddRange(evaluation.Outcomes);
        if (evaluation.Record is not null)
        {
            findings.Records.Add(evaluation.Record);
        }
    }

    public static SloEvaluation Evaluate(
        GovernancePolicy policy, MetricSet metrics, GateMode mode,
        IReleaseStore? store, string subject, string branch, string commit, DateTimeOffset now)
    {
        var checks = new List<CheckResult>();
        var valid = new List<SloDefinition>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (SloDefinition slo in policy.Slos)
        {
            string? problem = !seen.Add(slo.Id) ? $"the id '{slo.Id}' is used by another SLO; give each SLO its own id" : Validate(slo);
            if (problem is null)
            {
                valid.Add(slo);
                continue;
            }

            checks.Add(new CheckResult(CheckId(slo), Gov.SchemaViolation, CheckStatus.Error, Severity.High,
                $"SLO '{slo.Id}' in {System.IO.Path.GetFileName(policy.FilePath)} is invalid: {problem}.",
                null, new[] { new Diagnostics.SourceLocation(policy.FilePath!, slo.Line) }, Array.Empty<EvidenceReference>()));
        }

        if (valid.Count == 0)
        {
            return new SloEvaluation(checks, Array.Empty<SloOutcome>(), null, null);
        }

        var current = valid.Select(slo => Measure(slo, metrics)).ToArray();
        var records = current.Select(c => new SloRecord(c.Slo.Id, c.Value, c.Tier)).ToArray();

        // The history: read always (for the trend); on a blocking run this run's entry is planned
        // after it, and the trend and messages see the history as it will be once it is recorded.
        IReadOnlyList<SloHistoryEntry> history = Array.Empty<SloHistoryEntry>();
        SloHistoryEntry? planned = null;
        if (store is not null)
        {
            CheckResult status;
            (history, planned, status) = ReadAndPlan(store, subject, mode, now, branch, commit, records);
            checks.Add(status);
        }

        bool currentIsRecorded = history.Count > 0 && history[history.Count - 1].SameRunAs(commit, records);
        var outcomes = new List<SloOutcome>();
        foreach ((SloDefinition slo, double? value, SloTier tier, IReadOnlyList<string> sources) in current)
        {
            IReadOnlyList<SloTrendPoint> trend = Trend(slo, value, tier, commit, history, currentIsRecorded);
            int breaches = trend.Count(p => p.Tier is SloTier.SoftFail or SloTier.HardFail);
            outcomes.Add(new SloOutcome(slo, value, tier, breaches, trend));
            checks.AddRange(Results(slo, value, tier, breaches, trend, metrics, sources, policy.FilePath!));
        }

        return new SloEvaluation(checks, outcomes, planned,
            planned is null ? null : SloHistory.Record(subject, now, branch, commit, records));
    }

    /// <summary>
    /// The subject's history as this run sees it (with this run's entry after it on a blocking run),
    /// the entry planned, and the <c>slo-history</c> result that says whether the history can be trusted.
    /// </summary>
    private static (IReadOnlyList<SloHistoryEntry> History, SloHistoryEntry? Planned, CheckResult Status) ReadAndPlan(
        IReleaseStore store, string subject, GateMode mode, DateTimeOffset now, string branch, string commit, IReadOnlyList<SloRecord> records)
    {
        CheckResult Status(CheckStatus status, string message, string? location = null, Diagnostics.DiagnosticDescriptor? rule = null) =>
            new("slo-history", rule ?? Gov.SloHistoryTampered, status, Severity.High, message, null,
                location is null ? Array.Empty<Diagnostics.SourceLocation>() : new[] { new Diagnostics.SourceLocation(location) },
                Array.Empty<EvidenceReference>());

        SloHistoryRead read;
        try
        {
            read = SloHistory.Read(store, subject);
        }
        catch (Exception ex) when (ex is System.IO.IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Unreachable or unreadable: the history may well be fine, so the advice is about
            // access, never about repairing it. An error, not a failure: what was not checked
            // cannot be waived, so no exception can make the repeated-breach rule disappear.
            return (Array.Empty<SloHistoryEntry>(), null, Status(CheckStatus.Error,
                $"The SLO history of '{subject}' in the release store cannot be read ({IO.RepoPath.DescribeFailure(ex)}), so the repeated-breach rule cannot be evaluated. Check that GovernanceStore is reachable and readable by this job, then run the gate again; the history itself is not changed.",
                rule: ex is StoreUnavailableException ? Gov.StoreUnavailable : null));
        }

        if (read.Problem is not null && read.NewerFormat)
        {
            // Written by a newer SDK sharing the store: an upgrade to make, not damage to repair.
            return (Array.Empty<SloHistoryEntry>(), null, Status(CheckStatus.Error,
                $"The SLO history of '{subject}' in the release store has an entry a newer Governance.Sdk wrote: {read.Problem}. Use that version of Governance.Sdk for this repository (global.json); this version neither evaluates the repeated-breach rule from the history nor appends to it.",
                read.ProblemLocation, Gov.UnsupportedSchemaVersion));
        }

        if (read.Problem is not null)
        {
            // A history that cannot be trusted cannot vouch for anything: the repeated-breach rule
            // cannot be evaluated. That is an error in every mode and profile, never a silent pass,
            // and never a failure an exception could waive.
            return (Array.Empty<SloHistoryEntry>(), null, Status(CheckStatus.Error,
                $"The SLO history of '{subject}' in the release store is not trustworthy: {read.Problem}. Nothing was appended. Restore the history from a backup of the store (or, if it was never shared, delete the subject's folder under streams/slo-history/ to start again) and run the gate again.",
                read.ProblemLocation));
        }

        IReadOnlyList<SloHistoryEntry> entries = read.Entries;
        SloHistoryEntry? last = entries.Count == 0 ? null : entries[entries.Count - 1];
        SloHistoryEntry? planned = null;
        if (mode == GateMode.Blocking && !(last is not null && last.SameRunAs(commit, records)))
        {
            planned = SloHistory.Plan(read, now, branch, commit, records);
            entries = entries.Concat(new[] { planned }).ToArray();
        }

        string recorded = last is null
            ? $"The SLO history of '{subject}' is empty"
            : $"The SLO history of '{subject}' is intact: {read.Entries.Count} run(s), the newest #{last.Sequence} (commit {last.Commit}, digest {last.Digest})";
        return (entries, planned, Status(CheckStatus.Pass,
            planned is not null ? $"{recorded}. This run is recorded as #{planned.Sequence} (digest {planned.Digest}) once the gate's outputs are written."
            : last is null ? $"{recorded}; this informational run, which is not recorded, is its first point."
            : $"{recorded}."));
    }

    public static string CheckId(SloDefinition slo) => $"slo:{slo.Id}";

    /// <summary>Why the thresholds cannot be right, or null: they must be ordered from mild to severe in the SLO's direction.</summary>
    private static string? Validate(SloDefinition slo)
    {
        double?[] thresholds = { slo.Warn, slo.SoftFail, slo.HardFail };
        if (thresholds.All(t => t is null))
        {
            return "it has none of warn, softFail and hardFail; give at least one threshold";
        }

        double[] given = thresholds.Where(t => t is not null).Select(t => t!.Value).ToArray();
        if (given.Any(t => double.IsNaN(t) || double.IsInfinity(t)))
        {
            return "a threshold is not a finite number (1e999 reads as infinity); give thresholds as ordinary numbers";
        }

        for (int i = 1; i < given.Length; i++)
        {
            bool ordered = slo.Direction == SloDirection.Higher ? given[i - 1] >= given[i] : given[i - 1] <= given[i];
            if (!ordered)
            {
                return slo.Direction == SloDirection.Higher
                    ? "with direction \"higher\", thresholds must not increase from warn to softFail to hardFail (for example warn 0.99, softFail 0.97, hardFail 0.90)"
                    : "with direction \"lower\", thresholds must not decrease from warn to softFail to hardFail (for example warn 200, softFail 300, hardFail 500)";
            }
        }

        if ((slo.Window is null) != (slo.MaxBreaches is null))
        {
            return "window and maxBreaches go together; give both (the repeated-breach rule) or neither";
        }

        if (slo.MaxBreaches > slo.Window)
        {
            return $"maxBreaches {slo.MaxBreaches} is more than window {slo.Window}, so the rule could never apply";
        }

        return null;
    }

    private static (SloDefinition Slo, double? Value, SloTier Tier, IReadOnlyList<string> Sources) Measure(SloDefinition slo, MetricSet metrics)
    {
        if (!metrics.Values.TryGetValue(slo.Metric, out MetricValue? metric) || double.IsNaN(metric.Value) || double.IsInfinity(metric.Value))
        {
            return (slo, null, SloTier.NoData, Array.Empty<string>());
        }

        double value = metric.Value;
        SloTier tier = Beyond(slo, value, slo.HardFail) ? SloTier.HardFail
            : Beyond(slo, value, slo.SoftFail) ? SloTier.SoftFail
            : Beyond(slo, value, slo.Warn) ? SloTier.Warn
            : SloTier.Ok;
        return (slo, value, tier, metric.Sources);
    }

    /// <summary>Strictly worse than the threshold: a value equal to it is not beyond it.</summary>
    public static bool Beyond(SloDefinition slo, double value, double? threshold) =>
        threshold is double t && (slo.Direction == SloDirection.Higher ? value < t : value > t);

    private static IReadOnlyList<SloTrendPoint> Trend(SloDefinition slo, double? value, SloTier tier, string commit, IReadOnlyList<SloHistoryEntry> history, bool currentIsRecorded)
    {
        var points = history
            .Select(e => (Entry: e, Record: e.Outcomes.FirstOrDefault(o => o.Slo == slo.Id)))
            .Where(x => x.Record is not null)
            .Select(x => new SloTrendPoint(x.Entry.Sequence, x.Entry.Commit, x.Record!.Value, x.Record.Tier))
            .ToList();
        if (!currentIsRecorded)
        {
            points.Add(new SloTrendPoint(null, commit, value, tier));
        }

        int window = slo.Window ?? 1;
        return points.Skip(Math.Max(0, points.Count - window)).ToArray();
    }

    private static IEnumerable<CheckResult> Results(
        SloDefinition slo, double? value, SloTier tier, int breaches, IReadOnlyList<SloTrendPoint> trend,
        MetricSet metrics, IReadOnlyList<string> sources, string policyFile)
    {
        string id = CheckId(slo);
        var evidence = metrics.Files.Where(f => sources.Contains(f.Path)).ToArray();
        var locations = sources.Take(1).Select(s => new Diagnostics.SourceLocation(s)).ToArray();
        string shown = value is double v ? MetricReader.Format(v) : "no value";
        string what = $"SLO '{slo.Id}' ({slo.Metric} {shown}, {Describe(slo)})";

        CheckResult Result(DiagnosticDescriptor rule, CheckStatus status, string message, ProfileRule profileRule = ProfileRule.BySeverity) =>
            new(id, rule, status, slo.Severity, message, null, locations, evidence) { ProfileRule = profileRule };

        switch (tier)
        {
            case SloTier.NoData:
                // No metric file to point at: the SLO's entry in the policy is where the fix starts.
                yield return new CheckResult(id, Gov.SloNoData, CheckStatus.Fail, slo.Severity,
                    $"SLO '{slo.Id}' has no data: no usable value for {slo.Metric}. No metric file gives it, a file that gives it was rejected (see the GOV1xxx findings), or it is a ratio over nothing (a pass rate with no tests run). No data never passes: produce the metric (see docs/slo-policy.md#metrics) and check the policy's metrics globs.",
                    null, new[] { new Diagnostics.SourceLocation(policyFile, slo.Line) }, Array.Empty<EvidenceReference>())
                { ProfileRule = ProfileRule.EveryProfile };
                yield break;
            case SloTier.HardFail:
                yield return Result(Gov.SloHardFail, CheckStatus.Fail, $"{what} is beyond its hardFail threshold {MetricReader.Format(slo.HardFail!.Value)}: this fails under every profile. Restore the metric before releasing.", ProfileRule.EveryProfile);
                break;
            case SloTier.SoftFail:
                string beyond = $"{what} is beyond its softFail threshold {MetricReader.Format(slo.SoftFail!.Value)}";
                yield return Result(Gov.SloSoftFail, CheckStatus.Fail, beyond + ": this fails under strict.", ProfileRule.StrictOnly) with
                {
                    TransitionalMessage = beyond + " (transitional profile: a warning; under strict it fails).",
                };
                break;
            case SloTier.Warn:
                yield return Result(Gov.SloWarn, CheckStatus.Warn, $"{what} is beyond its warn threshold {MetricReader.Format(slo.Warn!.Value)}.");
                break;
            default:
                yield return Result(Gov.SloWarn, CheckStatus.Pass, $"{what} meets its objective.");
                break;
        }

        if (tier is SloTier.SoftFail or SloTier.HardFail && slo.MaxBreaches is int maxBreaches && breaches >= maxBreaches)
        {
            string runs = string.Join(", ", trend.Select(p => (p.Value is double pv ? MetricReader.Format(pv) : "no value") + " (" + Names.Of(p.Tier) + ")"));
            yield return Result(Gov.SloRepeatedBreach, CheckStatus.Fail,
                $"SLO '{slo.Id}' breached softFail or worse in {breaches} of the last {trend.Count} run(s) (maxBreaches {maxBreaches}, window {slo.Window}): {runs}. A repeated breach fails under every profile. Follow the rollback guidance ({RollbackGuidance}): roll back to the last release that met the SLO, or record an approved exception while it is fixed.",
                ProfileRule.EveryProfile);
        }
    }

    private static string Describe(SloDefinition slo)
    {
        var parts = new List<string> { slo.Direction == SloDirection.Higher ? "higher is better" : "lower is better" };
        void Add(string name, double? threshold)
        {
            if (threshold is double t)
            {
                parts.Add(name + " " + t.ToString("0.######", CultureInfo.InvariantCulture));
            }
        }

        Add("warn", slo.Warn);
        Add("softFail", slo.SoftFail);
        Add("hardFail", slo.HardFail);
        return string.Join(", ", parts);
    }
}
