using System;
using System.Collections.Generic;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Policy;

namespace Governance.Core.Lineage;

/// <summary>
/// The lineage completeness results (check id <c>lineage</c>): digest conflicts between
/// contributors, then the graph rules of <see cref="LineageValidator"/>. Runs last, over the whole
/// graph, and is itself a node of the graph it validates.
/// </summary>
public static class LineageCompleteness
{
    /// <summary>The check id of every lineage completeness result.</summary>
    public const string CheckId = "lineage";

    public static IReadOnlyList<CheckResult> Check(LineageGraph lineage)
    {
        var results = new List<CheckResult>();
        foreach (DigestConflict conflict in lineage.Conflicts)
        {
            LineageOrigin by = conflict.ConflictingBy;
            results.Add(new CheckResult(CheckId, Gov.LineageIncomplete, CheckStatus.Fail, Severity.High,
                $"{conflict.NodeId} has two different contents in one gate: {conflict.RecordedBy} recorded {conflict.RecordedDigest} and {by} recorded {conflict.ConflictingDigest}, so one was built against an out-of-date copy. {by.Remedy} and run the gate again.",
                by.Project, Array.Empty<SourceLocation>(), Array.Empty<EvidenceReference>()));
        }

        foreach (LineageFinding finding in LineageValidator.Validate(lineage))
        {
            results.Add(new CheckResult(CheckId, finding.Rule, CheckStatus.Fail, Severity.High, finding.Message, finding.Project,
                Array.Empty<SourceLocation>(), Array.Empty<EvidenceReference>()));
        }

        if (results.Count == 0)
        {
            results.Add(new CheckResult(CheckId, Gov.LineageIncomplete, CheckStatus.Pass, Severity.High,
                $"The lineage is complete: {lineage.NodeCount} node(s) and {lineage.EdgeCount} edge(s); every artifact has a producer, every node reaches the decision and the decision traces back to sources.",
                null, Array.Empty<SourceLocation>(), Array.Empty<EvidenceReference>()));
        }

        return results;
    }
}
