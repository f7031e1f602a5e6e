using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Governance.Core.Bundles;
using Governance.Core.Crypto;
using Governance.Core.Store;

namespace Governance.Core.Tests.Bundles;

/// <summary>
/// A bundle packed and signed by the builder, with what an attacker needs to forge its envelope:
/// the statement, the trusted key's private half (the attacks a signature check alone would miss
/// are made with it) and a writer for envelopes as raw text.
/// </summary>
internal sealed class SignedBundle : IDisposable
{
    public SignedBundle(string version = "1.2.0")
    {
        SigningKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string nupkg = TestPackage.Write(Directory.Combine($"out/Contoso.Core.{version}.nupkg"), "Contoso.Core", version);
        BundleOutput output = BundleBuilder.Write(new BundleRequest
        {
            PackageId = "Contoso.Core",
            PackageVersion = version,
            PackageFiles = new[] { nupkg },
            SourceDirectory = Directory.Path,
            ProjectFile = Directory.Write("Contoso.Core.csproj", "<Project />"),
            SigningKeyPem = SigningKey.ExportECPrivateKeyPem(),
            Environment = _ => null,
        });
        Manifest = output.Manifest;
        Key = Trusted("release", SigningKey);
        Statement = Convert.FromBase64String(JsonNode.Parse(File.ReadAllText(EnvelopePath))!["payload"]!.GetValue<string>());
    }

    public TempDirectory Directory { get; } = new();

    public ECDsa SigningKey { get; }

    public string Manifest { get; }

    public string EnvelopePath => BundleManifest.EnvelopePathFor(Manifest);

    /// <summary>The trusted public half of <see cref="SigningKey"/>.</summary>
    public LoadedTrustedKey Key { get; }

    /// <summary>The statement the builder signed, as it signed it.</summary>
    public byte[] Statement { get; }

    /// <summary>The statement as compact text, for edits a JSON object model cannot make (a name twice, a bad escape).</summary>
    public string StatementText => JsonNode.Parse(Statement)!.ToJsonString();

    public static LoadedTrustedKey Trusted(string id, ECDsa key)
    {
        ECDsa verifier = EcdsaKeys.LoadPublicKey(key.ExportSubjectPublicKeyInfoPem(), out string keyId);
        return new LoadedTrustedKey(id, keyId, verifier);
    }

    /// <summary>The DER signature of <paramref name="payload"/> over the DSSE PAE, by <paramref name="key"/> (default: the trusted key).</summary>
    public byte[] Sign(byte[] payload, ECDsa? key = null, string payloadType = BundleAttestation.PayloadType) =>
        EcdsaKeys.Sign(key ?? SigningKey, BundleAttestation.Pae(payloadType, payload));

    /// <summary>Writes a correctly signed envelope around <paramref name="payload"/>, with <paramref name="signature"/> as the raw JSON of its one signature object (default: keyid and sig, standard base64).</summary>
    public void WriteEnvelope(byte[] payload, string? signature = null) =>
        WriteEnvelopeText($"{{\"payloadType\":\"{BundleAttestation.PayloadType}\",\"payload\":\"{Convert.ToBase64String(payload)}\",\"signatures\":[{signature ?? $"{{\"keyid\":\"{Key.KeyId}\",\"sig\":\"{Convert.ToBase64String(Sign(payload))}\"}}"}]}}");

    public void WriteEnvelopeText(string json) => File.WriteAllText(EnvelopePath, json, new UTF8Encoding(false));

    /// <summary>A moment inside every key lifetime the tests give without one in mind.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    public BundleVerification Verify(params LoadedTrustedKey[] keys) => BundleVerifier.Verify(Manifest, keys, null, record: false, Now);

    public BundleVerification Verify(IReleaseStore? store, bool record, DateTimeOffset now, params LoadedTrustedKey[] keys) =>
        BundleVerifier.Verify(Manifest, keys, store, record, now);

    public void Dispose()
    {
        SigningKey.Dispose();
        Directory.Dispose();
    }
}
