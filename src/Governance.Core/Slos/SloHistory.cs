using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Store;

namespace Governance.Core.Slos;

/// <summary>How far an SLO's value is from its objective.</summary>
public enum SloTier
{
    Ok,
    Warn,
    SoftFail,
    HardFail,
    NoData,
}

/// <summary>One SLO's outcome in one gate run, as the history records it.</summary>
public sealed record SloRecord(string Slo, double? Value, SloTier Tier);

/// <summary>One recorded gate run: which commit, and every SLO's outcome.</summary>
/// <param name="Sequence">The entry's number in the history, from 1.</param>
/// <param name="Digest">SHA-256 of the entry's content (without this field): what the next entry links to.</param>
public sealed record SloHistoryEntry(long Sequence, string? Previous, DateTimeOffset RecordedAt, string Branch, string Commit, IReadOnlyList<SloRecord> Outcomes, string Digest)
{
    /// <summary>True when this entry records the same run result: the same commit with the same outcomes (a rerun).</summary>
    public bool SameRunAs(string commit, IReadOnlyList<SloRecord> outcomes) =>
        string.Equals(Commit, commit, StringComparison.Ordinal) && Outcomes.SequenceEqual(outcomes);
}

/// <summary>The history as read: its entries, oldest first, or the reason it cannot be trusted.</summary>
public sealed record SloHistoryRead(IReadOnlyList<SloHistoryEntry> Entries, string? Problem, string? ProblemLocation);

/// <summary>
/// The SLO history of one gate subject in the release store: an append-only stream whose entries
/// are chained by digest. Each entry carries the SHA-256 of its own content and that of the
/// entry before it, so an entry edited by hand (or a removed or reordered one) breaks the chain
/// and is reported instead of being believed. Appends are create-only with retry: two gate runs
/// at once both land, one after the other.
/// </summary>
public static class SloHistory
{
    public const string SchemaVersion = "1";

    /// <summary>How often an append retries after losing a race for the next number before it gives up.</summary>
    private const int AppendAttempts = 50;

    public static string StreamName(string subject) => "slo-history/" + Sanitize(subject);

    public static SloHistoryRead Read(IReleaseStore store, string subject)
    {
        var entries = new List<SloHistoryEntry>();
        string? previous = null;
        foreach (StreamEntry stored in store.ReadStream(StreamName(subject)))
        {
            SloHistoryEntry? entry = Parse(stored.Content, out string? problem);
            if (entry is null)
            {
                return new SloHistoryRead(entries, $"entry {stored.Sequence} cannot be read: {problem}", stored.Location);
            }

            if (entry.Sequence != stored.Sequence || entry.Sequence != entries.Count + 1)
            {
                return new SloHistoryRead(entries, $"entry {stored.Sequence} is out of sequence (expected {entries.Count + 1}): an entry was removed or renamed", stored.Location);
            }

            if (!string.Equals(Sha256.OfBytes(Body(entry)), entry.Digest, StringComparison.Ordinal))
            {
                return new SloHistoryRead(entries, $"entry {stored.Sequence} does not match its own digest: it was edited after it was recorded", stored.Location);
            }

            if (!string.Equals(entry.Previous, previous, StringComparison.Ordinal))
            {
                return new SloHistoryRead(entries, $"entry {stored.Sequence} does not link to entry {stored.Sequence - 1} as recorded: the history was edited or rewritten", stored.Location);
            }

            entries.Add(entry);
            previous = entry.Digest;
        }

        return new SloHistoryRead(entries, null, null);
    }

    /// <summary>
    /// Appends a run to the history after the newest entry, re-reading and retrying when another
    /// run appended first. A rerun (the newest entry is the same commit with the same outcomes) is
    /// not appended again, also when the two runs race. Returns the history after the append
    /// and the entry appended (null for a rerun); a broken history is returned as read, untouched.
    /// </summary>
    public static (SloHistoryRead History, SloHistoryEntry? Appended) Append(IReleaseStore store, string subject, DateTimeOffset recordedAt, string branch, string commit, IReadOnlyList<SloRecord> outcomes)
    {
        for (int attempt = 0; attempt < AppendAttempts; attempt++)
        {
            SloHistoryRead history = Read(store, subject);
            SloHistoryEntry? last = history.Entries.Count == 0 ? null : history.Entries[history.Entries.Count - 1];
            if (history.Problem is not null || (last is not null && last.SameRunAs(commit, outcomes)))
            {
                return (history, null);
            }

            var entry = new SloHistoryEntry((last?.Sequence ?? 0) + 1, last?.Digest, recordedAt, branch, commit, outcomes, string.Empty);
            entry = entry with { Digest = Sha256.OfBytes(Body(entry)) };
            if (store.TryAppend(StreamName(subject), entry.Sequence, ToJson(entry)))
            {
                return (new SloHistoryRead(history.Entries.Concat(new[] { entry }).ToArray(), null, null), entry);
            }
        }

        throw new InvalidOperationException($"The SLO history of '{subject}' kept changing while appending: {AppendAttempts} other runs appended first.");
    }

    /// <summary>The entry's content without its digest: what the digest is computed over.</summary>
    private static byte[] Body(SloHistoryEntry entry) => Write(entry, includeDigest: false);

    public static byte[] ToJson(SloHistoryEntry entry) => Write(entry, includeDigest: true);

    private static byte[] Write(SloHistoryEntry entry, bool includeDigest) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("schemaVersion", SchemaVersion);
        w.WriteNumber("sequence", entry.Sequence);
        if (entry.Previous is null)
        {
            w.WriteNull("previous");
        }
        else
        {
            w.WriteString("previous", entry.Previous);
        }

        w.WriteString("recordedAt", Evaluation.GateClock.Format(entry.RecordedAt));
        w.WriteString("branch", entry.Branch);
        w.WriteString("commit", entry.Commit);
        w.WriteStartArray("outcomes");
        foreach (SloRecord outcome in entry.Outcomes)
        {
            w.WriteStartObject();
            w.WriteString("slo", outcome.Slo);
            w.WriteNumberOrNull("value", outcome.Value);

            w.WriteString("tier", TierName(outcome.Tier));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (includeDigest)
        {
            w.WriteString("digest", entry.Digest);
        }

        w.WriteEndObject();
    });

    private static SloHistoryEntry? Parse(byte[] content, out string? problem)
    {
        problem = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(content);
            JsonElement root = document.RootElement;
            if (root.GetProperty("schemaVersion").GetString() != SchemaVersion)
            {
                problem = $"schemaVersion {root.GetProperty("schemaVersion").GetRawText()} is not \"{SchemaVersion}\" (written by another version of Governance.Sdk)";
                return null;
            }

            if (!Evaluation.GateClock.TryParseRfc3339(root.GetProperty("recordedAt").GetString() ?? string.Empty, out DateTimeOffset recordedAt))
            {
                problem = "recordedAt is not an RFC 3339 time";
                return null;
            }

            JsonElement previous = root.GetProperty("previous");
            var outcomes = root.GetProperty("outcomes").EnumerateArray()
                .Select(o => new SloRecord(
                    o.GetProperty("slo").GetString()!,
                    o.GetProperty("value").ValueKind == JsonValueKind.Null ? null : o.GetProperty("value").GetDouble(),
                    ParseTier(o.GetProperty("tier").GetString())))
                .ToArray();
            return new SloHistoryEntry(
                root.GetProperty("sequence").GetInt64(),
                previous.ValueKind == JsonValueKind.Null ? null : previous.GetString(),
                recordedAt,
                root.GetProperty("branch").GetString()!,
                root.GetProperty("commit").GetString()!,
                outcomes,
                root.GetProperty("digest").GetString()!);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            // Whatever the shape problem, the entry is not one this version wrote.
            problem = "it is not a well-formed history entry";
            return null;
        }
    }

    public static string TierName(SloTier tier) => tier switch
    {
        SloTier.Warn => "warn",
        SloTier.SoftFail => "soft-fail",
        SloTier.HardFail => "hard-fail",
        SloTier.NoData => "no-data",
        _ => "ok",
    };

    private static SloTier ParseTier(string? name) => name switch
    {
        "ok" => SloTier.Ok,
        "warn" => SloTier.Warn,
        "soft-fail" => SloTier.SoftFail,
        "hard-fail" => SloTier.HardFail,
        "no-data" => SloTier.NoData,
        _ => throw new FormatException("unknown tier"),
    };

    /// <summary>A subject name as one folder name in the store: letters, digits, '.', '-' and '_' kept, anything else '_'.</summary>
    private static string Sanitize(string subject)
    {
        string safe = new string(subject.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? char.ToLowerInvariant(c) : '_').ToArray()).Trim('.');
        return safe.Length == 0 ? "_" : safe;
    }
}
