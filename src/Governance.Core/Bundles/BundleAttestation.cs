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
    public static byte[] Envelope(byte[] statement, ECDsa key, string keyId)
    {
        byte[] signature = EcdsaKeys.Sign(key, Pae(PayloadType, statement));
        return CanonicalJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("payloadType", PayloadType);
            w.WriteString("payload", Convert.ToBase64String(statement));
            w.WriteStartArray("signatures");
            w.WriteStartObject();
            w.WriteString("keyid", keyId);
            w.WriteString("sig", Convert.ToBase64String(signature));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Parses an envelope, or returns null with the reason it is not one.</summary>
    public static DsseEnvelope? ParseEnvelope(byte[] bytes, out string? problem)
    {
        problem = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("payloadType", out JsonElement type) || type.ValueKind != JsonValueKind.String ||
                !root.TryGetProperty("payload", out JsonElement payload) || payload.ValueKind != JsonValueKind.String ||
                !root.TryGetProperty("signatures", out JsonElement signatures) || signatures.ValueKind != JsonValueKind.Array)
            {
                problem = "it lacks payloadType, payload or signatures";
                return null;
            }

            var parsed = new List<DsseSignature>();
            foreach (JsonElement signature in signatures.EnumerateArray())
            {
                if (signature.ValueKind != JsonValueKind.Object ||
                    !signature.TryGetProperty("sig", out JsonElement sig) || sig.ValueKind != JsonValueKind.String)
                {
                    problem = "a signature has no 'sig'";
                    return null;
                }

                string keyId = signature.TryGetProperty("keyid", out JsonElement id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : string.Empty;
                parsed.Add(new DsseSignature(keyId, Convert.FromBase64String(sig.GetString()!)));
            }

            return new DsseEnvelope(type.GetString()!, Convert.FromBase64String(payload.GetString()!), parsed);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            problem = ex is FormatException ? "its payload or a signature is not base64" : "it is not well-formed JSON";
            return null;
        }
    }
}
