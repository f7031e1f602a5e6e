using System.Collections.Generic;

namespace Governance.Core.Policy;

/// <summary>The policy's <c>tenantIsolation</c> section (docs/tenant-isolation.md).</summary>
/// <param name="Registry">The capability registry, relative to the governance root as written.</param>
/// <param name="RequiredCohorts">The cohorts whose capabilities must be enforced and proven.</param>
/// <param name="MinCoverage">The share (0..1) of required capabilities that must be covered (GOV6003 below it).</param>
/// <param name="TestResults">Globs of the TRX files whose results prove isolation, or null for the <c>.trx</c> files the <c>metrics</c> globs match.</param>
/// <param name="Line">Line of <c>tenantIsolation</c> in the policy file, for diagnostics.</param>
public sealed record TenantIsolationPolicy(string Registry, IReadOnlyList<int> RequiredCohorts, double MinCoverage, IReadOnlyList<string>? TestResults, int Line)
{
    /// <summary>Every required capability covered, unless the policy says otherwise.</summary>
    public const double DefaultMinCoverage = 1.0;
}
