using System.Collections.Generic;

namespace Governance.Core.Policy;

/// <summary>The version policy (<c>versioning</c>).</summary>
/// <param name="StableOnBlockingBranches">On blocking branches, package versions must not be prereleases (GOV2201).</param>
/// <param name="Baseline">A version every package must exceed, or null.</param>
/// <param name="PackageBaselines">Per-package versions to exceed, by package id (case-insensitive).</param>
/// <param name="Line">Line of <c>versioning</c> in the policy file, for diagnostics.</param>
public sealed record VersioningPolicy(bool StableOnBlockingBranches, string? Baseline, IReadOnlyDictionary<string, string> PackageBaselines, int Line)
{
    public static VersioningPolicy None { get; } = new(false, null, new Dictionary<string, string>(), 0);
}
