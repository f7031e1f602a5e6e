using System.Collections.Generic;
using System.Linq;
using Governance.Core.Bundles;
using Governance.Core.Diagnostics;
using Governance.Core.Policy;
using Governance.Core.Store;

namespace Governance.Core.Releases;

/// <summary>
/// What runs where (<c>governance status</c>): every environment of the policy, in policy order,
/// with the state its ledger describes, and the lineage edges of all of them. What deploy tooling
/// reads (<see cref="StatusJson"/>): the ledger is the truth, feeds only distribute.
/// </summary>
/// <param name="Environments">The environments, in the policy's order.</param>
public sealed record ReleaseStatus(IReadOnlyList<EnvironmentStatus> Environments)
{
    /// <summary>True when every ledger verified; otherwise <c>status</c> exits 1 with the GOV7003 problems.</summary>
    public bool IsVerified => Environments.All(e => e.State.IsVerified);

    /// <summary>The GOV7003 problem of each ledger that does not verify.</summary>
    public IReadOnlyList<Diagnostic> Problems => Environments.Select(e => e.State.Ledger.Problem).OfType<Diagnostic>().ToArray();

    /// <summary>The <c>promoted</c> and <c>rolledBack</c> edges of every environment (<c>status --lineage</c>), environment by environment in ledger order.</summary>
    public IReadOnlyList<ReleaseEdge> Edges => Environments.SelectMany(e => e.State.Edges).ToArray();

    /// <summary>
    /// Reads the ledger of every environment of <paramref name="policy"/>, or only of
    /// <paramref name="environment"/> when given (null when the policy has no such environment: GOV7005).
    /// </summary>
    /// <param name="trustedKeys">As for <see cref="Ledger.Read"/>: signed entries must verify with one of them.</param>
    public static ReleaseStatus? Read(IReleaseStore store, GovernancePolicy policy, string? environment = null, IReadOnlyList<LoadedTrustedKey>? trustedKeys = null)
    {
        IEnumerable<EnvironmentPolicy> selected = policy.Environments;
        if (environment is not null)
        {
            EnvironmentPolicy? named = policy.FindEnvironment(environment);
            if (named is null)
            {
                return null;
            }

            selected = new[] { named };
        }

        return new ReleaseStatus(selected.Select(e => new EnvironmentStatus(e, EnvironmentState.From(Ledger.Read(store, e.Name, trustedKeys)))).ToArray());
    }
}
