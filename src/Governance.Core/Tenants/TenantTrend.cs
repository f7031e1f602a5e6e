using System;
using System.Collections.Generic;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Policy;
using Governance.Core.Store;

namespace Governance.Core.Tenants;

/// <summary>
/// The rollout's trend: the last recorded runs of the subject from the release store's tenant
/// history, and this run after them. A blocking run asks for itself to be recorded once the gate's
/// outputs are written (as the SLO history does); a history that cannot be read or trusted is an
/// error, and nothing is appended to it.
/// </summary>
public static class TenantTrend
{
    /// <param name="record">False when the run's results could not all be read: it is shown, not recorded.</param>
    public static IReadOnlyList<TenantTrendPoint> Of(GateContext context, TenantSummary summary, IReadOnlyList<CapabilityCoverage> judged, GateFindings findings, bool record)
    {
        var run = new TenantTrendPoint(
            null, GateClock.Format(context.Now), context.Subject.Commit, summary.Coverage, summary.Required, summary.Covered,
            judged.Count(j => j.Capability.SameTenant == SameTenantStatus.Enforced),
            judged.Count(j => j.Capability.SameTenant == SameTenantStatus.Pending),
            judged.Count(j => j.Capability.SameTenant == SameTenantStatus.Exempt));
        if (context.Store is null)
        {
            return new[] { run };
        }

        IReadOnlyList<TenantTrendPoint> recorded;
        ChainRead chain;
        try
        {
            (recorded, chain) = TenantHistory.Read(context.Store, context.Subject.Name);
        }
        catch (Exception ex) when (ex is System.IO.IOException or UnauthorizedAccessException or ArgumentException)
        {
            findings.Add(History(ex is StoreUnavailableException ? Gov.StoreUnavailable : Gov.StoreTampered,
                $"The tenant rollout history of '{context.Subject.Name}' in the release store cannot be read ({IO.RepoPath.DescribeFailure(ex)}), so the rollout page shows this run only and it is not recorded. Check that GovernanceStore is reachable and readable by this job; the history itself is not changed."));
            return new[] { run };
        }

        if (chain.Problem is not null)
        {
            findings.Add(chain.NewerFormat
                ? History(Gov.UnsupportedSchemaVersion, $"The tenant rollout history of '{context.Subject.Name}' has an entry a newer Governance.Sdk wrote: {chain.Problem}. Use that version of Governance.Sdk for this repository (global.json); this version does not append to it.", chain.ProblemLocation)
                : History(Gov.StoreTampered, $"The tenant rollout history of '{context.Subject.Name}' in the release store is not trustworthy: {chain.Problem}. Nothing was appended. Restore it from a backup of the store (or, if it was never shared, delete the subject's folder under streams/tenant-history/) and run the gate again.", chain.ProblemLocation));
            return recorded.Skip(Math.Max(0, recorded.Count - (TenantHistory.TrendLength - 1))).Append(run).ToArray();
        }

        TenantTrendPoint? last = recorded.LastOrDefault();
        bool rerun = last is not null && TenantHistory.SameRun(last, run);
        if (record && context.Mode == GateMode.Blocking && !rerun)
        {
            findings.Records.Add(TenantHistory.Record(context.Subject.Name, run));
        }

        IEnumerable<TenantTrendPoint> points = rerun ? recorded : recorded.Append(run);
        TenantTrendPoint[] all = points.ToArray();
        return all.Skip(Math.Max(0, all.Length - TenantHistory.TrendLength)).ToArray();
    }

    private static CheckResult History(DiagnosticDescriptor rule, string message, string? location = null) =>
        new(TenantIsolationCheck.HistoryCheckId, rule, CheckStatus.Error, Severity.High, message, null,
            location is null ? Array.Empty<SourceLocation>() : new[] { new SourceLocation(location) }, Array.Empty<EvidenceReference>());
}
