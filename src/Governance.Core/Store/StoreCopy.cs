using System.Collections.Generic;
using System.Linq;
using Governance.Core.Diagnostics;

namespace Governance.Core.Store;

/// <summary>What copying a store did: what was written, what was there already, what disagreed, and the destination's audit afterwards.</summary>
public sealed record StoreCopyResult(int RecordsCopied, int RecordsPresent, int EntriesCopied, int EntriesPresent, IReadOnlyList<Diagnostic> Conflicts, StoreAuditResult Destination);

/// <summary>
/// Copies a whole release store into another (<c>governance store copy</c>), to move from a
/// directory to git or Azure and back. Idempotent: what the destination holds already with the
/// same bytes is left alone; what it holds with other bytes is a conflict, never overwritten
/// (both stores are create-only). Only verified content is copied, and the destination is
/// verified afterwards.
/// </summary>
public static class StoreCopy
{
    public static StoreCopyResult Copy(IReleaseStore from, IReleaseStore to)
    {
        StoreAuditResult source = StoreAudit.Verify(from);
        var conflicts = new List<Diagnostic>(source.Problems);
        if (conflicts.Count > 0)
        {
            // Damaged content is never carried into another store.
            return new StoreCopyResult(0, 0, 0, 0, conflicts, StoreAudit.Verify(to));
        }

        int recordsCopied = 0, recordsPresent = 0, entriesCopied = 0, entriesPresent = 0;
        foreach (string key in from.ListRecords(string.Empty))
        {
            StoreRecord record = from.ReadRecord(key)!;
            StoreRecord? existing = to.ReadRecord(key);
            StoreRecord kept = existing ?? to.CreateRecord(key, record.Content);
            if (kept.Sha256 != record.Sha256)
            {
                conflicts.Add(new Diagnostic(Gov.StoreTampered,
                    $"Record {key} is sha256:{record.Sha256} in {from.Description} but sha256:{kept.Sha256} in {to.Description}: the stores disagree, and neither is overwritten. Find out which one is right before using either.",
                    new SourceLocation(kept.Location)));
            }
            else if (existing is null)
            {
                recordsCopied++;
            }
            else
            {
                recordsPresent++;
            }
        }

        foreach (string stream in from.ListStreams())
        {
            Dictionary<long, StreamEntry> there = to.ReadStream(stream).ToDictionary(e => e.Sequence);
            foreach (StreamEntry entry in from.ReadStream(stream))
            {
                if (there.TryGetValue(entry.Sequence, out StreamEntry? present) || !to.TryAppend(stream, entry.Sequence, entry.Content))
                {
                    present ??= to.ReadStream(stream).First(e => e.Sequence == entry.Sequence);
                    if (!present.Content.SequenceEqual(entry.Content))
                    {
                        conflicts.Add(new Diagnostic(Gov.StoreTampered,
                            $"Entry {entry.Sequence} of stream {stream} differs between {from.Description} and {to.Description}: the stores' histories diverge, and neither is overwritten.",
                            new SourceLocation(present.Location)));
                    }
                    else
                    {
                        entriesPresent++;
                    }
                }
                else
                {
                    entriesCopied++;
                }
            }
        }

        return new StoreCopyResult(recordsCopied, recordsPresent, entriesCopied, entriesPresent, conflicts, StoreAudit.Verify(to));
    }
}
