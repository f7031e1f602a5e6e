using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Policy;
using Governance.Core.Store;

namespace Governance.Core.Slos;

/// <summary>A point of an SLO's trend: one run, recorded (with its sequence) or the current unrecorded one.</summary>
public sealed record SloTrendPoint(long? Sequence, string Commit, double? Value, SloTier Tier);

/// <summary>An SLO as the report shows it: its value and tier in this run, and its recent trend.</summary>
/// <param name="Breaches">Runs in the window (this one included) at soft-fail or worse.</param>
/// <param name="Trend">The last <c>window</c> runs (or this run alone without a window), oldest first.</param>
public sealed record SloOutcome(SloDefinition Slo, double? Value, SloTier Tier, int Breaches, IReadOnlyList<SloTrendPoint> Trend);

/// <summary>The SLO part of an evaluation: the check results, the outcomes for the report, and the history entry recorded (if any).</summary>
public sealed record SloEvaluation(IReadOnlyList<CheckResult> Checks, IReadOnlyList<SloOutcome> Outcomes, SloHistoryEntry? Recorded);

/// <summary>
/// Evaluates the policy's SLOs against the metrics (docs/slo-policy.md). Beyond a threshold means
/// strictly worse than it in the SLO's direction; equal is not beyond. Tiers: beyond
/// <c>warn</c> GOV5001 (a warning), beyond <c>softFail</c> GOV5002 (fails under strict, warns under
/// transitional), beyond <c>hardFail</c> GOV5003 (fails under every profile), no value GOV5005
/// (fails: no data never passes). A soft failure repeated in <c>maxBreaches</c> of the last
/// <c>window</c> runs is GOV5004 and fails under every profile. On a blocking run the outcomes
/// are appended to the subject's history in the release store.
/// </summary>
public static class SloEvaluator
{
    /// <summary>Where the rollback guidance for repeated breaches is (GOV5004 messages point there).</summary>
    public const string RollbackGuidance = "docs/slo-policy.md#rollback-guidance-for-repeated-breaches";

    public static SloEvaluation Evaluate(
        GovernancePolicy policy, MetricSet metrics, PolicyProfile profile, GateMode mode,
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
            return new SloEvaluation(checks, Array.Empty<SloOutcome>(), null);
        }

        var current = valid.Select(slo => Measure(slo, metrics)).ToArray();
        var records = current.Select(c => new SloRecord(c.Slo.Id, c.Value, c.Tier)).ToArray();

        // The history: read always (for the trend), appended on blocking runs (not again for a rerun).
        IReadOnlyList<SloHistoryEntry> history = Array.Empty<SloHistoryEntry>();
        SloHistoryEntry? recorded = null;
        if (store is not null)
        {
            CheckResult status;
            (history, recorded, status) = ReadAndRecord(store, subject, mode, now, branch, commit, records);
            checks.Add(status);
        }

        bool currentIsRecorded = history.Count > 0 && history[history.Count - 1].SameRunAs(commit, records);
        var outcomes = new List<SloOutcome>();
        foreach ((SloDefinition slo, double? value, SloTier tier, IReadOnlyList<string> sources) in current)
        {
            IReadOnlyList<SloTrendPoint> trend = Trend(slo, value, tier, commit, history, currentIsRecorded);
            int breaches = trend.Count(p => p.Tier is SloTier.SoftFail or SloTier.HardFail);
            outcomes.Add(new SloOutcome(slo, value, tier, breaches, trend));
            checks.AddRange(Results(slo, value, tier, breaches, trend, profile, metrics, sources, policy.FilePath!));
        }

        return new SloEvaluation(checks, outcomes, recorded);
    }

    /// <summary>
    /// The subject's history as this run sees it (with this run appended on a blocking run), the
    /// entry appended, and the <c>slo-history</c> result that says whether the history can be trusted.
    /// </summary>
    private static (IReadOnlyList<SloHistoryEntry> History, SloHistoryEntry? Recorded, CheckResult Status) ReadAndRecord(
        IReleaseStore store, string subject, GateMode mode, DateTimeOffset now, string branch, string commit, IReadOnlyList<SloRecord> records)
    {
        CheckResult Status(CheckStatus status, string message, string? location = null) =>
            new("slo-history", Gov.SloHistoryTampered, status, Severity.High, message, null,
                location is null ? Array.Empty<Diagnostics.SourceLocation>() : new[] { new Diagnostics.SourceLocation(location) },
                Array.Empty<EvidenceReference>());

        SloHistoryRead read;
        SloHistoryEntry? recorded = null;
        try
        {
            (read, recorded) = mode == GateMode.Blocking
                ? SloHistory.Append(store, subject, now, branch, commit, records)
                : (SloHistory.Read(store, subject), null);
        }
        catch (Exception ex) when (ex is System.IO.IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            // Unreachable, read-only, or held by other runs for too long: the history may well be
            // fine, so the advice is about access, never about repairing it.
            return (Array.Empty<SloHistoryEntry>(), null, Status(CheckStatus.Fail,
                $"The SLO history of '{subject}' in the release store cannot be {(mode == GateMode.Blocking ? "read or appended to" : "read")} ({(ex is InvalidOperationException ? "other runs kept appending first" : IO.RepoPath.DescribeFailure(ex))}), so the repeated-breach rule cannot be evaluated. Check that GovernanceStore is reachable and writable by this job, then run the gate again; the history itself is not changed."));
        }

        if (read.Problem is not null)
        {
            // A history that cannot be trusted cannot vouch for anything: the repeated-breach rule
            // cannot be evaluated, which is a failure under every profile, never a silent pass.
            return (Array.Empty<SloHistoryEntry>(), null, Status(CheckStatus.Fail,
                $"The SLO history of '{subject}' in the release store is not trustworthy: {read.Problem}. Nothing was appended. Restore the history from a backup of the store (or, if it was never shared, delete the subject's folder under streams/slo-history/ to start again) and run the gate again.",
                read.ProblemLocation));
        }

        SloHistoryEntry? newest = read.Entries.Count == 0 ? null : read.Entries[read.Entries.Count - 1];
        return (read.Entries, recorded, Status(CheckStatus.Pass, newest is null
            ? $"The SLO history of '{subject}' is empty; this informational run, which is not recorded, is its first point."
            : $"The SLO history of '{subject}' is intact: {read.Entries.Count} run(s), the newest #{newest.Sequence} (commit {newest.Commit}, digest {newest.Digest})."));
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
        PolicyProfile profile, MetricSet metrics, IReadOnlyList<string> sources, string policyFile)
    {
        string id = CheckId(slo);
        var evidence = metrics.Files.Where(f => sources.Contains(f.Path)).ToArray();
        var locations = sources.Take(1).Select(s => new Diagnostics.SourceLocation(s)).ToArray();
        Severity blocking = slo.Severity > Severity.High ? slo.Severity : Severity.High;
        string shown = value is double v ? MetricReader.Format(v) : "no value";
        string what = $"SLO '{slo.Id}' ({slo.Metric} {shown}, {Describe(slo)})";

        CheckResult Result(DiagnosticDescriptor rule, CheckStatus status, Severity severity, string message) =>
            new(id, rule, status, severity, message, null, locations, evidence);

        switch (tier)
        {
            case SloTier.NoData:
                // No metric file to point at: the SLO's entry in the policy is where the fix starts.
                yield return new CheckResult(id, Gov.SloNoData, CheckStatus.Fail, blocking,
                    $"SLO '{slo.Id}' has no data: no usable value for {slo.Metric}. No metric file gives it, a file that gives it was rejected (see the GOV1xxx findings), or it is a ratio over nothing (a pass rate with no tests run). No data never passes: produce the metric (see docs/slo-policy.md#metrics) and check the policy's metrics globs.",
                    null, new[] { new Diagnostics.SourceLocation(policyFile, slo.Line) }, Array.Empty<EvidenceReference>());
                yield break;
            case SloTier.HardFail:
                yield return Result(Gov.SloHardFail, CheckStatus.Fail, blocking, $"{what} is beyond its hardFail threshold {MetricReader.Format(slo.HardFail!.Value)}: this fails under every profile. Restore the metric before releasing.");
                break;
            case SloTier.SoftFail:
                yield return profile == PolicyProfile.Strict
                    ? Result(Gov.SloSoftFail, CheckStatus.Fail, slo.Severity, $"{what} is beyond its softFail threshold {MetricReader.Format(slo.SoftFail!.Value)}: this fails under strict.")
                    : Result(Gov.SloSoftFail, CheckStatus.Warn, slo.Severity, $"{what} is beyond its softFail threshold {MetricReader.Format(slo.SoftFail!.Value)} (transitional profile: a warning; under strict it fails).");
                break;
            case SloTier.Warn:
                yield return Result(Gov.SloWarn, CheckStatus.Warn, slo.Severity, $"{what} is beyond its warn threshold {MetricReader.Format(slo.Warn!.Value)}.");
                break;
            default:
                yield return Result(Gov.SloWarn, CheckStatus.Pass, slo.Severity, $"{what} meets its objective.");
                break;
        }

        if (tier is SloTier.SoftFail or SloTier.HardFail && slo.MaxBreaches is int maxBreaches && breaches >= maxBreaches)
        {
            string runs = string.Join(", ", trend.Select(p => (p.Value is double pv ? MetricReader.Format(pv) : "no value") + " (" + SloHistory.TierName(p.Tier) + ")"));
            yield return Result(Gov.SloRepeatedBreach, CheckStatus.Fail, blocking,
                $"SLO '{slo.Id}' breached softFail or worse in {breaches} of the last {trend.Count} run(s) (maxBreaches {maxBreaches}, window {slo.Window}): {runs}. A repeated breach fails under every profile. Follow the rollback guidance ({RollbackGuidance}): roll back to the last release that met the SLO, or record an approved exception while it is fixed.");
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
