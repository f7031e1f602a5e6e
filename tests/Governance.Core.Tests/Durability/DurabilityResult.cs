namespace Governance.Core.Tests.Durability;

/// <summary>
/// One interrupted run in the durability report (schemas/durability-report.schema.json): where the
/// process died, whether the invariants held afterwards, and whether re-running converged.
/// </summary>
public sealed record DurabilityResult(
    string Scenario, string Kind, string? FaultPoint, long? KillAfterMs, string Outcome, string Invariants, string Rerun, string Detail)
{
    public const string FaultPointKind = "fault-point";
    public const string KillKind = "kill";

    public bool Passed => Invariants == "held" && Rerun == "converged" && Outcome != "not-killed";
}
