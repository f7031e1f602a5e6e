namespace Governance.Core.Slos;

/// <summary>One SLO's outcome in one gate run, as the history records it.</summary>
public sealed record SloRecord(string Slo, double? Value, SloTier Tier);
