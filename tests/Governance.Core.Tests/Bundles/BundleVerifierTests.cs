using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Governance.Core.Bundles;
using Governance.Core.Crypto;
using Governance.Core.IO;
using Governance.Core.Store;
using Governance.Core.Store.FileSystem;

namespace Governance.Core.Tests.Bundles;

/// <summary>A bundle written by the builder, then verified, then attacked one way at a time.</summary>
public class BundleVerifierTests
{
    private readonly ECDsa signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private static Func<string, string?> NoEnvironment => _ => null;

    /// <summary>The verifier's clock; the keys here have no lifetime, so any moment would do.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    private (string Manifest, LoadedTrustedKey Key) Pack(TempDirectory dir, bool sign = true, string version = "1.2.0", string content = "package bytes")
    {
        string nupkg = TestPackage.Write(dir.Combine($"out/Contoso.Core.{version}.nupkg"), "Contoso.Core", version, content);
        string snupkg = dir.Write($"out/Contoso.Core.{version}.snupkg", "symbols");
        string sbom = dir.Write("obj/sbom.json", "{}");
        BundleOutput output = BundleBuilder.Write(new BundleRequest
        {
            PackageId = "Contoso.Core",
            PackageVersion = version,
            PackageFiles = new[] { nupkg, snupkg },
            ExtraFiles = new[] { sbom },
            SourceDirectory = dir.Path,
            ProjectFile = dir.Write("Contoso.Core.csproj", "<Project />"),
            SigningKeyPem = sign ? signingKey.ExportECPrivateKeyPem() : null,
            Environment = NoEnvironment,
        });
        ECDsa verifier = EcdsaKeys.LoadPublicKey(signingKey.ExportSubjectPublicKeyInfoPem(), out string keyId);
        return (output.Manifest, new LoadedTrustedKey("release", keyId, verifier));
    }

    private static string[] Codes(BundleVerification result) => result.Findings.Select(f => f.Code).Distinct().ToArray();

    [Fact]
    public void A_signed_bundle_verifies_and_names_its_files_relative_to_the_manifest()
    {
        using var dir = new TempDirectory();
        (string manifest, LoadedTrustedKey key) = Pack(dir);

        BundleVerification result = BundleVerifier.Verify(manifest, new[] { key }, null, record: false, Now);

        Assert.Empty(result.Findings);
        Assert.True(result.IsVerified);
        Assert.Equal("release", result.SignedBy);
        Assert.EndsWith("Contoso.Core.1.2.0.bundle.json", manifest);
        BundleManifest read = BundleManifest.Read(manifest, out _, out _)!;
        Assert.Equal(new[] { "Contoso.Core.1.2.0.files/sbom.json", "Contoso.Core.1.2.0.nupkg", "Contoso.Core.1.2.0.snupkg" }, read.Files.Select(f => f.Path));
        Assert.True(File.Exists(BundleManifest.EnvelopePathFor(manifest)));
    }

    [Fact]
    public void Packing_the_same_files_twice_gives_the_same_manifest_bytes_but_a_fresh_signature()
    {
        using var dir = new TempDirectory();
        (string manifest, _) = Pack(dir);
        byte[] first = File.ReadAllBytes(manifest);
        byte[] firstEnvelope = File.ReadAllBytes(BundleManifest.EnvelopePathFor(manifest));

        Pack(dir);

        Assert.Equal(first, File.ReadAllBytes(manifest));
        Assert.NotEqual(firstEnvelope, File.ReadAllBytes(BundleManifest.EnvelopePathFor(manifest)));
    }

    [Fact]
    public void A_flipped_byte_is_GOV4001()
    {
        using var dir = new TempDirectory();
        (string manifest, LoadedTrustedKey key) = Pack(dir);
        string nupkg = dir.Combine("out/Contoso.Core.1.2.0.nupkg");
        byte[] bytes = File.ReadAllBytes(nupkg);
        bytes[3] ^= 0x01;
        File.WriteAllBytes(nupkg, bytes);

        BundleVerification result = BundleVerifier.Verify(manifest, new[] { key }, null, false, Now);

        Assert.Equal(new[] { "GOV4001" }, Codes(result));
        Assert.False(result.HasInputErrors);
        Assert.Contains("Contoso.Core.1.2.0.nupkg does not match the bundle", result.Findings[0].Message);
    }

    [Fact]
    public void A_removed_file_and_an_added_file_are_GOV4002()
    {
        using var dir = new TempDirectory();
        (string manifest, LoadedTrustedKey key) = Pack(dir);
        File.Delete(dir.Combine("out/Contoso.Core.1.2.0.snupkg"));
        dir.Write("out/Contoso.Core.1.2.0.files/backdoor.dll", "extra");

        BundleVerification result = BundleVerifier.Verify(manifest, new[] { key }, null, false, Now);

        Assert.Equal(new[] { "GOV4002" }, Codes(result));
        Assert.Contains(result.Findings, f => f.Message.Contains("Contoso.Core.1.2.0.snupkg is listed in the bundle but missing"));
        Assert.Contains(result.Findings, f => f.Message.Contains("Contoso.Core.1.2.0.files/backdoor.dll belongs to the bundle's files but is not in its manifest"));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../x")]
    [InlineData("C:/x")]
    public void A_path_outside_the_bundle_folder_is_refused_as_GOV4002_before_anything_is_read(string path)
    {
        using var dir = new TempDirectory();
        (string manifest, _) = Pack(dir, sign: false);
        EditManifest(manifest, m => m["files"]![0]!["path"] = path);

        BundleVerification result = BundleVerifier.Verify(manifest, Array.Empty<LoadedTrustedKey>(), null, false, Now);

        Assert.Equal(new[] { "GOV4002" }, Codes(result));
        Assert.Contains($"Refused: the manifest lists '{path}'", result.Findings[0].Message);
    }

    [Fact]
    public void An_edited_manifest_no_longer_matches_its_signature_GOV4003()
    {
        using var dir = new TempDirectory();
        (string manifest, LoadedTrustedKey key) = Pack(dir);
        EditManifest(manifest, m => m["metadata"]!["branch"] = "release/forged");

        BundleVerification result = BundleVerifier.Verify(manifest, new[] { key }, null, false, Now);

        Assert.Equal(new[] { "GOV4003" }, Codes(result));
        Assert.Contains("the manifest was edited after signing", result.Findings[0].Message);
    }

    [Fact]
    public void A_signature_by_an_untrusted_key_and_an_unsigned_bundle_under_trusted_keys_are_GOV4003()
    {
        using var dir = new TempDirectory();
        (string manifest, _) = Pack(dir);
        using ECDsa otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var untrusted = new LoadedTrustedKey("other", Sha256.OfBytes(otherKey.ExportSubjectPublicKeyInfo()), otherKey);

        BundleVerification wrongKey = BundleVerifier.Verify(manifest, new[] { untrusted }, null, false, Now);
        File.Delete(BundleManifest.EnvelopePathFor(manifest));
        BundleVerification unsigned = BundleVerifier.Verify(manifest, new[] { untrusted }, null, false, Now);
        BundleVerification unsignedWithoutPolicy = BundleVerifier.Verify(manifest, Array.Empty<LoadedTrustedKey>(), null, false, Now);

        Assert.Equal(new[] { "GOV4003" }, Codes(wrongKey));
        Assert.Contains("signed by a key the policy does not trust", wrongKey.Findings[0].Message);
        Assert.Equal(new[] { "GOV4003" }, Codes(unsigned));
        Assert.Contains("is not signed", unsigned.Findings[0].Message);
        Assert.Empty(unsignedWithoutPolicy.Findings);
    }

    /// <summary>bundles.requireSignature decides about an unsigned bundle; a signature that is there is verified either way.</summary>
    [Fact]
    public void RequireSignature_false_accepts_an_unsigned_bundle_but_still_verifies_a_signature()
    {
        using var dir = new TempDirectory();
        (string manifest, _) = Pack(dir);
        using ECDsa otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var untrusted = new LoadedTrustedKey("other", Sha256.OfBytes(otherKey.ExportSubjectPublicKeyInfo()), otherKey);

        BundleVerification wrongKey = BundleVerifier.Verify(manifest, new[] { untrusted }, null, false, Now, requireSignature: false);
        File.Delete(BundleManifest.EnvelopePathFor(manifest));
        BundleVerification unsigned = BundleVerifier.Verify(manifest, new[] { untrusted }, null, false, Now, requireSignature: false);
        BundleVerification required = BundleVerifier.Verify(manifest, Array.Empty<LoadedTrustedKey>(), null, false, Now, requireSignature: true);

        Assert.Equal(new[] { "GOV4003" }, Codes(wrongKey));
        Assert.Empty(unsigned.Findings);
        Assert.Null(unsigned.SignedBy);
        Assert.Equal(new[] { "GOV4003" }, Codes(required));
        Assert.Contains("bundles.requireSignature", required.Findings[0].Message);
    }

    [Fact]
    public void A_changed_signature_or_payload_does_not_verify_GOV4003()
    {
        using var dir = new TempDirectory();
        (string manifest, LoadedTrustedKey key) = Pack(dir);
        string envelope = BundleManifest.EnvelopePathFor(manifest);
        JsonNode node = JsonNode.Parse(File.ReadAllText(envelope))!;
        byte[] payload = Convert.FromBase64String(node["payload"]!.GetValue<string>());
        node["payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(payload).Replace("release", "forged")).Concat(new byte[] { (byte)' ' }).ToArray());
        File.WriteAllText(envelope, node.ToJsonString());

        BundleVerification result = BundleVerifier.Verify(manifest, new[] { key }, null, false, Now);

        Assert.Equal(new[] { "GOV4003" }, Codes(result));
        Assert.Contains("does not verify with the trusted key it names", result.Findings[0].Message);
    }

    [Fact]
    public void An_envelope_with_another_payload_type_is_GOV4003_even_when_correctly_signed()
    {
        using var dir = new TempDirectory();
        (string manifest, LoadedTrustedKey key) = Pack(dir);
        ResignEnvelope(manifest, key, payloadType: "application/json", edit: null);

        BundleVerification result = BundleVerifier.Verify(manifest, new[] { key }, null, false, Now);

        Assert.Equal(new[] { "GOV4003" }, Codes(result));
        Assert.Contains("signs a payload of type 'application/json'", result.Findings[0].Message);
    }

    [Theory]
    [InlineData("extra")]
    [InlineData("missing")]
    [InlineData("predicateType")]
    public void A_correctly_signed_statement_that_does_not_match_the_manifest_exactly_is_GOV4003(string change)
    {
        using var dir = new TempDirectory();
        (string manifest, LoadedTrustedKey key) = Pack(dir);
        ResignEnvelope(manifest, key, BundleAttestation.PayloadType, statement =>
        {
            JsonArray subjects = statement["subject"]!.AsArray();
            switch (change)
            {
                case "extra":
                    subjects.Add(new JsonObject { ["name"] = "evil.dll", ["digest"] = new JsonObject { ["sha256"] = new string('0', 64) } });
                    break;
                case "missing":
                    subjects.RemoveAt(0);
                    break;
                default:
                    statement["predicateType"] = "https://example.invalid/other";
                    break;
            }
        });

        BundleVerification result = BundleVerifier.Verify(manifest, new[] { key }, null, false, Now);

        Assert.Equal(new[] { "GOV4003" }, Codes(result));
        Assert.Contains(change == "predicateType" ? "predicateType" : "not exactly the manifest's files", result.Findings[0].Message);
    }

    [Fact]
    public void A_second_bundle_of_the_same_version_with_other_content_is_GOV4004_and_the_store_keeps_the_first()
    {
        using var dir = new TempDirectory();
        var store = new DirectoryReleaseStore(dir.Combine("store"));
        (string manifest, LoadedTrustedKey key) = Pack(dir);
        Assert.True(BundleVerifier.Verify(manifest, new[] { key }, store, record: true, Now).Recorded);
        Assert.Empty(BundleVerifier.Verify(manifest, new[] { key }, store, record: true, Now).Findings);
        byte[] firstRecord = File.ReadAllBytes(manifest);

        Pack(dir, content: "other package bytes");
        BundleVerification second = BundleVerifier.Verify(manifest, new[] { key }, store, record: true, Now);

        Assert.Equal(new[] { "GOV4004" }, Codes(second));
        Assert.False(second.Recorded);
        Assert.Contains("Contoso.Core 1.2.0 is already in the release store", second.Findings[0].Message);
        Assert.Equal(firstRecord, BundleRecords.Find(store, "contoso.core", "1.2.0")!.Content);
    }

    [Fact]
    public void Concurrent_records_of_different_bundles_with_one_version_keep_exactly_one()
    {
        using var dir = new TempDirectory();
        var store = new DirectoryReleaseStore(dir.Combine("store"));
        byte[][] manifests = Enumerable.Range(0, 8).Select(i => Encoding.UTF8.GetBytes($"{{\"files\":[{{\"path\":\"p\",\"sha256\":\"{i}\"}}]}}")).ToArray();

        StoreRecord[] results = manifests.AsParallel().WithDegreeOfParallelism(8).Select(m => BundleRecords.Add(store, "A", "1.0.0", m)).ToArray();

        byte[] kept = BundleRecords.Find(store, "a", "1.0.0")!.Content;
        Assert.All(results, r => Assert.Equal(kept, r.Content));
        // One record: no second record, no claim or temporary file left behind.
        Assert.Equal(new[] { "bundle.json" }, Directory.GetFiles(dir.Combine("store/records/bundles/a/1.0.0")).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void A_malformed_manifest_is_an_input_error_exit_2_not_an_exception()
    {
        using var dir = new TempDirectory();
        string manifest = dir.Write("x.bundle.json", "{ \"schemaVersion\": \"1\", ");

        BundleVerification result = BundleVerifier.Verify(manifest, Array.Empty<LoadedTrustedKey>(), null, false, Now);

        Assert.Equal(new[] { "GOV1001" }, Codes(result));
        Assert.True(result.HasInputErrors);
    }

    private static void EditManifest(string manifest, Action<JsonNode> edit)
    {
        JsonNode node = JsonNode.Parse(File.ReadAllText(manifest))!;
        edit(node);
        File.WriteAllText(manifest, node.ToJsonString());
    }

    /// <summary>Signs a (possibly edited) statement properly with the trusted key: the attacks a verifier that only checks signatures would miss.</summary>
    private void ResignEnvelope(string manifest, LoadedTrustedKey key, string payloadType, Action<JsonNode>? edit)
    {
        string envelope = BundleManifest.EnvelopePathFor(manifest);
        JsonNode node = JsonNode.Parse(File.ReadAllText(envelope))!;
        JsonNode statement = JsonNode.Parse(Convert.FromBase64String(node["payload"]!.GetValue<string>()))!;
        edit?.Invoke(statement);
        byte[] payload = Encoding.UTF8.GetBytes(statement.ToJsonString());
        byte[] signature = EcdsaKeys.Sign(signingKey, BundleAttestation.Pae(payloadType, payload));
        var resigned = new JsonObject
        {
            ["payloadType"] = payloadType,
            ["payload"] = Convert.ToBase64String(payload),
            ["signatures"] = new JsonArray(new JsonObject { ["keyid"] = key.KeyId, ["sig"] = Convert.ToBase64String(signature) }),
        };
        File.WriteAllText(envelope, resigned.ToJsonString());
    }

    [Fact]
    public void A_listed_file_that_is_a_link_is_refused_as_GOV4002_and_not_read()
    {
        using var dir = new TempDirectory();
        (string manifest, LoadedTrustedKey key) = Pack(dir);
        string symbols = dir.Combine("out/Contoso.Core.1.2.0.snupkg");
        string outside = dir.Write("elsewhere/secret.txt", "symbols");
        File.Delete(symbols);
        File.CreateSymbolicLink(symbols, outside);

        BundleVerification result = BundleVerifier.Verify(manifest, new[] { key }, null, false, Now);

        Assert.Equal(new[] { "GOV4002" }, Codes(result));
        Assert.Contains("Refused: Contoso.Core.1.2.0.snupkg is a link", result.Findings[0].Message);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_pipe_in_place_of_a_file_is_reported_without_being_opened()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        using var dir = new TempDirectory();
        (string manifest, LoadedTrustedKey key) = Pack(dir);
        string symbols = dir.Combine("out/Contoso.Core.1.2.0.snupkg");
        File.Delete(symbols);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", symbols))
        {
            mkfifo.WaitForExit();
        }

        // Opening a pipe for reading blocks until a writer comes: verification must not try.
        var verification = System.Threading.Tasks.Task.Run(() => BundleVerifier.Verify(manifest, new[] { key }, null, false, Now));
        var finished = await System.Threading.Tasks.Task.WhenAny(verification, System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(finished == verification, "verification hung on a pipe");

        BundleVerification result = await verification;
        Assert.Equal(new[] { "GOV4002" }, Codes(result));
        Assert.Contains("Refused: Contoso.Core.1.2.0.snupkg is a pipe, socket or device, not a file", result.Findings[0].Message);
    }

    [Fact]
    public void A_manifest_renamed_to_another_package_is_GOV4002()
    {
        using var dir = new TempDirectory();
        (string manifest, LoadedTrustedKey key) = Pack(dir);
        string renamed = dir.Combine("out/Contoso.Evil.9.9.9.bundle.json");
        File.Copy(manifest, renamed);
        File.Copy(BundleManifest.EnvelopePathFor(manifest), BundleManifest.EnvelopePathFor(renamed));

        BundleVerification result = BundleVerifier.Verify(renamed, new[] { key }, null, false, Now);

        Assert.Equal(new[] { "GOV4002" }, Codes(result));
        Assert.Contains("is the manifest of Contoso.Core 1.2.0, whose bundle is named Contoso.Core.1.2.0.bundle.json", result.Findings[0].Message);
        Assert.Contains(result.Findings, f => f.Message.Contains("does not list Contoso.Evil.9.9.9.nupkg, the package it is named after"));
    }

    [Theory]
    [InlineData("1.0.0", "1.0.0")]
    [InlineData("1.0.0.0", "1.0.0")]
    [InlineData("1.0.0+abc", "1.0.0")]
    [InlineData("01.002.3", "1.2.3")]
    [InlineData("1.2.3.4", "1.2.3.4")]
    [InlineData("1.0", "1.0.0")]
    [InlineData("1.0.0-Beta.1+sha", "1.0.0-beta.1")]
    public void Store_keys_use_the_version_as_NuGet_compares_it(string version, string normalized)
    {
        Assert.Equal(normalized, BundleRecords.NormalizeVersion(version));
    }

    [Fact]
    public void Versions_NuGet_considers_equal_are_one_release_in_the_store()
    {
        using var dir = new TempDirectory();
        var store = new DirectoryReleaseStore(dir.Combine("store"));
        BundleRecords.Add(store, "Contoso.Core", "1.0.0.0", Encoding.UTF8.GetBytes("{}"));

        Assert.NotNull(BundleRecords.Find(store, "contoso.core", "1.0.0+abc"));
        Assert.Throws<ArgumentException>(() => BundleRecords.Add(store, "../evil", "1.0.0", Encoding.UTF8.GetBytes("{}")));
    }
}
