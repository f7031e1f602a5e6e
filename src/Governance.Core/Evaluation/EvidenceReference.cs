namespace Governance.Core.Evaluation;

/// <summary>A file a check looked at, with its digest when it existed.</summary>
public sealed record EvidenceReference(string Path, string? Sha256);
