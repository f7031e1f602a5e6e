using System;
using System.Linq;
using Governance.Core.Policy;
using Governance.Core.Tenants;

namespace Governance.Core.Tests.Tenants;

public class CohortPlannerTests
{
    private static Capability Cap(
        string id, Severity risk = Severity.Medium, CapabilityChannel channel = CapabilityChannel.Partner,
        SameTenantStatus sameTenant = SameTenantStatus.Pending, int? cohort = null) =>
        new(id, "team-a", channel, risk, cohort, sameTenant, Array.Empty<string>(), Array.Empty<string>(), null, 1);

    private static string[] Ids(CohortPlan plan) => plan.Entries.Select(e => e.Capability.Id).ToArray();

    [Fact]
    public void The_next_cohort_follows_the_highest_required_one_and_is_1_when_none_is_required()
    {
        Assert.Equal(1, CohortPlanner.NextCohort(Array.Empty<int>()));
        Assert.Equal(4, CohortPlanner.NextCohort(new[] { 3, 1 }));
        Assert.Equal(1, CohortPlanner.NextCohort(new[] { 0 }));
        Assert.Equal(3, CohortPlanner.Plan(new[] { Cap("a") }, new[] { 2, 1 }, 5).Cohort);
    }

    [Fact]
    public void Candidates_are_ranked_by_risk_then_channel_exposure_then_id()
    {
        Capability[] registry =
        {
            Cap("low.public", Severity.Low, CapabilityChannel.Public),
            Cap("medium.internal", Severity.Medium, CapabilityChannel.Internal),
            Cap("high.internal", Severity.High, CapabilityChannel.Internal),
            Cap("medium.public", Severity.Medium, CapabilityChannel.Public),
            Cap("high.partner", Severity.High, CapabilityChannel.Partner),
            Cap("high.public", Severity.High, CapabilityChannel.Public),
        };

        CohortPlan plan = CohortPlanner.Plan(registry, Array.Empty<int>(), 10);

        Assert.Equal(new[] { "high.public", "high.partner", "high.internal", "medium.public", "medium.internal", "low.public" }, Ids(plan));
        Assert.Equal(Enumerable.Range(1, 6), plan.Entries.Select(e => e.Rank));
        Assert.All(plan.Entries, e => Assert.False(e.AlreadyInCohort));
        Assert.Equal("high risk, public channel", plan.Entries[0].Why);
        Assert.Equal("low risk, public channel", plan.Entries[5].Why);
        Assert.Equal(0, plan.Waiting);
    }

    [Fact]
    public void Ties_on_risk_and_channel_are_broken_by_id_without_case_then_ordinally()
    {
        Capability[] registry = { Cap("orders.write"), Cap("Billing.read"), Cap("orders.Read"), Cap("billing.list") };

        CohortPlan plan = CohortPlanner.Plan(registry, Array.Empty<int>(), 10);

        Assert.Equal(new[] { "billing.list", "Billing.read", "orders.Read", "orders.write" }, Ids(plan));

        // Ids that differ only in case cannot both be in a valid registry, but the order is still total.
        Assert.Equal(new[] { "A", "a" }, CohortPlanner.Ranked(new[] { Cap("a"), Cap("A") }).Select(c => c.Id));
    }

    [Fact]
    public void The_size_caps_the_cohort_and_the_rest_wait()
    {
        Capability[] registry = Enumerable.Range(1, 8).Select(i => Cap($"cap{i}")).ToArray();

        CohortPlan plan = CohortPlanner.Plan(registry, Array.Empty<int>(), 3);

        Assert.Equal(new[] { "cap1", "cap2", "cap3" }, Ids(plan));
        Assert.Equal(5, plan.Waiting);
        Assert.Equal(3, plan.Size);
        Assert.Equal(CohortPlanner.DefaultSize, 5);
    }

    [Fact]
    public void Capabilities_already_in_the_next_cohort_are_listed_first_and_count_toward_the_size()
    {
        Capability[] registry =
        {
            Cap("zeta.enforced", Severity.Low, sameTenant: SameTenantStatus.Enforced, cohort: 3),
            Cap("alpha.high", Severity.High, CapabilityChannel.Public),
            Cap("beta.already", Severity.Medium, cohort: 3),
            Cap("gamma.medium", Severity.Medium),
            Cap("delta.low", Severity.Low),
        };

        CohortPlan plan = CohortPlanner.Plan(registry, new[] { 1, 2 }, 3);

        Assert.Equal(3, plan.Cohort);
        Assert.Equal(new[] { "beta.already", "zeta.enforced", "alpha.high" }, Ids(plan));
        Assert.Equal(new[] { true, true, false }, plan.Entries.Select(e => e.AlreadyInCohort));
        Assert.Equal(new[] { "alpha.high" }, plan.Proposed.Select(e => e.Capability.Id));
        Assert.Equal("already in cohort 3; medium risk, partner channel", plan.Entries[0].Why);
        Assert.Equal("already in cohort 3, already enforced; low risk, partner channel", plan.Entries[1].Why);
        Assert.Equal(2, plan.Waiting);
    }

    [Fact]
    public void A_cohort_already_full_proposes_nothing()
    {
        Capability[] registry = { Cap("a", cohort: 1), Cap("b", cohort: 1), Cap("c", Severity.High) };

        CohortPlan plan = CohortPlanner.Plan(registry, Array.Empty<int>(), 2);

        Assert.Empty(plan.Proposed);
        Assert.Equal(new[] { "a", "b" }, Ids(plan));
        Assert.Equal(1, plan.Waiting);
    }

    [Fact]
    public void Enforced_and_exempt_capabilities_are_never_candidates()
    {
        Capability[] registry =
        {
            Cap("enforced", Severity.High, CapabilityChannel.Public, SameTenantStatus.Enforced),
            Cap("exempt", Severity.High, CapabilityChannel.Public, SameTenantStatus.Exempt),
            Cap("later.enforced", Severity.High, sameTenant: SameTenantStatus.Enforced, cohort: 9),
            Cap("pending", Severity.Low, CapabilityChannel.Internal),
        };

        CohortPlan plan = CohortPlanner.Plan(registry, Array.Empty<int>(), 5);

        Assert.Equal(new[] { "pending" }, Ids(plan));
        Assert.Equal(0, plan.Waiting);
    }

    [Fact]
    public void Pending_capabilities_in_a_required_cohort_are_not_candidates_but_those_in_a_later_cohort_are()
    {
        Capability[] registry =
        {
            Cap("required.one", Severity.High, cohort: 1),
            Cap("required.two", Severity.High, cohort: 2),
            Cap("later", Severity.High, cohort: 7),
            Cap("skipped.zero", Severity.Medium, cohort: 0),
            Cap("unscheduled", Severity.Low),
        };

        CohortPlan plan = CohortPlanner.Plan(registry, new[] { 1, 2 }, 5);

        Assert.Equal(3, plan.Cohort);
        Assert.Equal(new[] { "later", "skipped.zero", "unscheduled" }, Ids(plan));
        Assert.Equal("high risk, partner channel; moves from cohort 7, which is not required", plan.Entries[0].Why);
        Assert.Equal("medium risk, partner channel; moves from cohort 0, which is not required", plan.Entries[1].Why);
        Assert.Equal("low risk, partner channel", plan.Entries[2].Why);
    }

    [Fact]
    public void Nothing_pending_gives_an_empty_plan()
    {
        CohortPlan plan = CohortPlanner.Plan(new[] { Cap("a", sameTenant: SameTenantStatus.Enforced, cohort: 1) }, new[] { 1 }, 5);

        Assert.Equal(2, plan.Cohort);
        Assert.Empty(plan.Entries);
        Assert.Equal(0, plan.Waiting);
    }

    [Fact]
    public void The_plan_does_not_depend_on_the_order_of_the_registry()
    {
        Capability[] registry =
        {
            Cap("d", Severity.Low), Cap("c", Severity.High, CapabilityChannel.Internal), Cap("b", Severity.High), Cap("a", Severity.High),
            Cap("e", Severity.Medium, CapabilityChannel.Public), Cap("f", cohort: 4), Cap("g", Severity.High, cohort: 4),
        };
        string[] expected = Ids(CohortPlanner.Plan(registry, new[] { 3 }, 4));

        var random = new Random(17);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(expected, Ids(CohortPlanner.Plan(registry.OrderBy(_ => random.Next()).ToArray(), new[] { 3 }, 4)));
        }

        Assert.Equal(new[] { "g", "f", "a", "b" }, expected);
    }

    [Fact]
    public void A_size_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CohortPlanner.Plan(new[] { Cap("a") }, Array.Empty<int>(), 0));
    }
}
