using System;
using System.Collections.Generic;
using Governance.Core.Store;

namespace Governance.Core.Releases;

/// <summary>
/// Where the streams a promotion's checks read stood when they were read: the target environment's
/// ledger, and every other stream the decision rests on (the <c>after</c> environment's ledger, the
/// approvals checked). <see cref="Ledger.AppendIfUnmoved"/> writes the final entry only while all of
/// them are still where they were; else the caller reads again and checks again.
/// </summary>
/// <param name="Ledger">The target environment's ledger head: the final entry is appended right after it, or not at all.</param>
/// <param name="Watched">The other streams' heads, each re-read before appending.</param>
public sealed record LedgerCheckpoint(StreamHead Ledger, IReadOnlyList<StreamHead> Watched)
{
    /// <summary>The checkpoint of a read of the target ledger and the heads of what else was read.</summary>
    public static LedgerCheckpoint Of(LedgerRead target, params StreamHead[] watched) => new(target.Head, watched ?? Array.Empty<StreamHead>());
}
