namespace Governance.Core.Evaluation;

/// <summary>
/// One check of the release gate. It reads what it needs from the <see cref="GateContext"/> (the
/// loaded policy, the inputs, the clock, the store) and reports into <see cref="GateFindings"/>;
/// it writes nothing. Every check is registered once, in <see cref="GateChecks"/>.
/// </summary>
public interface IGateCheck
{
    void Run(GateContext context, GateFindings findings);
}
