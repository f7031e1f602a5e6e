using System.Collections.Generic;
using Governance.Core.Checks;
using Governance.Core.Lineage;
using Governance.Core.Slos;

namespace Governance.Core.Evaluation;

/// <summary>
/// Every check the gate runs, in one list: a new check is a class implementing
/// <see cref="IGateCheck"/> and one line here (docs/development.md#adding-a-check). Results are
/// sorted before they are reported, so the order here only decides the order of work.
/// </summary>
public static class GateChecks
{
    public static IReadOnlyList<IGateCheck> All { get; } = new IGateCheck[]
    {
        new FragmentCheck(),
        new EvidenceChecker(),
        new ContractChecker(),
        new VersionChecker(),
        new ReleaseNotesChecker(),
        new SarifChecker(),
        new SloEvaluator(),
        new Tenants.TenantIsolationCheck(),
        new ProjectChecks(),
    };
}
