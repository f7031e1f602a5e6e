using System;
using System.Collections.Generic;
using System.Linq;
using Governance.Core.Evaluation;

namespace Governance.Cli.Operations;

/// <summary>
/// Whether a commit is on a blocking branch of the repository the command runs in (<c>git
/// merge-base --is-ancestor</c> against every local and remote-tracking branch the policy's
/// <c>gate.blockingBranches</c> match). A gate report says which branch it ran on, but it is
/// self-attested: a feature-branch job holding the signing key could claim <c>main</c>.
/// </summary>
internal static class CommitReach
{
    public static IReadOnlyDictionary<string, bool> OnBlockingBranches(IEnumerable<string> commits, IReadOnlyList<string> blockingBranches, string repository)
    {
        var answers = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        string[] branches = GitProcess.Run(repository, "for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes").Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(r => blockingBranches.Any(p => BranchGlob.IsMatch(p, ShortName(r))))
            .ToArray();
        foreach (string commit in commits.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            answers[commit] = commit.Length > 0 && commit.All(Uri.IsHexDigit)
                && branches.Any(b => GitProcess.Run(repository, "merge-base", "--is-ancestor", commit, b).ExitCode == 0);
        }

        return answers;
    }

    /// <summary><c>refs/heads/main</c> and <c>refs/remotes/origin/main</c> are both the branch <c>main</c>.</summary>
    private static string ShortName(string reference)
    {
        if (reference.StartsWith("refs/heads/", StringComparison.Ordinal))
        {
            return reference.Substring("refs/heads/".Length);
        }

        string remote = reference.Substring("refs/remotes/".Length);
        int slash = remote.IndexOf('/');
        return slash < 0 ? remote : remote.Substring(slash + 1);
    }
}
