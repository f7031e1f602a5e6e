using System;
using System.Collections.Generic;

namespace Governance.Core.Evaluation;

/// <summary>A project in the gate and where its collected results should be: one entry per build (target framework), and one for its pack.</summary>
/// <param name="ProjectFile">Full path of the project file.</param>
/// <param name="FragmentFile">Full path of the lineage fragment its build (<c>GovernanceCollect</c>) or its pack (<c>GovernanceBundle</c>) wrote.</param>
/// <param name="TargetFramework">The target framework of this project build, or null when unknown; the fragment must be for it.</param>
public sealed record GateProject(string ProjectFile, string FragmentFile, string? TargetFramework = null)
{
    /// <summary>The NuGet package id when the project is packable, else null: the version policy applies to it.</summary>
    public string? PackageId { get; init; }

    /// <summary>The package version, as the project computes it.</summary>
    public string? PackageVersion { get; init; }

    /// <summary>True for the fragment a pack wrote (the package's lineage), false for a build's.</summary>
    public bool IsPack { get; init; }

    /// <summary>SARIF logs this project build produced (the compiler's <c>ErrorLog</c>, <c>GovernanceSarifLog</c> items), full paths.</summary>
    public IReadOnlyList<string> SarifLogs { get; init; } = Array.Empty<string>();
}
