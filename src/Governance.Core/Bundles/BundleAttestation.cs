using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Governance.Core.Crypto;
using Governance.Core.Json;
using Governance.Core.Lineage;

namespace Governance.Core.Bundles;

/// <summary>
/// What signs a bundle: an in-toto Statement v1 whose subjects are exactly the bundle's files
/// (name = path in the manifest, sha256) and whose predicate is SLSA provenance v1, naming the
/// manifest by digest so no field of it can change unnoticed; wrapped in a DSSE envelope signed
/// over the DSSE pre-authentication encoding (PAE) with ECDSA P-256.
/// </summary>
public static class BundleAttestation
{
    public const string PayloadType = "application/vnd.in-toto+json";

    /// <summary>Our buildType for packs: documented in docs/bundles.md.</summary>
    public const string BuildType = "urn:governance-sdk:buildtype:pack:v1";

    public static byte[] Statement(BundleManifest manifest, string manifestFileName, string manifestSha256, BuildRun run) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("_type", ProvenanceStatement.StatementType);
        w.WriteStartArray("subject");
        foreach (BundleFile file in manifest.Files)
        {
            w.WriteStartObject();
            w.WriteString("name", file.Path);
            w.WriteStartObject("digest");
            w.WriteString("sha256", file.Sha256);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("predicateType", ProvenanceStatement.PredicateType);
        w.WriteStartObject("predicate");
        w.WriteStartObject("buildDefinition");
        w.WriteString("buildType", BuildType);
        w.WriteStartObject("externalParameters");
        w.WriteStartObject("package");
        w.WriteString("name", manifest.Name);
        w.WriteString("version", manifest.Version);
        w.WriteEndObject();
        w.WriteStartObject("manifest");
        w.WriteString("name", manifestFileName);
        w.WriteString("sha256", manifestSha256);
        w.WriteEndObject();
        w.WriteString("branch", manifest.Metadata.Branch);
        w.WriteString("commit", manifest.Metadata.Commit);
        w.WriteEndObject();
        w.WriteStartArray("resolvedDependencies");
        if (manifest.Metadata.Commit.Length > 0)
        {
            w.WriteStartObject();
            if (manifest.Metadata.Repository.Length > 0)
            {
                w.WriteString("uri", "git+" + manifest.Metadata.Repository);
            }

            w.WriteStartObject("digest");
            w.WriteString("gitCommit", manifest.Metadata.Commit);
            w.WriteEndObject();
            w.WriteString("name", "source");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("runDetails");
        w.WriteStartObject("builder");
        w.WriteString("id", run.BuilderId);
        w.WriteEndObject();
        w.WriteStartObject("metadata");
        w.WriteOptionalString("invocationId", run.InvocationId);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>The DSSE pre-authentication encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body.</summary>
    public static byte[] Pae(string payloadType, byte[] payload)
    {
        byte[] type = Encoding.UTF8.GetBytes(payloadType);
        byte[] header = Encoding.UTF8.GetBytes(string.Format(CultureInfo.InvariantCulture, "DSSEv1 {0} {1} {2} ", type.Length, payloadType, payload.Length));
        return header.Concat(payload).ToArray();
    }

    /// <summary>Signs <paramref name="statement"/> and returns the envelope's bytes. The key never leaves this method.</summary>
    public static byte[] Envelope(byte[] statement, ECDsa key, string keyId) => Envelope(PayloadType, statement, key, keyId);

    /// <summary>
    /// A DSSE envelope with one ECDSA signature over the pre-authentication encoding of
    /// <paramref name="payload"/>: the one envelope format every signed thing here uses (bundles,
    /// evidence packages, approvals), told apart by <paramref name="payloadType"/>.
    /// </summary>
    public static byte[] Envelope(string payloadType, byte[] payload, ECDsa key, string keyId)
    {
        byte[] signature = EcdsaKeys.Sign(key, Pae(payloadType, payload));
        return CanonicalJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("payloadType", payloadType);
            w.WriteString("payload", Convert.ToBase64String(payload));
            w.WriteStartArray("signatures");
            w.WriteStartObject();
            w.WriteString("keyid", keyId);
            w.WriteString("sig", Convert.ToBase64String(signature));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>More signatures than any signer writes: each may have to be tried with every trusted key.</summary>
    public const int MaxSignatures = 16;

    /// <summary>
    /// Parses an envelope, or returns null with what is wrong with it. Strict (<see cref="StrictJson"/>):
    /// a property given twice or a string that is not text is refused, never resolved one way or
    /// another. <c>payload</c> and <c>sig</c> are base64 of either alphabet (<see cref="DsseBase64"/>);
    /// <c>keyid</c> is optional (absent, null or empty: no hint).
    /// </summary>
    public static DsseEnvelope? ParseEnvelope(byte[] bytes, out JsonFlaw? problem)
    {
        problem = StrictJson.Check(bytes);
        if (problem is not null)
        {
            return null;
        }

        using JsonDocument document = JsonDocument.Parse(bytes);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object ||
            !root.TryGetProperty("payloadType", out JsonElement type) || type.ValueKind != JsonValueKind.String ||
            !root.TryGetProperty("payload", out JsonElement payload) || payload.ValueKind != JsonValueKind.String ||
            !root.TryGetProperty("signatures", out JsonElement signatures) || signatures.ValueKind != JsonValueKind.Array)
        {
            problem = new JsonFlaw("lacks payloadType, payload or signatures (an object with two strings and an array)");
            return null;
        }

        byte[]? payloadBytes = DsseBase64.Decode(payload.GetString()!);
        if (payloadBytes is null)
        {
            problem = new JsonFlaw("has a payload that is not base64 (standard or URL-safe)");
            return null;
        }

        int count = signatures.GetArrayLength();
        if (count is 0 or > MaxSignatures)
        {
            problem = new JsonFlaw(count == 0 ? "has no signatures" : $"has {count} signatures; more than {MaxSignatures} are refused, since each may have to be tried with every trusted key");
            return null;
        }

        var parsed = new List<DsseSignature>();
        foreach (JsonElement signature in signatures.EnumerateArray())
        {
            if (signature.ValueKind != JsonValueKind.Object ||
                !signature.TryGetProperty("sig", out JsonElement sig) || sig.ValueKind != JsonValueKind.String)
            {
                problem = new JsonFlaw("has a signature without a 'sig' string");
                return null;
            }

            JsonElement id = signature.TryGetProperty("keyid", out JsonElement value) ? value : default;
            if (id.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.String))
            {
                problem = new JsonFlaw("has a signature whose keyid is not a string");
                return null;
            }

            byte[]? signatureBytes = DsseBase64.Decode(sig.GetString()!);
            if (signatureBytes is null)
            {
                problem = new JsonFlaw("has a signature whose 'sig' is not base64 (standard or URL-safe)");
                return null;
            }

            parsed.Add(new DsseSignature(id.ValueKind == JsonValueKind.String ? id.GetString()! : string.Empty, signatureBytes));
        }

        return new DsseEnvelope(type.GetString()!, payloadBytes, parsed);
    }
}
