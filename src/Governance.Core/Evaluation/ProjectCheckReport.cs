namespace Governance.Core.Evaluation;

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
