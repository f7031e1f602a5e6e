using Governance.Core.Policy;

namespace Governance.Core.Evaluation;

/// <summary>
/// The profile's rule, in one place (docs/policy.md#profiles): under <c>strict</c> every failure
/// blocks; under <c>transitional</c> a failure warns instead when its <see cref="ProfileRule"/>
/// says so: by default when its severity is <c>info</c>, <c>low</c> or <c>medium</c>. Errors
/// (configuration) block under both.
/// </summary>
public static class GateProfile
{
    public static CheckResult Apply(CheckResult check, PolicyProfile profile)
    {
        bool warns = profile == PolicyProfile.Transitional && check.Status == CheckStatus.Fail && check.ProfileRule switch
        {
            ProfileRule.EveryProfile => false,
            ProfileRule.StrictOnly => true,
            _ => check.Severity <= Severity.Medium,
        };
        if (!warns)
        {
            return check;
        }

        return check with
        {
            Status = CheckStatus.Warn,
            Message = check.TransitionalMessage
                ?? $"{check.Message} (Transitional profile: a {Names.Of(check.Severity)}-severity failure warns instead of blocking; under strict it blocks.)",
        };
    }
}
