using System;
using System.Collections.Generic;

namespace Governance.Core.Evaluation;

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

    /// <summary><c>GovernanceNow</c>: empty for the wall clock (<see cref="UtcNow"/>).</summary>
    public string? Now { get; init; }

    public required string SubjectName { get; init; }

    /// <summary><c>GovernanceSubjectName</c> as set, or empty when the subject is named by default (the solution or project): a set one keys the SLO history, so it is an override.</summary>
    public string? SubjectNameSetting { get; init; }

    public string SubjectVersion { get; init; } = string.Empty;

    /// <summary>
    /// Where the gate's settings come from (the project or solution file): diagnostics about a bad
    /// property value point there, not at the SDK's own targets.
    /// </summary>
    public string? SettingsFile { get; init; }

    public IReadOnlyList<GateProject> Projects { get; init; } = Array.Empty<GateProject>();

    /// <summary>Projects in the gate that set <c>GovernanceEnabled=false</c> (full paths): overrides of class <c>optOut</c>.</summary>
    public IReadOnlyList<string> DisabledProjects { get; init; } = Array.Empty<string>();

    /// <summary>Results the projects' own checks reported (GovernanceCheckTargets, GovernanceCommandCheck).</summary>
    public IReadOnlyList<ProjectCheckReport> ProjectChecks { get; init; } = Array.Empty<ProjectCheckReport>();

    /// <summary>
    /// The release store (<c>GovernanceStore</c>): a location <see cref="Store.ReleaseStoreFactory"/>
    /// opens, a relative directory being relative to the governance root. Empty for
    /// <c>GOVERNANCE_STORE</c>, else <c>.governance/store</c> under the governance root.
    /// </summary>
    public string? Store { get; init; }

    /// <summary>Where the evaluation reads files from; null for the working tree.</summary>
    public Inputs.IGateInputs? Inputs { get; init; }

    /// <summary>Reads an environment variable (CI detection, <c>GOVERNANCE_STORE</c>).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>What <c>.git</c> says above a folder (<see cref="SourceControl.SourceControlInfo.FromGit"/>); a replay answers from its recording.</summary>
    public Func<string, SourceControl.SourceControlInfo?> GitHead { get; init; } = SourceControl.SourceControlInfo.FromGit;

    /// <summary>The git work tree holding a folder (<see cref="SourceControl.SourceControlInfo.WorkTreeRoot"/>); a replay answers from its recording.</summary>
    public Func<string, string?> WorkTreeRoot { get; init; } = SourceControl.SourceControlInfo.WorkTreeRoot;

    /// <summary>
    /// Opens the release store at a resolved location, or null to open it with
    /// <see cref="Store.ReleaseStoreFactory"/>; a replay serves the store records the run consulted.
    /// Throws what the factory throws (<see cref="Store.StoreLocationException"/>, <see cref="Store.StoreUnavailableException"/>).
    /// </summary>
    public Func<string, Store.IReleaseStore>? OpenStore { get; init; }

    /// <summary>The wall clock: the decision clock when <c>GovernanceNow</c> is not set, and what a set one is compared with.</summary>
    public Func<DateTimeOffset> UtcNow { get; init; } = () => DateTimeOffset.UtcNow;
}
