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

    /// <summary>
    /// Why the version rules do not apply to the project's package, or null when they do: a
    /// <c>test project</c> or an <c>application</c> (an executable that is not a .NET tool) by
    /// default, or <c>GovernanceVersionPolicy=false</c>. A package the store has released, or the
    /// policy names by id, is held to the version floor still.
    /// </summary>
    public string? VersionExemption { get; init; }

    /// <summary>
    /// The project's settings that turn governance off for it or for part of it
    /// (<c>GovernanceEnabled=false</c>, <c>GovernanceVersionPolicy=false</c> on a project that is not
    /// a test project, <c>GovernanceSarifFromErrorLog=false</c>): listed as overrides of class <c>optOut</c>.
    /// </summary>
    public IReadOnlyList<string> OptOuts { get; init; } = Array.Empty<string>();

    /// <summary>The project's <c>PackageReleaseNotes</c>, or null when it sets none.</summary>
    public string? ReleaseNotes { get; init; }

    /// <summary>Where the version comes from (<c>Version</c>, <c>VersionPrefix</c>, <c>PackageVersion</c>, <c>MinVer</c>, ...), so a message names what to change.</summary>
    public string? VersionSource { get; init; }

    /// <summary>Which step wrote the fragment: a build, a pack or a publish.</summary>
    public Lineage.FragmentKind Kind { get; init; } = Lineage.FragmentKind.Build;

    /// <summary>SARIF logs this project build produced (the compiler's <c>ErrorLog</c>, <c>GovernanceSarifLog</c> items), full paths.</summary>
    public IReadOnlyList<string> SarifLogs { get; init; } = Array.Empty<string>();
}
