using System.Collections.Generic;
using Governance.Core.Slos;
using Governance.Core.Store;

namespace Governance.Core.Evaluation;

/// <summary>
/// What the checks of one evaluation report: their results, the sections of the report some of
/// them fill (projects, SLOs), and what a run's decision should add to the release store once
/// its outputs are written (<see cref="Records"/>). Nothing here has been written anywhere.
/// </summary>
public sealed class GateFindings
{
    public List<CheckResult> Results { get; } = new();

    /// <summary>Every project build in the gate, with the digest of its collected results.</summary>
    public List<ReportProject> Projects { get; } = new();

    /// <summary>Each valid SLO's value, tier and trend, in policy order.</summary>
    public List<SloOutcome> Slos { get; } = new();

    /// <summary>The tenant-isolation matrix and rollout, or null when the policy has no tenantIsolation (or its registry cannot be read).</summary>
    public Tenants.TenantRollout? Tenants { get; set; }

    /// <summary>Appends to the store's streams that record this run; made after the outputs are written.</summary>
    public List<StreamAppend> Records { get; } = new();

    public void Add(CheckResult result) => Results.Add(result);

    public void AddRange(IEnumerable<CheckResult> results) => Results.AddRange(results);
}
