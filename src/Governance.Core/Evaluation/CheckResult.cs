using System.Collections.Generic;
using Governance.Core.Diagnostics;
using Governance.Core.Policy;

namespace Governance.Core.Evaluation;

/// <summary>
/// One result of one check. <see cref="Id"/> names what was checked (stable across runs);
/// <see cref="Code"/> names the rule (a GOV code) and is what exceptions and NoWarn refer to.
/// Paths are absolute in memory; writers make them relative to the governance root.
/// </summary>
public sealed record CheckResult(
    string Id,
    DiagnosticDescriptor Rule,
    CheckStatus Status,
    Severity Severity,
    string Message,
    string? Project,
    IReadOnlyList<SourceLocation> Locations,
    IReadOnlyList<EvidenceReference> Evidence)
{
    public string Code => Rule.Code;

    /// <summary>The id of the exception that waived this failure, when <see cref="Status"/> is <c>waived</c>.</summary>
    public string? WaivedBy { get; init; }

    /// <summary>How the profile treats this result when it fails (<see cref="GateProfile"/>).</summary>
    public ProfileRule ProfileRule { get; init; } = ProfileRule.BySeverity;

    /// <summary>What the result says when the transitional profile turns its failure into a warning; null for the general wording.</summary>
    public string? TransitionalMessage { get; init; }

    /// <summary>True for <c>fail</c> and <c>error</c>: results that make the decision no-go unless waived.</summary>
    public bool IsBlocking => Status is CheckStatus.Fail or CheckStatus.Error;

    public static CheckResult FromDiagnostic(string id, Diagnostic diagnostic, string? project = null) =>
        new(
            id,
            diagnostic.Descriptor,
            diagnostic.Descriptor.IsConfigurationError ? CheckStatus.Error : CheckStatus.Fail,
            Severity.High,
            diagnostic.Message,
            project,
            diagnostic.Location is null ? new SourceLocation[0] : new[] { diagnostic.Location },
            new EvidenceReference[0]);
}
