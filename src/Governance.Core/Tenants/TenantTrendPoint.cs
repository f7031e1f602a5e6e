namespace Governance.Core.Tenants;

/// <summary>One recorded run in the tenant rollout's history: the trend the rollout page shows.</summary>
/// <param name="Sequence">The entry's number in the store's history, or null for this run when it is not recorded (an informational run).</param>
/// <param name="Coverage">Coverage of the required cohorts, or null when nothing was required.</param>
public sealed record TenantTrendPoint(long? Sequence, string RecordedAt, string Commit, double? Coverage, int Required, int Covered, int Enforced, int Pending, int Exempt);
