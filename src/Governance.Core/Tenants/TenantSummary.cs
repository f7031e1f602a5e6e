using System.Collections.Generic;

namespace Governance.Core.Tenants;

/// <summary>
/// The report's <c>tenants</c> section: the registry judged, the policy's targets, the coverage
/// reached and each cohort's progress. The full matrix is <c>tenant-isolation-matrix.json</c>.
/// </summary>
/// <param name="Registry">Full path of the registry.</param>
/// <param name="RegistrySha256">SHA-256 of the registry as read.</param>
/// <param name="Required">How many capabilities are in the required cohorts.</param>
/// <param name="Covered">How many of them are covered (enforced and proven, or validly exempt).</param>
/// <param name="Cohorts">Each cohort by number, the unscheduled capabilities (cohort null) last.</param>
public sealed record TenantSummary(
    string Registry, string RegistrySha256, IReadOnlyList<int> RequiredCohorts, double MinCoverage, int Required, int Covered, IReadOnlyList<CohortProgress> Cohorts)
{
    /// <summary>Covered over required, or null when no capability is required.</summary>
    public double? Coverage => Required == 0 ? null : (double)Covered / Required;
}
