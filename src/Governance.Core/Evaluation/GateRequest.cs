using System;
using System.Collections.Generic;

namespace Governance.Core.Evaluation;

/// <summary>A project in the gate and where its collected results should be.</summary>
/// <param name="ProjectFile">Full path of the project file.</param>
/// <param name="FragmentFile">Full path of the fragment its <c>GovernanceCollect</c> wrote.</param>
/// <param name="TargetFramework">The target framework of this project build, or null when unknown; the fragment must be for it.</param>
public sealed record GateProject(string ProjectFile, string FragmentFile, string? TargetFramework = null)
{
    /// <summary>The NuGet package id when the project is packable, else null: the version policy applies to it.</summary>
    public string? PackageId { get; init; }

    /// <summary>The package version, as the project computes it.</summary>
    public string? PackageVersion { get; init; }

    /// <summary>SARIF logs this project build produced (the compiler's <c>ErrorLog</c>, <c>GovernanceSarifLog</c> items), full paths.</summary>
    public IReadOnlyList<string> SarifLogs { get; init; } = Array.Empty<string>();
}

/// <summary>Where a project-reported check result came from, which decides its GOV code.</summary>
public enum ProjectCheckOrigin
{
    /// <summary>A target named in <c>GovernanceCheckTargets</c> returned it (GOV2401).</summary>
    Target,

    /// <summary>A <c>GovernanceCommandCheck</c> item's command produced it (GOV2402).</summary>
    Command,
}

/// <summary>
/// A check result a project reported (a <c>GovernanceCheckResult</c> item, or the outcome of a
/// command check), as raw text: the evaluation validates it, so a bad value is a finding, never a crash.
/// </summary>
/// <param name="Id">The check's id, stable across runs.</param>
/// <param name="ProjectFile">Full path of the project that reported it.</param>
/// <param name="Origin">A check target or a command check.</param>
public sealed record ProjectCheckReport(string Id, string ProjectFile, ProjectCheckOrigin Origin)
{
    public string? Status { get; init; }

    public string? Severity { get; init; }

    public string? Message { get; init; }

    /// <summary>A file the result is about, relative to the project or full.</summary>
    public string? File { get; init; }

    public string? Line { get; init; }

    public string? Column { get; init; }
}

/// <summary>
/// Everything one evaluation of the release gate reads. The MSBuild task and the CLI fill it from
/// their own inputs; the evaluation itself never touches MSBuild or the process environment
/// except through <see cref="Environment"/>.
/// </summary>
public sealed record GateRequest
{
    /// <summary>Full path of the governance root: the base of every relative path in outputs.</summary>
    public required string GovernanceRoot { get; init; }

    /// <summary>Full path of the policy, or null/empty for the built-in defaults.</summary>
    public string? PolicyFile { get; init; }

    /// <summary><c>GovernanceGateMode</c>: empty to derive from the policy's branch rules.</summary>
    public string? Mode { get; init; }

    /// <summary><c>GovernanceProfile</c>: empty to take the policy's profile.</summary>
    public string? Profile { get; init; }

    public string? Branch { get; init; }

    public string? Commit { get; init; }

    /// <summary><c>GovernanceNow</c>: empty for <c>SOURCE_DATE_EPOCH</c> or the current time.</summary>
    public string? Now { get; init; }

    public required string SubjectName { get; init; }

    public string SubjectVersion { get; init; } = string.Empty;

    /// <summary>
    /// Where the gate's settings come from (the project or solution file): diagnostics about a bad
    /// property value point there, not at the SDK's own targets.
    /// </summary>
    public string? SettingsFile { get; init; }

    public IReadOnlyList<GateProject> Projects { get; init; } = Array.Empty<GateProject>();

    /// <summary>Results the projects' own checks reported (GovernanceCheckTargets, GovernanceCommandCheck).</summary>
    public IReadOnlyList<ProjectCheckReport> ProjectChecks { get; init; } = Array.Empty<ProjectCheckReport>();

    /// <summary>The release store (<c>GovernanceStore</c>): released versions count for the version policy. Null or empty for none.</summary>
    public string? StoreDirectory { get; init; }

    /// <summary>Reads an environment variable (CI detection, SOURCE_DATE_EPOCH).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>The wall clock, used only when neither GovernanceNow nor SOURCE_DATE_EPOCH is set.</summary>
    public Func<DateTimeOffset> UtcNow { get; init; } = () => DateTimeOffset.UtcNow;
}
