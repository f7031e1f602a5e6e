using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Governance.Core.Evaluation;
using Governance.Core.Json;

namespace Governance.Core.Releases;

/// <summary>
/// The one way a ledger entry's fields are written and read. Every field is always written (null
/// when empty), in one order, with lists sorted, so writing an entry read back gives the same bytes:
/// the signature is checked against the payload written again from what was read.
/// </summary>
internal static class LedgerEntryJson
{
    /// <summary>Writes the entry's fields (after the chain's own), the environment first.</summary>
    public static void WriteFields(Utf8JsonWriter w, string environment, LedgerEntry entry)
    {
        w.WriteString("environment", environment);
        w.WriteString("action", Names.Name(entry.Action));
        w.WriteStartObject("release");
        w.WriteString("id", entry.Release.Id);
        w.WriteStartArray("bundles");
        foreach (ReleaseBundle bundle in entry.Release.Bundles)
        {
            WriteBundle(w, bundle);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("previousCurrent");
        foreach (PreviousCurrent previous in entry.PreviousCurrent.OrderBy(p => p.Track))
        {
            w.WriteStartObject();
            w.WriteString("track", previous.Track.Key);
            WriteStringOrNull(w, "release", previous.ReleaseId);
            w.WritePropertyName("bundle");
            if (previous.Bundle is null)
            {
                w.WriteNullValue();
            }
            else
            {
                WriteBundle(w, previous.Bundle);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("by", entry.By);
        WriteStringOrNull(w, "reason", entry.Reason);
        w.WriteString("at", GateClock.Format(entry.At));
        w.WriteStartArray("approvalsConsumed");
        foreach (string approval in entry.ApprovalsConsumed.OrderBy(a => a, StringComparer.Ordinal))
        {
            w.WriteStringValue(approval);
        }

        w.WriteEndArray();
        w.WriteStartArray("unlisted");
        foreach (ReleaseBundle bundle in entry.Unlisted.OrderBy(b => b.PackageId.ToLowerInvariant(), StringComparer.Ordinal).ThenBy(b => b.Version, StringComparer.Ordinal))
        {
            WriteBundle(w, bundle);
        }

        w.WriteEndArray();
    }

    /// <summary>The payload a signature covers: the entry's fields as one canonical JSON object.</summary>
    public static byte[] Payload(string environment, LedgerEntry entry) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        WriteFields(w, environment, entry);
        w.WriteEndObject();
    });

    /// <summary>Reads an entry's fields; throws (JSON, key, format or argument exceptions) when they are not what <see cref="WriteFields"/> writes.</summary>
    public static LedgerEntry Read(JsonElement root, out string environment, out LedgerEntrySignature? signature)
    {
        environment = Text(root, "environment");
        LedgerAction action = Names.TryParse(Text(root, "action"), out LedgerAction named) ? named : throw new FormatException($"its action '{Text(root, "action")}' is none of promote-started, promote, promote-failed, rollback");
        JsonElement releaseElement = root.GetProperty("release");
        Release release = Release.TryCreate(releaseElement.GetProperty("bundles").EnumerateArray().Select(ReadBundle), out string? why) ?? throw new FormatException($"its release is not one: {why}");
        if (!string.Equals(release.Id, Text(releaseElement, "id"), StringComparison.Ordinal))
        {
            throw new FormatException("its release id is not the digest of its bundles");
        }

        var previous = new List<PreviousCurrent>();
        foreach (JsonElement item in root.GetProperty("previousCurrent").EnumerateArray())
        {
            ReleaseBundle? bundle = item.GetProperty("bundle").ValueKind == JsonValueKind.Null ? null : ReadBundle(item.GetProperty("bundle"));
            ReleaseTrack track = TrackOf(Text(item, "track"), release, bundle);
            previous.Add(new PreviousCurrent(track, bundle, TextOrNull(item, "release")));
        }

        if (!GateClock.TryParseRfc3339(Text(root, "at"), out DateTimeOffset at))
        {
            throw new FormatException("at is not an RFC 3339 time");
        }

        signature = null;
        JsonElement signed = root.GetProperty("signature");
        if (signed.ValueKind != JsonValueKind.Null)
        {
            if (Text(signed, "payloadType") != LedgerSignature.PayloadType)
            {
                throw new FormatException("its signature is not over a ledger entry");
            }

            signature = new LedgerEntrySignature(Text(signed, "keyid"), Bundles.DsseBase64.Decode(Text(signed, "sig")) ?? throw new FormatException("its signature is not base64"));
        }

        return new LedgerEntry(action, release, at.ToUniversalTime(), Text(root, "by"))
        {
            Reason = TextOrNull(root, "reason"),
            PreviousCurrent = previous,
            ApprovalsConsumed = root.GetProperty("approvalsConsumed").EnumerateArray().Select(a => a.GetString() ?? throw new FormatException("an approval is not a digest")).ToArray(),
            Unlisted = root.GetProperty("unlisted").EnumerateArray().Select(ReadBundle).ToArray(),
        };
    }

    private static void WriteBundle(Utf8JsonWriter w, ReleaseBundle bundle)
    {
        w.WriteStartObject();
        w.WriteString("package", bundle.PackageId);
        w.WriteString("version", bundle.Version);
        w.WriteString("manifestSha256", bundle.ManifestSha256);
        WriteStringOrNull(w, "gateReportSha256", bundle.GateReportSha256);
        w.WriteString("commit", bundle.Commit);
        w.WriteEndObject();
    }

    private static ReleaseBundle ReadBundle(JsonElement element) =>
        new(Text(element, "package"), Text(element, "version"), Text(element, "manifestSha256"), TextOrNull(element, "gateReportSha256"), Text(element, "commit"));

    /// <summary>The track a key names, spelt as the bundle (or the release's bundle) of that track spells its package.</summary>
    private static ReleaseTrack TrackOf(string key, Release release, ReleaseBundle? bundle)
    {
        int at = key.LastIndexOf('@');
        if (at <= 0 || !int.TryParse(key.Substring(at + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int major))
        {
            throw new FormatException("a track is not id@major");
        }

        var track = new ReleaseTrack(key.Substring(0, at), major);
        if (bundle is not null && !track.Equals(bundle.Track))
        {
            throw new FormatException("a previous bundle is not of its track");
        }

        string display = bundle?.PackageId ?? release.BundleOf(track)?.PackageId ?? track.PackageId;
        return new ReleaseTrack(display, major);
    }

    private static void WriteStringOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new FormatException($"{name} is null");

    private static string? TextOrNull(JsonElement element, string name)
    {
        JsonElement value = element.GetProperty(name);
        return value.ValueKind == JsonValueKind.Null ? null : value.GetString();
    }
}
