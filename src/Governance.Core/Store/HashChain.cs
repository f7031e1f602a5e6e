using System;
using System.Collections.Generic;
using System.Text.Json;
using Governance.Core.IO;
using Governance.Core.Json;

namespace Governance.Core.Store;

/// <summary>
/// Append-only, hash-chained streams over a release store (SLO history, promotion ledgers). Each
/// entry is a canonical JSON object that starts with <c>schemaVersion</c>, <c>sequence</c> and
/// <c>previous</c> (the digest of the entry before it), carries its own properties, and ends with
/// <c>digest</c>: the SHA-256 of the entry written without that last property. An entry edited,
/// removed, renamed or reordered breaks the chain and is reported, never believed, and nothing is
/// appended to a broken chain. Appends are create-only with retry, so concurrent writers land one
/// after the other and never fork the chain.
/// </summary>
public static class HashChain
{
    /// <summary>
    /// How often an append retries after losing a race for the next number before it gives up:
    /// enough for dozens of writers on a remote store, where one attempt (a fetch and a push)
    /// takes a tenth of a second and every attempt has one winner.
    /// </summary>
    private const int AppendAttempts = 400;

    /// <summary>Reads and verifies a stream; a problem ends the read at the last entry that could be trusted.</summary>
    public static ChainRead Read(IReleaseStore store, string stream, string schemaVersion)
    {
        for (int attempt = 1; ; attempt++)
        {
            ChainRead read = ReadOnce(store, stream, schemaVersion);
            if (read.Problem is not null)
            {
                return read;
            }

            // Shorter than this machine saw it: perhaps only because another writer here moved on
            // since this read's snapshot was taken. A fresh read settles it.
            string? forgotten = StreamHeadMemory.Check(store, stream, read);
            if (forgotten is null)
            {
                return read;
            }

            if (attempt == 3)
            {
                return new ChainRead(read.Entries, forgotten, store.Description);
            }

            store.Refresh();
        }
    }

    private static ChainRead ReadOnce(IReleaseStore store, string stream, string schemaVersion)
    {
        var entries = new List<ChainEntry>();
        string? previous = null;
        foreach (StreamEntry stored in store.ReadStream(stream))
        {
            ChainEntry? entry = Parse(stored, schemaVersion, out string? problem, out string? recomputed, out bool newer);
            if (entry is null)
            {
                return new ChainRead(entries, $"entry {stored.Sequence} cannot be read: {problem}", stored.Location) { NewerFormat = newer };
            }

            if (entry.Sequence != stored.Sequence || entry.Sequence != entries.Count + 1)
            {
                return new ChainRead(entries, $"entry {stored.Sequence} is out of sequence (expected {entries.Count + 1}): an entry was removed or renamed", stored.Location);
            }

            if (!string.Equals(recomputed, entry.Digest, StringComparison.Ordinal))
            {
                return new ChainRead(entries, $"entry {stored.Sequence} does not match its own digest: it was edited after it was recorded", stored.Location);
            }

            if (!string.Equals(entry.Previous, previous, StringComparison.Ordinal))
            {
                return new ChainRead(entries, $"entry {stored.Sequence} does not link to entry {stored.Sequence - 1} as recorded: the history was edited or rewritten", stored.Location);
            }

            entries.Add(entry);
            previous = entry.Digest;
        }

        return new ChainRead(entries, null, null);
    }

    /// <summary>The entry that would follow <paramref name="head"/> (null: the first), with its digest; nothing is written.</summary>
    public static ChainEntry Next(ChainEntry? head, string schemaVersion, Action<Utf8JsonWriter> writePayload)
    {
        long sequence = (head?.Sequence ?? 0) + 1;
        string? previous = head?.Digest;
        string digest = Sha256.OfBytes(Compose(sequence, previous, schemaVersion, writePayload, digest: null));
        return new ChainEntry(sequence, previous, digest, Compose(sequence, previous, schemaVersion, writePayload, digest), string.Empty);
    }

    /// <summary>
    /// Appends <paramref name="append"/> after the stream's newest entry, reading the stream again
    /// and retrying when another writer appended first. Nothing is appended to a broken stream, nor
    /// when the newest entry already records the same run.
    /// </summary>
    /// <returns>The stream as it stands afterwards and the entry appended (null when nothing was).</returns>
    /// <exception cref="InvalidOperationException">Other writers kept appending first, <see cref="AppendAttempts"/> times.</exception>
    public static (ChainRead Stream, ChainEntry? Appended) Append(IReleaseStore store, StreamAppend append)
    {
        var random = new Random();
        for (int attempt = 0; attempt < AppendAttempts; attempt++)
        {
            ChainRead read = Read(store, append.Stream, append.SchemaVersion);
            if (read.Problem is not null || (read.Head is ChainEntry head && append.IsAlreadyRecorded(head)))
            {
                return (read, null);
            }

            ChainEntry entry = Next(read.Head, append.SchemaVersion, append.WritePayload);
            if (store.TryAppend(append.Stream, entry.Sequence, entry.Content))
            {
                FaultPoint.Reach(FaultPoint.StreamAppended);
                var entries = new List<ChainEntry>(read.Entries) { entry };
                return (new ChainRead(entries, null, null), entry);
            }

            // Lost the race for this number: back off (growing, with jitter, so the writers spread
            // out instead of colliding again in step), then read again.
            System.Threading.Thread.Sleep(random.Next(1, Math.Min(5 + (attempt * 8), 400)));
        }

        throw new InvalidOperationException($"{append.Description} kept changing while appending: {AppendAttempts} other writers appended first.");
    }

    private static byte[] Compose(long sequence, string? previous, string schemaVersion, Action<Utf8JsonWriter> writePayload, string? digest) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("schemaVersion", schemaVersion);
        w.WriteNumber("sequence", sequence);
        if (previous is null)
        {
            w.WriteNull("previous");
        }
        else
        {
            w.WriteString("previous", previous);
        }

        writePayload(w);
        if (digest is not null)
        {
            w.WriteString("digest", digest);
        }

        w.WriteEndObject();
    });

    /// <summary>
    /// The chain's own fields of a stored entry and the digest its content has (recomputed over the
    /// entry written again without <c>digest</c>), or null with what is wrong with its shape.
    /// </summary>
    private static ChainEntry? Parse(StreamEntry stored, string schemaVersion, out string? problem, out string? recomputed, out bool newer)
    {
        problem = null;
        recomputed = null;
        newer = false;
        try
        {
            using JsonDocument document = JsonDocument.Parse(stored.Content);
            JsonElement root = document.RootElement;
            JsonElement version = root.GetProperty("schemaVersion");
            if (version.ValueKind != JsonValueKind.String || version.GetString() != schemaVersion)
            {
                newer = version.ValueKind == JsonValueKind.String && Json.FormatVersion.IsNewerMajor(version.GetString(), schemaVersion);
                problem = newer
                    ? $"schemaVersion {version.GetRawText()} is a newer format than this version of Governance.Sdk reads (\"{schemaVersion}\"): a newer version wrote it"
                    : $"schemaVersion {version.GetRawText()} is not \"{schemaVersion}\" (written by another version of Governance.Sdk)";
                return null;
            }

            JsonElement previous = root.GetProperty("previous");
            var entry = new ChainEntry(
                root.GetProperty("sequence").GetInt64(),
                previous.ValueKind == JsonValueKind.Null ? null : previous.GetString() ?? throw new FormatException(),
                root.GetProperty("digest").GetString() ?? throw new FormatException(),
                stored.Content,
                stored.Location);
            recomputed = Sha256.OfBytes(CanonicalJson.Write(w =>
            {
                w.WriteStartObject();
                foreach (JsonProperty property in root.EnumerateObject())
                {
                    if (property.Name != "digest")
                    {
                        property.WriteTo(w);
                    }
                }

                w.WriteEndObject();
            }));
            return entry;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            // Whatever the shape problem, the entry is not one this version wrote.
            problem = "it is not a well-formed entry";
            return null;
        }
    }
}
