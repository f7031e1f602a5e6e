namespace Governance.Core.Policy;

/// <summary>The evaluated posture of the gate: do failures stop the build?</summary>
public enum GateMode
{
    Informational,
    Blocking,

    /// <summary>The policy that decides the mode could not be read: the gate fails on that configuration error, and failures are logged as warnings.</summary>
    Unknown,
}
