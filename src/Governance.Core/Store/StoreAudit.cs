using System;
using System.Collections.Generic;
using System.Text.Json;
using Governance.Core.Diagnostics;

namespace Governance.Core.Store;

/// <summary>What verifying a whole store found: how much was read, and every problem (GOV7003).</summary>
public sealed record StoreAuditResult(int Records, int Streams, int Entries, IReadOnlyList<Diagnostic> Problems);

/// <summary>
/// Verifies a whole release store (<c>governance store verify</c>): every record against its
/// digest and every stream as a hash chain. A store that cannot be reached is not judged
/// (<see cref="StoreUnavailableException"/> reaches the caller).
/// </summary>
public static class StoreAudit
{
    public static StoreAuditResult Verify(IReleaseStore store)
    {
        var problems = new List<Diagnostic>();
        IReadOnlyList<string> keys = store.ListRecords(string.Empty);
        foreach (string key in keys)
        {
            try
            {
                store.ReadRecord(key);
            }
            catch (StoreIntegrityException ex)
            {
                problems.Add(new Diagnostic(Gov.StoreTampered, $"Record {key}: {ex.Message}.", new SourceLocation(ex.Location)));
            }
        }

        int entries = 0;
        IReadOnlyList<string> streams = store.ListStreams();
        foreach (string stream in streams)
        {
            IReadOnlyList<StreamEntry> stored = store.ReadStream(stream);
            entries += stored.Count;
            ChainRead chain = HashChain.Read(store, stream, SchemaVersionOf(stored));
            if (chain.Problem is not null)
            {
                problems.Add(new Diagnostic(Gov.StoreTampered, $"Stream {stream}: {chain.Problem}.", chain.ProblemLocation is null ? null : new SourceLocation(chain.ProblemLocation)));
            }
        }

        return new StoreAuditResult(keys.Count, streams.Count, entries, problems);
    }

    /// <summary>The format version the stream's first entry says it is written in (each kind of stream has its own); the chain checks every entry against it.</summary>
    private static string SchemaVersionOf(IReadOnlyList<StreamEntry> entries)
    {
        try
        {
            using JsonDocument first = JsonDocument.Parse(entries[0].Content);
            return first.RootElement.ValueKind == JsonValueKind.Object && first.RootElement.TryGetProperty("schemaVersion", out JsonElement version) && version.ValueKind == JsonValueKind.String
                ? version.GetString()!
                : string.Empty;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentOutOfRangeException)
        {
            return string.Empty;
        }
    }
}
