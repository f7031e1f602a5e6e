using System.Collections.Generic;

namespace Governance.Core.Policy;

/// <summary>
/// What a branch-protection capture must show (<c>evidence[].require</c>): pull requests with at
/// least <see cref="MinApprovals"/> approvals, the named status checks required, force pushes and
/// deletions blocked.
/// </summary>
public sealed record BranchProtectionRequirement(int MinApprovals, IReadOnlyList<string> StatusChecks, bool BlockForcePushes, bool BlockDeletions)
{
    /// <summary>A reviewed pull request, no force pushes, no deletion: the least a release branch needs.</summary>
    public static BranchProtectionRequirement Default { get; } = new(1, new string[0], true, true);
}
