namespace Governance.Core.Policy;

/// <summary>The evaluated posture of the gate: do failures stop the build?</summary>
public enum GateMode
{
    Informational,
    Blocking,
}
