using System.Collections.Generic;

namespace Governance.Core.Store;

/// <summary>
/// Where a stream stood when it was read: how many entries it had and the SHA-256 of the newest
/// one's stored bytes (null when empty). Two heads of one stream are equal exactly when nothing was
/// appended in between, whatever the entries hold, so a caller can check that what a decision rested
/// on (another environment's ledger, the approvals) has not moved before recording the decision.
/// </summary>
/// <param name="Stream">The stream's '/'-separated name.</param>
/// <param name="Sequence">The newest entry's number; 0 for an empty stream.</param>
/// <param name="Sha256">SHA-256 of the newest entry's bytes, or null for an empty stream.</param>
public sealed record StreamHead(string Stream, long Sequence, string? Sha256)
{
    /// <summary>The head of a stream as a chain read found it (its verified entries).</summary>
    public static StreamHead Of(string stream, ChainRead read) =>
        read.Head is ChainEntry head ? new StreamHead(stream, head.Sequence, IO.Sha256.OfBytes(head.Content)) : new StreamHead(stream, 0, null);

    /// <summary>
    /// The head of <paramref name="stream"/> as the store holds it now (its entries are not verified:
    /// this only tells whether the stream moved). The caller refreshes the store first when it must
    /// see other machines' writes.
    /// </summary>
    public static StreamHead Read(IReleaseStore store, string stream)
    {
        IReadOnlyList<StreamEntry> entries = store.ReadStream(stream);
        if (entries.Count == 0)
        {
            return new StreamHead(stream, 0, null);
        }

        StreamEntry newest = entries[entries.Count - 1];
        return new StreamHead(stream, newest.Sequence, IO.Sha256.OfBytes(newest.Content));
    }

    /// <summary>For messages: "ledgers/prod at entry 4" or "ledgers/prod (empty)".</summary>
    public override string ToString() => Sequence == 0 ? $"{Stream} (empty)" : $"{Stream} at entry {Sequence}";
}
