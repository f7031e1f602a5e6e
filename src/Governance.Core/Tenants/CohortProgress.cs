namespace Governance.Core.Tenants;

/// <summary>
/// One cohort's rollout: how many capabilities it has, how many are enforced, pending and exempt,
/// and how many are covered (enforced and proven, or validly exempt). <see cref="Cohort"/> is null
/// for the capabilities not scheduled in any cohort yet.
/// </summary>
public sealed record CohortProgress(int? Cohort, bool Required, int Total, int Enforced, int Pending, int Exempt, int Covered)
{
    /// <summary>Covered over total, or null for an empty cohort.</summary>
    public double? Coverage => Total == 0 ? null : (double)Covered / Total;
}
