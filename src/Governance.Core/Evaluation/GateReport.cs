using System;
using System.Collections.Generic;
using System.Linq;
using Governance.Core.Policy;

namespace Governance.Core.Evaluation;

/// <summary>
/// The release decision and everything it rests on: the content of
/// <c>release_readiness_gate_report.json</c> (schema <c>schemas/release-readiness-gate-report.schema.json</c>).
/// </summary>
public sealed record GateReport
{
    /// <summary>1.1 added the optional <c>tenants</c> section; a 1.0 reader reads a 1.1 report for what it knows.</summary>
    public const string SchemaVersion = "1.1";

    public required bool IsGo { get; init; }

    public required GateMode Mode { get; init; }

    public required PolicyProfile Profile { get; init; }

    public required PolicyReference Policy { get; init; }

    public required GateSubject Subject { get; init; }

    public required DateTimeOffset EvaluatedAt { get; init; }

    public required IReadOnlyList<ReportProject> Projects { get; init; }

    /// <summary>Sorted: by id, then code, project and message.</summary>
    public required IReadOnlyList<CheckResult> Checks { get; init; }

    /// <summary>Each valid SLO's value, tier and trend, in policy order.</summary>
    public IReadOnlyList<Slos.SloOutcome> Slos { get; init; } = Array.Empty<Slos.SloOutcome>();

    /// <summary>The tenant-isolation rollout's summary, or null when the policy has no tenantIsolation (or its registry cannot be read).</summary>
    public Tenants.TenantSummary? Tenants { get; init; }

    /// <summary>Every setting that differs from its default (docs/security.md#overrides), sorted by class, setting and project.</summary>
    public IReadOnlyList<GateOverride> Overrides { get; init; } = Array.Empty<GateOverride>();

    /// <summary>The exceptions that applied and what each waived, by exception id.</summary>
    public IReadOnlyList<Exceptions.Waiver> Waivers { get; init; } = Array.Empty<Exceptions.Waiver>();

    public GeneratorInfo Generator { get; init; } = GeneratorInfo.Current;

    public string Decision => IsGo ? "go" : "no-go";

    /// <summary>How many distinct project files are in the gate (a multi-targeted project counts once).</summary>
    public int ProjectCount => Projects.Select(p => p.Path).Distinct(StringComparer.Ordinal).Count();

    /// <summary>How many project builds the gate judged (a multi-targeted project has one per target framework; packs and publishes are not builds).</summary>
    public int BuildCount => Projects.Count(p => p.Kind == Lineage.FragmentKind.Build);
}
