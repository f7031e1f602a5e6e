namespace Governance.Core.Slos;

/// <summary>A point of an SLO's trend: one run, recorded (with its sequence) or the current unrecorded one.</summary>
public sealed record SloTrendPoint(long? Sequence, string Commit, double? Value, SloTier Tier);
