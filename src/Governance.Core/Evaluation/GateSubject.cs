namespace Governance.Core.Evaluation;

/// <summary>What the decision is about.</summary>
public sealed record GateSubject(string Name, string Version, string Branch, string Commit);
