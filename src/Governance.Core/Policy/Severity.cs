namespace Governance.Core.Policy;

/// <summary>Severity of a check result, lowest first.</summary>
public enum Severity
{
    Info,
    Low,
    Medium,
    High,
    Critical,
}
