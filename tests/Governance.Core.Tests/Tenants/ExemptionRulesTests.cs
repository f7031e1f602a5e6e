using System;
using System.Collections.Generic;
using Governance.Core.Identity;
using Governance.Core.Policy;
using Governance.Core.Tenants;

namespace Governance.Core.Tests.Tenants;

/// <summary>Exemptions are judged by the rules of exceptions, with the gate's clock.</summary>
public class ExemptionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    private static Capability Exempt(CapabilityExemption? exemption, string owner = "dev-a") =>
        new("rates.read", owner, CapabilityChannel.Internal, Severity.Low, 1, SameTenantStatus.Exempt, Array.Empty<string>(), Array.Empty<string>(), exemption, 3);

    private static CapabilityExemption Approved(string? by, DateTimeOffset? expires = null) => new("shared by every tenant", by, expires ?? Now.AddDays(30), 4);

    [Fact]
    public void An_exemption_approved_by_someone_else_and_in_force_stands() =>
        Assert.Null(ExemptionRules.Problem(Exempt(Approved("lead-b")), Now, GovernancePolicy.BuiltInDefaults));

    [Theory]
    [InlineData(null, "is not approved (approvedBy is empty)")]
    [InlineData("DEV-A", "is approved by DEV-A, the capability's own owner (dev-a)")]
    [InlineData("dev\u200B-a", "the capability's own owner (dev-a)")]
    [InlineData("\u200B", "which ")]
    public void Unapproved_or_self_approved_exemptions_do_not_stand(string? approvedBy, string expected) =>
        Assert.Contains(expected, ExemptionRules.Problem(Exempt(Approved(approvedBy)), Now, GovernancePolicy.BuiltInDefaults));

    [Fact]
    public void A_missing_exemption_and_one_expiring_exactly_now_do_not_stand()
    {
        Assert.Contains("is missing", ExemptionRules.Problem(Exempt(null), Now, GovernancePolicy.BuiltInDefaults));
        Assert.Equal("expired at 2026-11-26T00:00:00Z (evaluated at 2026-11-26T00:00:00Z)",
            ExemptionRules.Problem(Exempt(Approved("lead-b", Now)), Now, GovernancePolicy.BuiltInDefaults));
    }

    [Fact]
    public void When_the_policy_lists_approvers_only_they_may_approve()
    {
        var approvers = new ExceptionApprovers(new Dictionary<string, IReadOnlyList<PersonIdentity>>
        {
            ["*"] = new[] { PersonIdentity.TryParse("security-lead", out _)! },
        });
        GovernancePolicy policy = GovernancePolicy.BuiltInDefaults with { ExceptionApprovers = approvers };

        Assert.Contains("is approved by lead-b, who is not among those the policy allows", ExemptionRules.Problem(Exempt(Approved("lead-b")), Now, policy));
        Assert.Null(ExemptionRules.Problem(Exempt(Approved("Security-Lead")), Now, policy));
    }
}
