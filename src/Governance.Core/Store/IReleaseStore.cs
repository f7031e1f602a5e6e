using System.Collections.Generic;

namespace Governance.Core.Store;

/// <summary>
/// The release store: the one place that remembers across builds and machines what was released.
/// It holds immutable records (bundle manifests now; approvals and evidence next) and append-only
/// streams (SLO history now, promotion ledgers next). Every write is create-only or append-only,
/// so two writers at once never lose or overwrite each other's records, and every record is
/// verified against its digest when it is read. A backend is opened by
/// <see cref="ReleaseStoreFactory"/>; every backend passes the same conformance tests.
/// Keys and stream names are '/'-separated; each segment is a plain file name, lowercase by convention.
/// </summary>
public interface IReleaseStore
{
    /// <summary>A description for messages (a folder path, a URL without credentials).</summary>
    string Description { get; }

    /// <summary>The record at <paramref name="key"/>, or null when there is none.</summary>
    /// <exception cref="StoreIntegrityException">The record does not match the digest it was created with.</exception>
    StoreRecord? ReadRecord(string key);

    /// <summary>
    /// Creates the record <paramref name="key"/> unless it exists, and returns the record that is
    /// there afterwards: the given content, or what an earlier writer created (compare the content
    /// to tell them apart). A record is never overwritten.
    /// </summary>
    StoreRecord CreateRecord(string key, byte[] content);

    /// <summary>The keys of every record whose key starts with <paramref name="prefix"/> (a folder, ending in '/'; empty for every record), in ordinal order.</summary>
    IReadOnlyList<string> ListRecords(string prefix);

    /// <summary>The names of the streams that have entries, in ordinal order (for verifying and copying a whole store).</summary>
    IReadOnlyList<string> ListStreams();

    /// <summary>
    /// Makes the next read see the store as it is now: a store that reads a remote once per command
    /// (git) reads it again; the others always read it as it is, and do nothing.
    /// </summary>
    void Refresh();

    /// <summary>The entries of an append-only stream, in sequence order; empty when it has none.</summary>
    IReadOnlyList<StreamEntry> ReadStream(string stream);

    /// <summary>
    /// Creates entry <paramref name="sequence"/> (from 1) of <paramref name="stream"/> unless it
    /// exists: false when another writer created it first, so the caller reads again and appends
    /// after it. An entry is never overwritten.
    /// </summary>
    bool TryAppend(string stream, long sequence, byte[] content);
}
