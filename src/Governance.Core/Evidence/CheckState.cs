namespace Governance.Core.Evidence;

/// <summary>What a replay compares of one check: its code, status, severity and message.</summary>
public sealed record CheckState(string Code, string Status, string Severity, string Message);
