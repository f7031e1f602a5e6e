using System.Collections.Generic;

namespace Governance.Core.Store;

/// <summary>
/// What an evaluation read from the release store (the version floor's records, the SLO history
/// window), each question with the first answer it got: the evidence package keeps it, so a replay
/// decides on the same history without the store.
/// </summary>
/// <param name="Description">The store's description, which messages quote.</param>
/// <param name="Records">Each record key read, and the record (null when there was none).</param>
/// <param name="Lists">Each prefix listed, and the keys found.</param>
/// <param name="Streams">Each stream read, and its entries.</param>
/// <param name="StreamNames">The answer to <see cref="IReleaseStore.ListStreams"/>, or null when it was not asked.</param>
public sealed record StoreReads(
    string Description,
    IReadOnlyDictionary<string, StoreRecord?> Records,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Lists,
    IReadOnlyDictionary<string, IReadOnlyList<StreamEntry>> Streams,
    IReadOnlyList<string>? StreamNames);
