using System.Collections.Generic;
using System.Linq;
using Governance.Core.Evaluation;

namespace Governance.Core.Tenants;

/// <summary>
/// Everything the tenant-isolation check found in one run, for the matrix and the rollout page:
/// every capability with its tests, tests naming capabilities the registry lacks, where the results
/// came from, and the trend over the store's history (this run last).
/// </summary>
/// <param name="TestResults">The TRX files read, with their digests, sorted by path.</param>
/// <param name="TestAssemblies">The test assemblies whose traits were read, with the digest of the traits read, sorted by path.</param>
public sealed record TenantRollout(
    TenantSummary Summary,
    IReadOnlyList<CapabilityCoverage> Capabilities,
    IReadOnlyList<IsolationTest> UnknownCapabilities,
    IReadOnlyList<EvidenceReference> TestResults,
    IReadOnlyList<EvidenceReference> TestAssemblies,
    IReadOnlyList<TenantTrendPoint> Trend)
{
    /// <summary>The capabilities of the required cohorts that are not covered: what the rollout still lacks.</summary>
    public IReadOnlyList<CapabilityCoverage> NotCovered => Capabilities.Where(c => c.Required && !c.CountsAsCovered).ToArray();
}
