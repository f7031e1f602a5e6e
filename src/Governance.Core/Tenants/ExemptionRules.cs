using System;
using Governance.Core.Evaluation;
using Governance.Core.Identity;
using Governance.Core.Policy;

namespace Governance.Core.Tenants;

/// <summary>
/// Whether an <c>exempt</c> capability's exemption stands, by the rules exceptions are held to
/// (docs/RELEASE_EXCEPTIONS_POLICY.md): approved by someone who is a person and not the
/// capability's owner (compared as <see cref="PersonIdentity"/>, so case and invisible characters
/// do not make the owner someone else), by someone the policy's <c>approvers</c> list for scope
/// <c>*</c> when it has them, expiring after the evaluation clock (expiring exactly now is expired),
/// and no further ahead of it than <c>exceptionMaxDays</c> (90 days by default) allows an exception to last.
/// </summary>
public static class ExemptionRules
{
    /// <summary>Why the exemption does not stand (a clause that completes "its exemption ..."), or null when it does.</summary>
    public static string? Problem(Capability capability, DateTimeOffset now, GovernancePolicy policy)
    {
        if (capability.Exemption is not CapabilityExemption exemption)
        {
            return "is missing: an exempt capability needs exemption { reason, approvedBy, expires }";
        }

        if (exemption.ApprovedBy is null)
        {
            return $"is not approved (approvedBy is empty): someone other than its owner {PersonIdentity.Show(capability.Owner)} must approve it";
        }

        if (PersonIdentity.TryParse(exemption.ApprovedBy, out string? approverProblem) is not PersonIdentity approver)
        {
            return $"names approvedBy '{PersonIdentity.Show(exemption.ApprovedBy)}', which {approverProblem}, so it is not approved";
        }

        if (PersonIdentity.TryParse(capability.Owner, out _) is PersonIdentity owner && approver.Equals(owner))
        {
            return $"is approved by {approver}, the capability's own owner ({owner}): someone else must approve it";
        }

        if (!policy.ExceptionApprovers.Allows(ExceptionApprovers.AnyScope, approver, out string listed))
        {
            return $"is approved by {approver}, who is not among those the policy allows to approve ({listed})";
        }

        if (exemption.Expires is not DateTimeOffset expires || expires <= now)
        {
            return $"expired at {(exemption.Expires is DateTimeOffset at ? GateClock.Format(at) : "an unreadable time")} (evaluated at {GateClock.Format(now)})";
        }

        // Exceptions are capped from created to expires; an exemption has no created, so what it may
        // still run is capped instead: without it, an exemption expiring in 9999 would be the check turned off.
        double limit = policy.ExceptionMaxDays ?? GovernancePolicy.DefaultExceptionMaxDays;
        if ((expires - now).TotalDays > limit)
        {
            return string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "expires at {0}, {1:0.#} days after the evaluation time {2}: longer ahead than the {3} days {4}. Set an earlier expires, and renew it with a new approval when it is due",
                GateClock.Format(expires), (expires - now).TotalDays, GateClock.Format(now), limit,
                policy.ExceptionMaxDays is null ? "allowed when the policy sets no exceptionMaxDays" : "the policy allows (exceptionMaxDays)");
        }

        return null;
    }
}
