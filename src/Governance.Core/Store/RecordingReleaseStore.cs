using System;
using System.Collections.Generic;
using System.Linq;

namespace Governance.Core.Store;

/// <summary>
/// The store an evaluation reads, remembering what it read (<see cref="Snapshot"/>) so the evidence
/// package can hold the records the decision rested on. Writes go through unrecorded: they are the
/// run's own records, made after the decision. The description is the wrapped store's, so the
/// stream-head memory of this machine and every message stay as they were.
/// </summary>
public sealed class RecordingReleaseStore : IReleaseStore
{
    private readonly IReleaseStore inner;
    private readonly Dictionary<string, StoreRecord?> records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> lists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<StreamEntry>> streams = new(StringComparer.Ordinal);
    private IReadOnlyList<string>? streamNames;

    public RecordingReleaseStore(IReleaseStore inner) => this.inner = inner;

    public string Description => inner.Description;

    /// <summary>The store this one records reads of.</summary>
    public IReleaseStore Inner => inner;

    /// <summary>What was read so far: the first answer to each question (the one the decision saw).</summary>
    public StoreReads Snapshot() => new(
        inner.Description,
        new Dictionary<string, StoreRecord?>(records, StringComparer.Ordinal),
        new Dictionary<string, IReadOnlyList<string>>(lists, StringComparer.Ordinal),
        new Dictionary<string, IReadOnlyList<StreamEntry>>(streams, StringComparer.Ordinal),
        streamNames);

    public StoreRecord? ReadRecord(string key)
    {
        StoreRecord? record = inner.ReadRecord(key);
        if (!records.ContainsKey(key))
        {
            records[key] = record;
        }

        return record;
    }

    public StoreRecord CreateRecord(string key, byte[] content) => inner.CreateRecord(key, content);

    public IReadOnlyList<string> ListRecords(string prefix)
    {
        IReadOnlyList<string> keys = inner.ListRecords(prefix);
        if (!lists.ContainsKey(prefix))
        {
            lists[prefix] = keys.ToArray();
        }

        return keys;
    }

    public IReadOnlyList<string> ListStreams()
    {
        IReadOnlyList<string> names = inner.ListStreams();
        streamNames ??= names.ToArray();
        return names;
    }

    public void Refresh() => inner.Refresh();

    public IReadOnlyList<StreamEntry> ReadStream(string stream)
    {
        IReadOnlyList<StreamEntry> entries = inner.ReadStream(stream);
        if (!streams.ContainsKey(stream))
        {
            streams[stream] = entries.ToArray();
        }

        return entries;
    }

    public bool TryAppend(string stream, long sequence, byte[] content) => inner.TryAppend(stream, sequence, content);
}
