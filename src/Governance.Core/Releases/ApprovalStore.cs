using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using Governance.Core.Bundles;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Store;

namespace Governance.Core.Releases;

/// <summary>
/// Approvals in the release store: create-only records under
/// <c>approvals/&lt;environment&gt;/&lt;release id&gt;/&lt;payload digest&gt;.json</c>. A signed one is
/// a DSSE envelope (payload type <see cref="PayloadType"/>, ECDSA P-256 as bundles are signed); a
/// plain one is the payload itself. Recording the same approval again is harmless (the first record
/// stays). An approval is never changed or deleted: it is consumed by the ledger entry that lists it.
/// </summary>
public static class ApprovalStore
{
    public const string SchemaVersion = "1";

    /// <summary>The DSSE payload type of an approval.</summary>
    public const string PayloadType = "application/vnd.governance.approval+json";

    /// <summary>The folder of every approval for <paramref name="environment"/>.</summary>
    public static string Prefix(string environment) => "approvals/" + environment.Trim().ToLowerInvariant() + "/";

    /// <summary>The canonical payload of an approval: what its digest and signature cover.</summary>
    public static byte[] Payload(Approval approval) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("schemaVersion", SchemaVersion);
        w.WriteString("environment", approval.Environment);
        w.WriteStartObject("release");
        w.WriteString("id", approval.ReleaseId);
        w.WriteStartArray("manifests");
        foreach (string digest in approval.ManifestSha256s.OrderBy(d => d, StringComparer.Ordinal))
        {
            w.WriteStringValue(digest);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteString("policySha256", approval.PolicySha256);
        w.WriteString("approver", approval.Approver);
        w.WriteOptionalString("reason", approval.Reason);
        w.WriteString("created", GateClock.Format(approval.Created));
        w.WriteString("expires", GateClock.Format(approval.Expires));
        w.WriteEndObject();
    });

    /// <summary>
    /// Records <paramref name="approval"/>, signed with <paramref name="key"/> when given (an
    /// approver's private key, <c>--key</c>), and returns it as recorded.
    /// </summary>
    /// <exception cref="StoreIntegrityException">A record with this approval's key holds something else (GOV7003).</exception>
    public static RecordedApproval Record(IReleaseStore store, Approval approval, ECDsa? key = null, string? keyId = null)
    {
        byte[] payload = Payload(approval);
        string digest = Sha256.OfBytes(payload);
        string recordKey = Prefix(approval.Environment) + approval.ReleaseId + "/" + digest + ".json";
        byte[] content = payload;
        if (key is not null)
        {
            content = BundleAttestation.Envelope(PayloadType, payload, key, keyId ?? string.Empty);
        }

        StoreRecord stored = store.CreateRecord(recordKey, content);
        return Parse(recordKey, stored.Content, out string? problem)
            ?? throw new StoreIntegrityException($"The approval {recordKey} in the release store {store.Description} cannot be read: {problem}.", recordKey);
    }

    /// <summary>
    /// Every approval recorded for <paramref name="environment"/>. One that cannot be read (not an
    /// approval, a digest that is not its content's) is a GOV7003 in <paramref name="problems"/> and
    /// never counts.
    /// </summary>
    public static IReadOnlyList<RecordedApproval> Read(IReleaseStore store, string environment, List<Diagnostic> problems)
    {
        var approvals = new List<RecordedApproval>();
        foreach (string key in store.ListRecords(Prefix(environment)))
        {
            StoreRecord? record;
            try
            {
                record = store.ReadRecord(key);
            }
            catch (StoreIntegrityException ex)
            {
                problems.Add(Tampered(store, key, ex.Message));
                continue;
            }

            if (record is null)
            {
                continue;
            }

            RecordedApproval? approval = Parse(key, record.Content, out string? problem);
            if (approval is null)
            {
                problems.Add(Tampered(store, key, problem!));
            }
            else
            {
                approvals.Add(approval);
            }
        }

        return approvals;
    }

    /// <summary>An approval record as stored (a DSSE envelope or a plain payload), or null with why it is not one.</summary>
    public static RecordedApproval? Parse(string key, byte[] content, out string? problem)
    {
        problem = null;
        byte[] payload = content;
        DsseSignature? signature = null;
        try
        {
            using (JsonDocument document = JsonDocument.Parse(content))
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("payloadType", out _))
                {
                    DsseEnvelope? envelope = BundleAttestation.ParseEnvelope(content, out JsonFlaw? flaw);
                    if (envelope is null || envelope.PayloadType != PayloadType || envelope.Signatures.Count != 1)
                    {
                        problem = flaw is not null ? "its envelope " + flaw.Description : "it is not a DSSE envelope of one approval with one signature";
                        return null;
                    }

                    payload = envelope.Payload;
                    signature = envelope.Signatures[0];
                }
            }

            using JsonDocument approvalDocument = JsonDocument.Parse(payload);
            JsonElement root = approvalDocument.RootElement;
            if (Text(root, "schemaVersion") != SchemaVersion)
            {
                problem = $"its schemaVersion is not \"{SchemaVersion}\"";
                return null;
            }

            JsonElement release = root.GetProperty("release");
            if (!GateClock.TryParseRfc3339(Text(root, "created"), out DateTimeOffset created) || !GateClock.TryParseRfc3339(Text(root, "expires"), out DateTimeOffset expires))
            {
                problem = "created or expires is not an RFC 3339 time";
                return null;
            }

            var approval = new Approval(
                Text(root, "environment"), Text(release, "id"),
                release.GetProperty("manifests").EnumerateArray().Select(m => m.GetString() ?? throw new FormatException()).ToArray(),
                Text(root, "policySha256"), Text(root, "approver"), created.ToUniversalTime(), expires.ToUniversalTime())
            {
                Reason = root.TryGetProperty("reason", out JsonElement reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null,
            };
            string digest = Sha256.OfBytes(Payload(approval));
            if (!key.EndsWith("/" + digest + ".json", StringComparison.Ordinal) || !string.Equals(Release.IdOf(approval.ManifestSha256s), approval.ReleaseId, StringComparison.Ordinal))
            {
                problem = "its content is not what its name says (the digest or the release id does not match): it was edited after it was recorded";
                return null;
            }

            return new RecordedApproval(approval, digest, signature, key) { Payload = payload };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // Whatever the shape problem, the record is not an approval this version wrote.
            problem = "it is not an approval";
            return null;
        }
    }

    private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString() ?? throw new FormatException();

    private static Diagnostic Tampered(IReleaseStore store, string key, string problem) => new(
        Gov.StoreTampered,
        $"The approval {key} in the release store {store.Description} cannot be trusted: {problem}. It does not count; record the approval again (governance approve) and restore the store if it was altered.",
        new SourceLocation(key));
}
