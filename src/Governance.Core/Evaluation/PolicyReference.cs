namespace Governance.Core.Evaluation;

/// <summary>The policy a decision was made under; all null for the built-in defaults.</summary>
public sealed record PolicyReference(string? Path, string Version, string? Sha256);
