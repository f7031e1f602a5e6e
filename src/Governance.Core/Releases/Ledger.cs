using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Governance.Core.Bundles;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Store;

namespace Governance.Core.Releases;

/// <summary>
/// One environment's ledger in the release store: the hash-chained stream <c>ledgers/&lt;environment&gt;</c>
/// (<see cref="HashChain"/>), one entry per promotion started, promoted, failed or rolled back. The
/// ledger is the environment's truth: status and deploy tooling read the current state from it,
/// feeds only distribute. An entry edited, removed, reordered or cut off is GOV7003 and nothing is
/// decided from, or appended to, a ledger that does not verify.
/// </summary>
public static class Ledger
{
    public const string SchemaVersion = "1";

    /// <summary>The stream of <paramref name="environment"/>: <c>ledgers/&lt;name, lowercase&gt;</c> (names compare without case).</summary>
    public static string StreamName(string environment) => "ledgers/" + environment.Trim().ToLowerInvariant();

    /// <summary>
    /// Reads and verifies the ledger of <paramref name="environment"/>. A problem (GOV7003) ends the
    /// read at the last entry that could be trusted.
    /// </summary>
    /// <param name="trustedKeys">
    /// With keys, every entry signed in the name of one of them must verify with it (and the key must
    /// not be compromised): a chain can be rewritten whole by someone with write access to the store,
    /// but not re-signed without the CI's key. Null: the chain alone is checked. An unsigned entry,
    /// or one signed by a key the policy does not list, passes either way: signatures prove who
    /// wrote an entry, and only the chain protects the ledger from a writer without the key.
    /// </param>
    /// <exception cref="StoreUnavailableException">The store cannot be reached (GOV1010).</exception>
    public static LedgerRead Read(IReleaseStore store, string environment, IReadOnlyList<LoadedTrustedKey>? trustedKeys = null)
    {
        string stream = StreamName(environment);
        ChainRead chain;
        try
        {
            chain = HashChain.Read(store, stream, SchemaVersion);
        }
        catch (StoreIntegrityException ex)
        {
            return new LedgerRead(environment, Array.Empty<RecordedLedgerEntry>(), Tampered(store, environment, ex.Message, ex.Location), new StreamHead(stream, 0, null));
        }

        var entries = new List<RecordedLedgerEntry>();
        var verified = new List<ChainEntry>();
        foreach (ChainEntry stored in chain.Entries)
        {
            RecordedLedgerEntry? entry = Parse(stored, environment, out string? problem);
            if (entry is null)
            {
                return new LedgerRead(environment, entries, Tampered(store, environment, $"entry {stored.Sequence} is not a ledger entry: {problem}", stored.Location),
                    StreamHead.Of(stream, new ChainRead(verified, null, null)));
            }

            // A signature naming a trusted key must verify with it. One by a key the policy does not
            // (or no longer) lists proves nothing either way, like an unsigned entry: it does not
            // break the ledger, or removing a retired key would break every ledger it signed.
            if (trustedKeys is not null && entry.Signature is not null
                && trustedKeys.Any(k => string.Equals(k.KeyId, entry.Signature.KeyId, StringComparison.OrdinalIgnoreCase))
                && LedgerSignature.SignedBy(environment, entry, trustedKeys) is null)
            {
                return new LedgerRead(environment, entries, Tampered(store, environment, $"entry {stored.Sequence} carries a signature in the name of the trusted key {entry.Signature.KeyId} that does not verify (or the key is marked compromised): it was forged or altered", stored.Location),
                    StreamHead.Of(stream, new ChainRead(verified, null, null)));
            }

            entries.Add(entry);
            verified.Add(stored);
        }

        Diagnostic? broken = chain.Problem is null ? null
            : chain.NewerFormat ? NewerFormat(store, environment, chain.Problem, chain.ProblemLocation)
            : Tampered(store, environment, chain.Problem, chain.ProblemLocation);
        return new LedgerRead(environment, entries, broken, StreamHead.Of(stream, chain));
    }

    /// <summary>
    /// Appends <paramref name="entry"/> after the ledger's newest entry, whatever it is, retrying
    /// when another writer appended first: for entries that rest on no check (<c>promote-failed</c>;
    /// a <c>promote-started</c> whose checks are repeated before the final entry). Nothing is
    /// appended to a broken ledger, nor when the newest entry already records the same action for
    /// the same release (a rerun).
    /// </summary>
    /// <param name="signer">Signs the entry when the CI has a signing key; null: unsigned.</param>
    /// <param name="trustedKeys">As for <see cref="Read"/>: a ledger with a forged signature is broken and nothing is appended to it.</param>
    public static LedgerAppend Append(IReleaseStore store, string environment, LedgerEntry entry, LedgerSigner? signer = null, IReadOnlyList<LoadedTrustedKey>? trustedKeys = null)
    {
        LedgerRead before = Read(store, environment, trustedKeys);
        if (!before.IsVerified)
        {
            return LedgerAppend.Of(LedgerAppendStatus.Broken, before);
        }

        LedgerEntrySignature? signature = signer is null ? null : LedgerSignature.Sign(environment, entry, signer);
        var append = new StreamAppend(
            StreamName(environment), SchemaVersion, w => WritePayload(w, environment, entry, signature),
            newest => Parse(newest, environment, out _) is RecordedLedgerEntry recorded && Records(recorded.Entry, entry),
            Gov.StoreTampered, $"The ledger of '{environment}'");
        (ChainRead _, ChainEntry? appended) = HashChain.Append(store, append);
        LedgerRead after = Read(store, environment, trustedKeys);
        if (!after.IsVerified)
        {
            return LedgerAppend.Of(LedgerAppendStatus.Broken, after);
        }

        RecordedLedgerEntry? recordedEntry = appended is null
            ? after.Entries.LastOrDefault(e => Records(e.Entry, entry))
            : after.Entries.FirstOrDefault(e => e.Sequence == appended.Sequence);
        return LedgerAppend.Of(appended is null ? LedgerAppendStatus.AlreadyRecorded : LedgerAppendStatus.Appended, after, recordedEntry);
    }

    /// <summary>
    /// Appends <paramref name="entry"/> only if nothing the decision rested on has moved since
    /// <paramref name="checkpoint"/> (compare-and-swap): every watched stream (the <c>after</c>
    /// ledger, the approvals) still stands where it stood, and the entry lands right after the
    /// ledger head the checks saw. Otherwise nothing is appended and the result is
    /// <see cref="LedgerAppendStatus.Moved"/>: read the ledgers and approvals again, check again,
    /// and append with the new checkpoint. The store is refreshed first, so a remote store's other
    /// writers are seen. The newest entry already recording the same action for the same release is
    /// <see cref="LedgerAppendStatus.AlreadyRecorded"/> (a rerun converges).
    /// </summary>
    /// <remarks>
    /// The watched streams are re-read just before the append, and the append itself is create-only
    /// at the next number, so a concurrent promotion to the same environment always loses one way or
    /// the other. A watched stream (another environment's ledger, an approval) that moves in the
    /// moment between its re-read and the append is not seen: the window is one store round trip.
    /// </remarks>
    /// <param name="signer">Signs the entry when the CI has a signing key; null: unsigned.</param>
    /// <param name="trustedKeys">As for <see cref="Read"/>: a ledger with a forged signature is broken and nothing is appended to it.</param>
    public static LedgerAppend AppendIfUnmoved(IReleaseStore store, string environment, LedgerEntry entry, LedgerCheckpoint checkpoint, LedgerSigner? signer = null, IReadOnlyList<LoadedTrustedKey>? trustedKeys = null)
    {
        store.Refresh();
        var moved = new List<StreamHead>();
        foreach (StreamHead watched in checkpoint.Watched)
        {
            StreamHead now = StreamHead.Read(store, watched.Stream);
            if (!now.Equals(watched))
            {
                moved.Add(now);
            }
        }

        LedgerRead ledger = Read(store, environment, trustedKeys);
        if (!ledger.IsVerified)
        {
            return LedgerAppend.Of(LedgerAppendStatus.Broken, ledger);
        }

        if (ledger.Newest is RecordedLedgerEntry newest && Records(newest.Entry, entry))
        {
            return LedgerAppend.Of(LedgerAppendStatus.AlreadyRecorded, ledger, newest);
        }

        if (!ledger.Head.Equals(checkpoint.Ledger))
        {
            moved.Insert(0, ledger.Head);
        }

        if (moved.Count > 0)
        {
            return LedgerAppend.Of(LedgerAppendStatus.Moved, ledger, moved: moved);
        }

        LedgerEntrySignature? signature = signer is null ? null : LedgerSignature.Sign(environment, entry, signer);
        ChainEntry? head = ledger.Newest is RecordedLedgerEntry last ? new ChainEntry(last.Sequence, last.Previous, last.Digest, Array.Empty<byte>(), last.Location) : null;
        ChainEntry next = HashChain.Next(head, SchemaVersion, w => WritePayload(w, environment, entry, signature));
        if (!store.TryAppend(StreamName(environment), next.Sequence, next.Content))
        {
            // Another writer took the number: the ledger moved under the checks.
            store.Refresh();
            return LedgerAppend.Of(LedgerAppendStatus.Moved, ledger, moved: new[] { StreamHead.Read(store, StreamName(environment)) });
        }

        FaultPoint.Reach(FaultPoint.StreamAppended);

        LedgerRead after = Read(store, environment, trustedKeys);
        RecordedLedgerEntry? appended = after.Entries.FirstOrDefault(e => e.Sequence == next.Sequence);
        return LedgerAppend.Of(after.IsVerified && appended is not null ? LedgerAppendStatus.Appended : LedgerAppendStatus.Broken, after, appended);
    }

    /// <summary>True when <paramref name="recorded"/> records what <paramref name="wanted"/> would: the same action for the same release.</summary>
    private static bool Records(LedgerEntry recorded, LedgerEntry wanted) =>
        recorded.Action == wanted.Action && recorded.Release.Equals(wanted.Release);

    private static void WritePayload(Utf8JsonWriter w, string environment, LedgerEntry entry, LedgerEntrySignature? signature)
    {
        LedgerEntryJson.WriteFields(w, environment, entry);
        if (signature is null)
        {
            w.WriteNull("signature");
        }
        else
        {
            w.WriteStartObject("signature");
            w.WriteString("payloadType", LedgerSignature.PayloadType);
            w.WriteString("keyid", signature.KeyId);
            w.WriteString("sig", signature.Base64);
            w.WriteEndObject();
        }
    }

    private static RecordedLedgerEntry? Parse(ChainEntry stored, string environment, out string? problem)
    {
        problem = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(stored.Content);
            LedgerEntry entry = LedgerEntryJson.Read(document.RootElement, out string recordedFor, out LedgerEntrySignature? signature);
            if (!Policy.EnvironmentPolicy.NameComparer.Equals(recordedFor, environment.Trim()))
            {
                problem = $"it records a promotion to '{recordedFor}': it was copied from another environment's ledger";
                return null;
            }

            return new RecordedLedgerEntry(stored.Sequence, stored.Previous, stored.Digest, entry, signature, stored.Location);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            // Whatever the shape problem, the entry is not one this version wrote.
            problem = ex is FormatException ? ex.Message : "its fields are not those of a ledger entry";
            return null;
        }
    }

    private static Diagnostic NewerFormat(IReleaseStore store, string environment, string problem, string? location) => new(
        Gov.UnsupportedSchemaVersion,
        $"The ledger of '{environment}' in the release store {store.Description} was written on by a newer Governance.Sdk: {problem}. Use that version of the governance tool (and of the SDK) for this store; this version neither decides from nor appends to the ledger.",
        location is null ? null : new SourceLocation(location));

    private static Diagnostic Tampered(IReleaseStore store, string environment, string problem, string? location) => new(
        Gov.StoreTampered,
        $"The ledger of '{environment}' in the release store {store.Description} cannot be trusted: {problem}. Nothing is promoted to or rolled back in '{environment}', and nothing is appended to its ledger, while it is broken: restore the store from a backup or from a copy another machine verified (governance store verify), then run the command again.",
        location is null ? null : new SourceLocation(location));
}
