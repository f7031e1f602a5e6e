namespace Governance.Core.Evaluation;

/// <summary>How the profile treats a failure (docs/policy.md#profiles); <see cref="GateProfile"/> applies it.</summary>
public enum ProfileRule
{
    /// <summary>The default: under <c>transitional</c> a failure of <c>info</c>, <c>low</c> or <c>medium</c> severity warns.</summary>
    BySeverity,

    /// <summary>Fails under every profile, whatever its severity (an SLO's hard fail, no data, a repeated breach).</summary>
    EveryProfile,

    /// <summary>Fails only under <c>strict</c>; warns under <c>transitional</c> whatever its severity (an SLO's soft fail).</summary>
    StrictOnly,
}
