namespace Governance.Core.Evaluation;

/// <summary>
/// The classes of build settings that can weaken a blocking run (docs/security.md#overrides): a
/// policy lists in <c>gate.allowOverrides</c> the ones it accepts.
/// </summary>
public static class OverrideClass
{
    /// <summary><c>GovernanceNow</c> behind the wall clock: revives expired exceptions, makes stale evidence fresh.</summary>
    public const string Clock = "clock";

    /// <summary><c>GovernanceGateMode=informational</c> where the branch blocks.</summary>
    public const string Mode = "mode";

    /// <summary><c>GovernanceProfile=transitional</c> where the policy is strict.</summary>
    public const string Profile = "profile";

    /// <summary>A branch or commit other than CI or <c>.git</c> say, or a <c>GovernanceSubjectName</c> (which keys the SLO history).</summary>
    public const string Subject = "subject";

    /// <summary>A policy other than the <c>governance.json</c> at the repository root.</summary>
    public const string Policy = "policy";

    /// <summary>A release store other than the default (an empty store drops the version floor, immutability and history).</summary>
    public const string Store = "store";

    /// <summary>A project in the gate that turns governance (or part of it) off.</summary>
    public const string OptOut = "optOut";
}
