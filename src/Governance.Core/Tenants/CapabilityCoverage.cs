using System.Collections.Generic;

namespace Governance.Core.Tenants;

/// <summary>One capability of the registry as this run judged it.</summary>
/// <param name="Required">Whether it is in one of the policy's required cohorts.</param>
/// <param name="Tests">Its isolation test results, sorted by scenario, then test name, then results file.</param>
/// <param name="MissingScenarios">The scenarios it requires without a passing test, sorted.</param>
/// <param name="Problem">Why it is not covered (the message's reason), or null when it is.</param>
public sealed record CapabilityCoverage(
    Capability Capability, bool Required, CoverageState State, IReadOnlyList<IsolationTest> Tests, IReadOnlyList<string> MissingScenarios, string? Problem)
{
    /// <summary>Covered, or exempt with a valid exemption: what coverage counts.</summary>
    public bool CountsAsCovered => State is CoverageState.Covered or CoverageState.Exempt;
}
