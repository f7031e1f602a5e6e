using System;
using System.Collections.Generic;
using Governance.Core.Bundles;
using Governance.Core.Evaluation;

namespace Governance.Core.Releases;

/// <summary>
/// One verified bundle of a release as the promotion checks see it: its manifest (where it says it
/// was built, which builds it packs, which gate report decided it), the gate report it carries,
/// who signed it and what its package depends on. Gathered by the caller (the CLI reads the
/// files); the checks only judge.
/// </summary>
/// <param name="ManifestPath">The bundle's manifest file, named in every message about it.</param>
/// <param name="Manifest">The verified manifest.</param>
/// <param name="Bundle">The bundle as the release and the ledger name it.</param>
public sealed record PromotionBundle(string ManifestPath, BundleManifest Manifest, ReleaseBundle Bundle)
{
    /// <summary>The gate report the bundle carries, read with the versioned reader; null when it carries none or it cannot be read.</summary>
    public GateReport? GateReport { get; init; }

    /// <summary>Why <see cref="GateReport"/> is null when the bundle names one (unreadable, not among its files); null otherwise.</summary>
    public string? GateReportProblem { get; init; }

    /// <summary>The id of the trusted key whose signature verified the bundle; null when it is unsigned.</summary>
    public string? SignedBy { get; init; }

    /// <summary>The package's dependencies from its .nuspec (every target framework's group).</summary>
    public IReadOnlyList<PackageDependency> Dependencies { get; init; } = Array.Empty<PackageDependency>();
}
