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

    /// <summary>
    /// The release store (<c>GovernanceStore</c>): a location <see cref="Store.ReleaseStoreFactory"/>
    /// opens, a relative directory being relative to the governance root. Empty for
    /// <c>GOVERNANCE_STORE</c>, else <c>.governance/store</c> under the governance root.
    /// </summary>
    public string? Store { get; init; }

    /// <summary>Where the evaluation reads files from; null for the working tree.</summary>
    public Inputs.IGateInputs? Inputs { get; init; }

    /// <summary>Reads an environment variable (CI detection, SOURCE_DATE_EPOCH).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>The wall clock, used only when neither GovernanceNow nor SOURCE_DATE_EPOCH is set.</summary>
    public Func<DateTimeOffset> UtcNow { get; init; } = () => DateTimeOffset.UtcNow;
}
