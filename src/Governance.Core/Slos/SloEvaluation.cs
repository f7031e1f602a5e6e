using System.Collections.Generic;
using Governance.Core.Evaluation;
using Governance.Core.Store;

namespace Governance.Core.Slos;

/// <summary>
/// The SLO part of an evaluation: the check results, the outcomes for the report, and what this
/// run will add to the SLO history once its outputs are written.
/// </summary>
/// <param name="Planned">The history entry this run records, or null (an informational run, a rerun, no store, a broken history).</param>
/// <param name="Record">What appends <paramref name="Planned"/> to the store, or null.</param>
public sealed record SloEvaluation(IReadOnlyList<CheckResult> Checks, IReadOnlyList<SloOutcome> Outcomes, SloHistoryEntry? Planned, StreamAppend? Record);
