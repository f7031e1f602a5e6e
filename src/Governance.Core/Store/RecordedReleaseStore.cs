using System;
using System.Collections.Generic;
using Governance.Core.Evidence;

namespace Governance.Core.Store;

/// <summary>
/// A read-only store serving what a recorded evaluation read (<see cref="StoreReads"/>): a replay
/// decides on the history the run saw, not on today's store. A question the run did not ask is
/// refused (<see cref="EvidenceIncompleteException"/>, GOV8002): the engine now reads something
/// the package cannot answer. Writes are refused: a replay records nothing.
/// </summary>
public sealed class RecordedReleaseStore : IReleaseStore
{
    private readonly StoreReads reads;
    private readonly string package;

    /// <param name="reads">The recorded reads.</param>
    /// <param name="package">The evidence package, for messages.</param>
    public RecordedReleaseStore(StoreReads reads, string package)
    {
        this.reads = reads;
        this.package = package;
    }

    public string Description => reads.Description;

    public StoreRecord? ReadRecord(string key) =>
        reads.Records.TryGetValue(key, out StoreRecord? record) ? record : throw Unrecorded($"the store record '{key}'");

    public StoreRecord CreateRecord(string key, byte[] content) => throw new InvalidOperationException("A replay does not write to the release store.");

    public IReadOnlyList<string> ListRecords(string prefix) =>
        reads.Lists.TryGetValue(prefix, out IReadOnlyList<string>? keys) ? keys : throw Unrecorded($"the list of store records under '{prefix}'");

    public IReadOnlyList<string> ListStreams() => reads.StreamNames ?? throw Unrecorded("the list of store streams");

    public void Refresh()
    {
    }

    public IReadOnlyList<StreamEntry> ReadStream(string stream) =>
        reads.Streams.TryGetValue(stream, out IReadOnlyList<StreamEntry>? entries) ? entries : throw Unrecorded($"the store stream '{stream}'");

    public bool TryAppend(string stream, long sequence, byte[] content) => throw new InvalidOperationException("A replay does not write to the release store.");

    private EvidenceIncompleteException Unrecorded(string what) => new(package, "store.json",
        $"the evaluation now reads {what}, which the run that wrote the package did not read, so the package cannot answer it. The engine reads the store differently from the version that wrote the package: replay it with that version, or treat the decision as not reproducible");
}
