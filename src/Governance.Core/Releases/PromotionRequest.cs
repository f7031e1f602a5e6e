using System;
using System.Collections.Generic;
using Governance.Core.Policy;

namespace Governance.Core.Releases;

/// <summary>
/// Everything a promotion is judged on, as values: the policy, the environment named, the release
/// and its bundles, the state of the target environment and of the one it comes after, the approvals
/// recorded, the wall clock and the repository's answer to "is the commit on a blocking branch".
/// The checks read nothing else, so a test gives them any history and any moment.
/// </summary>
/// <param name="Policy">The policy in effect (its <see cref="GovernancePolicy.Sha256"/> binds approvals).</param>
/// <param name="Environment">The environment named by <c>--to</c>, as typed.</param>
/// <param name="Release">The release.</param>
/// <param name="Bundles">Its bundles, verified.</param>
/// <param name="Target">The target environment's state.</param>
/// <param name="Now">The wall clock (never an injectable clock outside tests: soak and freeze are about real time).</param>
/// <param name="Promoter">Who promotes (the entry's <c>by</c>).</param>
public sealed record PromotionRequest(
    GovernancePolicy Policy, string Environment, Release Release, IReadOnlyList<PromotionBundle> Bundles, EnvironmentState Target, DateTimeOffset Now, string Promoter)
{
    /// <summary>The state of the environment the target comes <c>after</c>; null when it has none.</summary>
    public EnvironmentState? After { get; init; }

    /// <summary>The approvals recorded for the target environment.</summary>
    public IReadOnlyList<RecordedApproval> Approvals { get; init; } = Array.Empty<RecordedApproval>();

    /// <summary>The target environment's approvers with their keys loaded.</summary>
    public IReadOnlyList<ApproverKey> Approvers { get; init; } = Array.Empty<ApproverKey>();

    /// <summary>
    /// The ids of the packages the release store holds bundles of (<see cref="Bundles.BundleRecords.PackageIds"/>):
    /// with the release's and the ledger's, the packages whose absence makes a release incomplete (GOV7011).
    /// </summary>
    public IReadOnlyCollection<string> GovernedPackages { get; init; } = Array.Empty<string>();

    /// <summary>
    /// Per commit, whether the repository has it on a blocking branch (<c>git merge-base --is-ancestor</c>);
    /// asked only where <c>requireBlockingGo</c> is set. A commit missing from it was not checked, and fails.
    /// </summary>
    public IReadOnlyDictionary<string, bool> CommitOnBlockingBranch { get; init; } = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
}
