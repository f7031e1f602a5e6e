namespace Governance.Core.Evaluation;

/// <summary>Outcome of one check, as the report, SARIF and the build log show it.</summary>
public enum CheckStatus
{
    Pass,
    Warn,
    Fail,
    Waived,
    Error,
}
