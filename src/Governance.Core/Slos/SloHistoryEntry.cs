using System;
using System.Collections.Generic;
using System.Linq;

namespace Governance.Core.Slos;

/// <summary>One recorded gate run: which commit, and every SLO's outcome.</summary>
/// <param name="Sequence">The entry's number in the history, from 1.</param>
/// <param name="Digest">SHA-256 of the entry's content (without this field): what the next entry links to.</param>
public sealed record SloHistoryEntry(long Sequence, string? Previous, DateTimeOffset RecordedAt, string Branch, string Commit, IReadOnlyList<SloRecord> Outcomes, string Digest)
{
    /// <summary>True when this entry records the same run result: the same commit with the same outcomes (a rerun).</summary>
    public bool SameRunAs(string commit, IReadOnlyList<SloRecord> outcomes) =>
        string.Equals(Commit, commit, StringComparison.Ordinal) && Outcomes.SequenceEqual(outcomes);
}
