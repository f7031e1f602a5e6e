using System.Collections.Generic;
using System.Linq;

namespace Governance.Core.Tenants;

/// <summary>
/// The next cohort <c>governance tenants plan</c> proposes: the capabilities already assigned to it,
/// then the pending capabilities proposed for it, best first, up to <see cref="Size"/> in all.
/// </summary>
/// <param name="Cohort">The next cohort's number: one more than the highest required cohort (1 when none is required).</param>
/// <param name="Size">How many capabilities the cohort may hold in all, those already in it included.</param>
/// <param name="Entries">The capabilities already in the cohort (ranked among themselves), then the proposed ones; ranks run 1.. over both.</param>
/// <param name="Waiting">Candidates left out because the cohort is full: they wait for a later cohort.</param>
public sealed record CohortPlan(int Cohort, int Size, IReadOnlyList<CohortPlanEntry> Entries, int Waiting)
{
    /// <summary>The capabilities the plan would assign to <see cref="Cohort"/>: what <c>--write</c> changes.</summary>
    public IReadOnlyList<CohortPlanEntry> Proposed => Entries.Where(e => !e.AlreadyInCohort).ToArray();

    /// <summary>The capabilities the registry already assigns to <see cref="Cohort"/>.</summary>
    public IReadOnlyList<CohortPlanEntry> AlreadyInCohort => Entries.Where(e => e.AlreadyInCohort).ToArray();
}

/// <summary>One capability of a <see cref="CohortPlan"/>.</summary>
/// <param name="Rank">1-based position in the plan.</param>
/// <param name="AlreadyInCohort">True when the registry already assigns it to the planned cohort (it counts toward the size and is not written).</param>
/// <param name="Why">Why it is where it is, e.g. "high risk, public channel".</param>
public sealed record CohortPlanEntry(int Rank, Capability Capability, bool AlreadyInCohort, string Why);
