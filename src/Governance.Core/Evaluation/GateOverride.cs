namespace Governance.Core.Evaluation;

/// <summary>
/// A <c>Governance*</c> setting (or the environment's equivalent) that differs from its default, as
/// the report lists it. <see cref="Weakens"/> and <see cref="Why"/> are the evaluation's own: a
/// weakening override on a blocking run is refused (GOV1008) unless the policy allows its class.
/// </summary>
/// <param name="Class">One of <see cref="OverrideClass"/>.</param>
/// <param name="Setting">The property or variable (<c>GovernanceNow</c>, <c>GOVERNANCE_STORE</c>, ...).</param>
/// <param name="Value">Its value as set.</param>
/// <param name="Project">The project that sets it (relative to the governance root), for per-project opt-outs.</param>
public sealed record GateOverride(string Class, string Setting, string Value, string? Project = null)
{
    public bool Weakens { get; init; }

    /// <summary>True when the run refused it (GOV1008): it does not take effect, the run is judged as if it were not set.</summary>
    public bool Refused { get; init; }

    /// <summary>What the setting would weaken, for the GOV1008 message.</summary>
    public string Why { get; init; } = string.Empty;
}
