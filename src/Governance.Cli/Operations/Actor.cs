using System;
using Governance.Core.Diagnostics;
using Governance.Core.Identity;

namespace Governance.Cli.Operations;

/// <summary>
/// Who runs a promotion, approval or rollback: the CI system's actor when the job runs in CI
/// (<c>GITHUB_ACTOR</c>, <c>BUILD_REQUESTEDFOR</c>, <c>GITLAB_USER_LOGIN</c>), else <c>--by</c>,
/// else the operating system's user. In CI, <c>--by</c> may only repeat the actor: a job must not
/// record someone else's name, which is what would let one person approve and promote.
/// </summary>
internal static class Actor
{
    private static readonly string[] CiVariables = { "GITHUB_ACTOR", "BUILD_REQUESTEDFOR", "GITLAB_USER_LOGIN" };

    /// <summary>The name to record, or null with <paramref name="problem"/> (GOV1004, a usage error) when <c>--by</c> names someone other than the CI actor or is not a name.</summary>
    public static string? Resolve(string? by, Func<string, string?> environment, out Diagnostic? problem)
    {
        problem = null;
        string? ciVariable = null;
        string? ciActor = null;
        foreach (string variable in CiVariables)
        {
            if (environment(variable) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value))
            {
                ciVariable = variable;
                ciActor = value.Trim();
                break;
            }
        }

        string? chosen = ciActor ?? (string.IsNullOrWhiteSpace(by) ? null : by!.Trim()) ?? Environment.UserName;
        if (PersonIdentity.TryParse(chosen, out string? why) is not PersonIdentity identity)
        {
            problem = new Diagnostic(Gov.InvalidSetting, $"The name '{PersonIdentity.Show(chosen ?? string.Empty)}' {why}. Pass --by <your name>.", null);
            return null;
        }

        if (ciActor is not null && !string.IsNullOrWhiteSpace(by) && !(PersonIdentity.TryParse(by, out _) is PersonIdentity named && named.Equals(identity)))
        {
            problem = new Diagnostic(Gov.InvalidSetting,
                $"--by names {PersonIdentity.Show(by!)}, but this job runs for {PersonIdentity.Show(ciActor)} ({ciVariable}): in CI the name recorded is the CI actor's. Leave --by out, or run the job as that person.", null);
            return null;
        }

        return identity.Written;
    }
}
