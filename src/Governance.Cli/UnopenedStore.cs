using System;
using System.Collections.Generic;
using Governance.Core.Store;

namespace Governance.Cli;

/// <summary>A store that could not be opened: every operation reports why, so <c>store call</c> answers with the error instead of failing without one.</summary>
internal sealed class UnopenedStore : IReleaseStore
{
    private readonly Exception why;

    public UnopenedStore(Exception why) => this.why = why;

    public string Description => "(not opened)";

    public StoreRecord? ReadRecord(string key) => throw why;

    public StoreRecord CreateRecord(string key, byte[] content) => throw why;

    public IReadOnlyList<string> ListRecords(string prefix) => throw why;

    /// <summary>Every read reads the store as it is: nothing to refresh.</summary>
    public void Refresh()
    {
    }

    public IReadOnlyList<string> ListStreams() => throw why;

    public IReadOnlyList<StreamEntry> ReadStream(string stream) => throw why;

    public bool TryAppend(string stream, long sequence, byte[] content) => throw why;
}
