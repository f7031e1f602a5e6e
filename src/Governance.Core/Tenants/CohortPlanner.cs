using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Governance.Core.Tenants;

/// <summary>
/// Proposes the next same_tenant cohort (docs/tenant-isolation.md#expanding-a-cohort). The next
/// cohort is one more than the highest required cohort. Its candidates are the <c>pending</c>
/// capabilities not in a required cohort (unscheduled, or scheduled in a later cohort that is not
/// required yet), ranked by risk (high first), then channel exposure (public, partner, internal),
/// then id. Capabilities the registry already assigns to the next cohort stay in it and count
/// toward the size. Enforced and exempt capabilities are never candidates: there is nothing to roll
/// out for them. The same registry and policy always give the same plan.
/// </summary>
public static class CohortPlanner
{
    public const int DefaultSize = 5;

    /// <summary>The cohort after the highest of <paramref name="requiredCohorts"/> (1 when there is none).</summary>
    public static int NextCohort(IReadOnlyList<int> requiredCohorts) => (requiredCohorts.Count == 0 ? 0 : requiredCohorts.Max()) + 1;

    /// <param name="size">How many capabilities the cohort holds in all (at least 1).</param>
    public static CohortPlan Plan(IReadOnlyList<Capability> capabilities, IReadOnlyList<int> requiredCohorts, int size)
    {
        if (size < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "A cohort holds at least one capability.");
        }

        int next = NextCohort(requiredCohorts);
        var required = new HashSet<int>(requiredCohorts);
        Capability[] already = Ranked(capabilities.Where(c => c.Cohort == next)).ToArray();
        Capability[] candidates = Ranked(capabilities.Where(c =>
            c.SameTenant == SameTenantStatus.Pending && c.Cohort != next && !(c.Cohort is int cohort && required.Contains(cohort)))).ToArray();
        int room = Math.Max(0, size - already.Length);
        Capability[] proposed = candidates.Take(room).ToArray();

        var entries = new List<CohortPlanEntry>();
        foreach (Capability capability in already)
        {
            string state = capability.SameTenant == SameTenantStatus.Pending ? string.Empty : $", already {Names.Name(capability.SameTenant)}";
            entries.Add(new CohortPlanEntry(entries.Count + 1, capability, AlreadyInCohort: true, $"already in cohort {Number(next)}{state}; {Exposure(capability)}"));
        }

        foreach (Capability capability in proposed)
        {
            string moved = capability.Cohort is int from ? $"; moves from cohort {Number(from)}, which is not required" : string.Empty;
            entries.Add(new CohortPlanEntry(entries.Count + 1, capability, AlreadyInCohort: false, Exposure(capability) + moved));
        }

        return new CohortPlan(next, size, entries, candidates.Length - proposed.Length);
    }

    /// <summary>Risk (high first), then channel exposure (public, partner, internal), then id (ordinal without case, ties ordinal).</summary>
    public static IEnumerable<Capability> Ranked(IEnumerable<Capability> capabilities) => capabilities
        .OrderByDescending(c => c.Risk)
        .ThenBy(c => c.Channel)
        .ThenBy(c => c.Id, StringComparer.OrdinalIgnoreCase)
        .ThenBy(c => c.Id, StringComparer.Ordinal);

    private static string Exposure(Capability capability) => $"{Names.Of(capability.Risk)} risk, {Names.Name(capability.Channel)} channel";

    private static string Number(int cohort) => cohort.ToString(CultureInfo.InvariantCulture);
}
