using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Json;
using Governance.Core.Store;

namespace Governance.Core.Slos;

/// <summary>
/// The SLO history of one gate subject in the release store: a hash-chained stream
/// (<see cref="HashChain"/>) with one entry per recorded gate run, holding which commit it was and
/// every SLO's outcome. An entry edited by hand, or a removed or reordered one, breaks the chain
/// and is reported instead of being believed.
/// </summary>
public static class SloHistory
{
    public const string SchemaVersion = "1";

    public static string StreamName(string subject) => "slo-history/" + StreamNames.Subject(subject);

    public static SloHistoryRead Read(IReleaseStore store, string subject) => FromChain(HashChain.Read(store, StreamName(subject), SchemaVersion));

    /// <summary>The entry that would record this run after <paramref name="history"/>'s newest; nothing is written.</summary>
    public static SloHistoryEntry Plan(SloHistoryRead history, DateTimeOffset recordedAt, string branch, string commit, IReadOnlyList<SloRecord> outcomes)
    {
        SloHistoryEntry? last = history.Entries.Count == 0 ? null : history.Entries[history.Entries.Count - 1];
        ChainEntry next = HashChain.Next(
            last is null ? null : new ChainEntry(last.Sequence, last.Previous, last.Digest, Array.Empty<byte>(), string.Empty),
            SchemaVersion, w => WritePayload(w, recordedAt, branch, commit, outcomes));
        return new SloHistoryEntry(next.Sequence, next.Previous, recordedAt, branch, commit, outcomes, next.Digest);
    }

    /// <summary>
    /// What appends this run to the history once the run's outputs are written: after the newest
    /// entry as it is then, and not at all when that entry is the same commit with the same outcomes (a rerun).
    /// </summary>
    public static StreamAppend Record(string subject, DateTimeOffset recordedAt, string branch, string commit, IReadOnlyList<SloRecord> outcomes) => new(
        StreamName(subject),
        SchemaVersion,
        w => WritePayload(w, recordedAt, branch, commit, outcomes),
        newest => Parse(newest, out _)?.SameRunAs(commit, outcomes) == true,
        Gov.SloHistoryTampered,
        $"The SLO history of '{subject}'");

    /// <summary>
    /// Appends a run to the history now (see <see cref="Record"/>). Returns the history afterwards and
    /// the entry appended (null for a rerun); a broken history is returned as read, untouched.
    /// </summary>
    public static (SloHistoryRead History, SloHistoryEntry? Appended) Append(IReleaseStore store, string subject, DateTimeOffset recordedAt, string branch, string commit, IReadOnlyList<SloRecord> outcomes)
    {
        (ChainRead stream, ChainEntry? appended) = HashChain.Append(store, Record(subject, recordedAt, branch, commit, outcomes));
        SloHistoryRead history = FromChain(stream);
        return (history, appended is null ? null : history.Entries.LastOrDefault());
    }

    /// <summary>The typed history: each verified entry parsed, up to the first whose content is not a history entry.</summary>
    private static SloHistoryRead FromChain(ChainRead chain)
    {
        var entries = new List<SloHistoryEntry>();
        foreach (ChainEntry stored in chain.Entries)
        {
            SloHistoryEntry? entry = Parse(stored, out string? problem);
            if (entry is null)
            {
                return new SloHistoryRead(entries, $"entry {stored.Sequence} cannot be read: {problem}", stored.Location);
            }

            entries.Add(entry);
        }

        return new SloHistoryRead(entries, chain.Problem, chain.ProblemLocation) { NewerFormat = chain.NewerFormat };
    }

    private static void WritePayload(Utf8JsonWriter w, DateTimeOffset recordedAt, string branch, string commit, IReadOnlyList<SloRecord> outcomes)
    {
        w.WriteString("recordedAt", GateClock.Format(recordedAt));
        w.WriteString("branch", branch);
        w.WriteString("commit", commit);
        w.WriteStartArray("outcomes");
        foreach (SloRecord outcome in outcomes)
        {
            w.WriteStartObject();
            w.WriteString("slo", outcome.Slo);
            w.WriteNumberOrNull("value", outcome.Value);
            w.WriteString("tier", Names.Of(outcome.Tier));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static SloHistoryEntry? Parse(ChainEntry stored, out string? problem)
    {
        problem = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(stored.Content);
            JsonElement root = document.RootElement;
            if (!GateClock.TryParseRfc3339(root.GetProperty("recordedAt").GetString() ?? string.Empty, out DateTimeOffset recordedAt))
            {
                problem = "recordedAt is not an RFC 3339 time";
                return null;
            }

            SloRecord[] outcomes = root.GetProperty("outcomes").EnumerateArray()
                .Select(o => new SloRecord(
                    o.GetProperty("slo").GetString()!,
                    o.GetProperty("value").ValueKind == JsonValueKind.Null ? null : o.GetProperty("value").GetDouble(),
                    Names.Parse<SloTier>(o.GetProperty("tier").GetString()!)))
                .ToArray();
            return new SloHistoryEntry(stored.Sequence, stored.Previous, recordedAt,
                root.GetProperty("branch").GetString()!, root.GetProperty("commit").GetString()!, outcomes, stored.Digest);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            // Whatever the shape problem, the entry is not one this version wrote.
            problem = "it is not a well-formed history entry";
            return null;
        }
    }
}
