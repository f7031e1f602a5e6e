using System;
using System.Collections.Generic;
using System.IO;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Store;

namespace Governance.Core.Evaluation;

/// <summary>
/// Records a decided run in the release store: the last step of a gate run, after its outputs are
/// written, so a crash or a failed output never leaves a run recorded that produced no report,
/// and a rerun of the same commit converges. Each append goes after the stream's head as it is at
/// that moment (another run may have appended since this one read it) and is skipped when the
/// head already records this run.
/// </summary>
public static class GateRecorder
{
    /// <summary>Makes every append; returns one diagnostic per append that could not be made (nothing else is lost).</summary>
    public static IReadOnlyList<Diagnostic> Record(GateEvaluation evaluation)
    {
        var problems = new List<Diagnostic>();
        if (evaluation.Store is null)
        {
            return problems;
        }

        foreach (StreamAppend append in evaluation.Records)
        {
            try
            {
                ChainRead stream = HashChain.Append(evaluation.Store, append).Stream;
                if (stream.Problem is not null)
                {
                    problems.Add(new Diagnostic(append.IntegrityRule,
                        $"{append.Description} in the release store is not trustworthy: {stream.Problem}. Nothing was appended, so this run is not recorded. Restore the store from a backup and run the gate again.",
                        stream.ProblemLocation is null ? null : new SourceLocation(stream.ProblemLocation)));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // The decision and its outputs stand; only the record is missing, and the next run of this commit makes it.
                string why = ex is InvalidOperationException ? "other runs kept appending first" : RepoPath.DescribeFailure(ex);
                problems.Add(new Diagnostic(ex is StoreUnavailableException ? Gov.StoreUnavailable : append.IntegrityRule,
                    $"{append.Description} in the release store ({evaluation.Store.Description}) cannot be appended to ({why}), so this run is not recorded, although its report was written. Check that GovernanceStore is reachable and writable by this job, then run the gate again; the history itself is not changed.",
                    null));
            }
        }

        return problems;
    }
}
