namespace Governance.Core.Lineage;

/// <summary>
/// Two fragments gave one node different contents: one of them is out of date.
/// <see cref="RecordedBy"/> is the project that owns the node (its producer) when there is one.
/// </summary>
public sealed record DigestConflict(string NodeId, string RecordedDigest, LineageOrigin RecordedBy, string ConflictingDigest, LineageOrigin ConflictingBy);
