using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Governance.Core.Bundles;
using Governance.Core.IO;
using Governance.Core.Policy;
using Governance.Core.Store;
using Governance.Core.Store.FileSystem;

namespace Governance.Core.Tests.Bundles;

/// <summary>
/// Key lifetimes (issue 13, item 11; contract section 6): rotating a key keeps what it signed and
/// the store recorded verifiable, an expired key cannot vouch for anything new, a compromised key
/// for nothing at all, and a preview key for no release.
/// </summary>
public class KeyLifetimeTests
{
    private static readonly DateTimeOffset Recorded = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Rotation = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AfterRotation = new(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static string[] Codes(BundleVerification result) => result.Findings.Select(f => f.Code).Distinct().ToArray();

    private static DirectoryReleaseStore Store(SignedBundle bundle) => new(bundle.Directory.Combine("store"));

    private static LoadedTrustedKey Rotated(SignedBundle bundle) => bundle.Key with { ValidFrom = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), ValidUntil = Rotation };

    private static void AssertRefused(BundleVerification result, params string[] messages)
    {
        Assert.Equal(new[] { "GOV4003" }, Codes(result));
        Assert.False(result.Recorded);
        foreach (string message in messages)
        {
            Assert.Contains(message, result.Findings[0].Message);
        }
    }

    [Fact]
    public void A_bundle_recorded_while_its_key_was_valid_still_verifies_after_the_key_expires()
    {
        using var bundle = new SignedBundle();
        DirectoryReleaseStore store = Store(bundle);
        LoadedTrustedKey key = Rotated(bundle);

        BundleVerification recorded = bundle.Verify(store, record: true, Recorded, key);
        BundleVerification rollback = bundle.Verify(store, record: false, AfterRotation, key);

        Assert.Empty(recorded.Findings);
        Assert.True(recorded.Recorded);
        Assert.Empty(rollback.Findings);
        Assert.Equal("release", rollback.SignedBy);
    }

    [Fact]
    public void The_recording_is_canonical_JSON_of_when_what_and_by_which_key_and_the_first_one_stands()
    {
        using var bundle = new SignedBundle();
        DirectoryReleaseStore store = Store(bundle);
        LoadedTrustedKey key = Rotated(bundle);

        bundle.Verify(store, record: true, Recorded.AddTicks(5_000_000), key);
        bundle.Verify(store, record: true, Recorded.AddDays(30), key);

        StoreRecord recording = BundleRecords.FindRecording(store, "contoso.core", "1.2.0")!;
        Assert.Equal("bundles/contoso.core/1.2.0/recorded.json", recording.Key);
        Assert.Equal(
            "{\n" +
            "  \"schemaVersion\": \"1\",\n" +
            "  \"name\": \"Contoso.Core\",\n" +
            "  \"version\": \"1.2.0\",\n" +
            "  \"recordedAt\": \"2026-06-01T12:00:00.5Z\",\n" +
            $"  \"manifestSha256\": \"{Sha256.OfBytes(File.ReadAllBytes(bundle.Manifest))}\",\n" +
            $"  \"keyId\": \"{key.KeyId}\",\n" +
            "  \"trustedKey\": \"release\"\n" +
            "}\n",
            Encoding.UTF8.GetString(recording.Content));
        Assert.Equal(new[] { "1.2.0" }, BundleRecords.Versions(store, "Contoso.Core"));
    }

    [Fact]
    public void An_unsigned_bundle_is_recorded_as_unsigned()
    {
        using var bundle = new SignedBundle();
        DirectoryReleaseStore store = Store(bundle);
        File.Delete(bundle.EnvelopePath);

        Assert.True(bundle.Verify(store, record: true, Recorded).Recorded);

        BundleRecording recording = BundleRecording.Parse(BundleRecords.FindRecording(store, "Contoso.Core", "1.2.0")!.Content)!;
        Assert.Null(recording.KeyId);
        Assert.Equal(Recorded, recording.RecordedAt);
    }

    /// <summary>The attack: a retired key (perhaps leaked since) signs something new; without a recording from its lifetime, nothing vouches for it.</summary>
    [Fact]
    public void An_expired_key_does_not_verify_a_bundle_the_store_never_recorded_and_it_is_not_recorded_now()
    {
        using var bundle = new SignedBundle();
        DirectoryReleaseStore store = Store(bundle);

        BundleVerification result = bundle.Verify(store, record: true, AfterRotation, Rotated(bundle));

        AssertRefused(result, "is signed by 'release', a key that expired at 2027-01-01T00:00:00Z (validUntil)", "has no recording of Contoso.Core 1.2.0", "Sign the bundle again with a current release key");
        Assert.Null(BundleRecords.Find(store, "Contoso.Core", "1.2.0"));
        Assert.Null(BundleRecords.FindRecording(store, "Contoso.Core", "1.2.0"));
        AssertRefused(bundle.Verify(null, record: false, AfterRotation, Rotated(bundle)), "there is no release store to show when the bundle was recorded");
    }

    [Fact]
    public void A_key_expires_at_validUntil_itself()
    {
        using var bundle = new SignedBundle();

        Assert.Empty(bundle.Verify(Store(bundle), record: false, Rotation.AddTicks(-1), Rotated(bundle)).Findings);
        AssertRefused(bundle.Verify(Store(bundle), record: false, Rotation, Rotated(bundle)), "expired at 2027-01-01T00:00:00Z");
    }

    [Fact]
    public void A_key_before_its_validFrom_vouches_for_nothing()
    {
        using var bundle = new SignedBundle();

        AssertRefused(bundle.Verify(Store(bundle), record: true, new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.Zero), Rotated(bundle)),
            "a key valid only from 2026-01-01T00:00:00Z (validFrom), and it is 2025-12-31T00:00:00Z now");
    }

    /// <summary>The attack: the expired key signs an edited manifest of a recorded version (same files, so immutability alone would not object).</summary>
    [Fact]
    public void A_recording_vouches_only_for_the_manifest_it_names()
    {
        using var bundle = new SignedBundle();
        DirectoryReleaseStore store = Store(bundle);
        LoadedTrustedKey key = Rotated(bundle);
        bundle.Verify(store, record: true, Recorded, key);

        // Re-signed properly, so only the recording can tell.
        string edited = File.ReadAllText(bundle.Manifest).Replace("\"branch\": \"\"", "\"branch\": \"release/forged\"");
        Assert.NotEqual(File.ReadAllText(bundle.Manifest), edited);
        File.WriteAllText(bundle.Manifest, edited);
        bundle.WriteEnvelope(Encoding.UTF8.GetBytes(bundle.StatementText.Replace(ManifestShaIn(bundle.StatementText), Sha256.OfBytes(File.ReadAllBytes(bundle.Manifest)))));
        Assert.Empty(bundle.Verify(store, record: false, Recorded, key).Findings);

        AssertRefused(bundle.Verify(store, record: false, AfterRotation, key), "the manifest recorded in the release store under Contoso.Core 1.2.0 is another one");
    }

    [Fact]
    public void A_recording_vouches_only_for_the_key_it_names()
    {
        using var bundle = new SignedBundle();
        DirectoryReleaseStore store = Store(bundle);
        using ECDsa otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        LoadedTrustedKey other = SignedBundle.Trusted("release-old", otherKey) with { ValidUntil = Rotation };
        bundle.Verify(store, record: true, Recorded, Rotated(bundle), other);

        // The same statement, now signed by the other key only.
        bundle.WriteEnvelope(bundle.Statement, $"{{\"keyid\":\"{other.KeyId}\",\"sig\":\"{Convert.ToBase64String(bundle.Sign(bundle.Statement, otherKey))}\"}}");

        AssertRefused(bundle.Verify(store, record: false, AfterRotation, Rotated(bundle), other), "recorded this bundle as signed by another key (release)");
    }

    [Fact]
    public void A_recording_made_after_the_key_expired_does_not_count()
    {
        using var bundle = new SignedBundle();
        DirectoryReleaseStore store = Store(bundle);
        LoadedTrustedKey key = Rotated(bundle);
        BundleRecords.AddRecording(store, new BundleRecording("Contoso.Core", "1.2.0", Rotation.AddDays(1), Sha256.OfBytes(File.ReadAllBytes(bundle.Manifest)), key.KeyId, key.Id));

        AssertRefused(bundle.Verify(store, record: false, AfterRotation, key), "recorded this bundle at 2027-01-02T00:00:00Z, when the key was not valid");
    }

    [Fact]
    public void A_recording_edited_in_the_store_is_GOV7003_not_believed()
    {
        using var bundle = new SignedBundle();
        DirectoryReleaseStore store = Store(bundle);
        LoadedTrustedKey key = Rotated(bundle);
        bundle.Verify(store, record: true, Recorded, key);
        string content = BundleRecords.FindRecording(store, "Contoso.Core", "1.2.0")!.Location;
        File.WriteAllText(content, File.ReadAllText(content).Replace("2026-06-01", "2026-06-02"));

        BundleVerification result = bundle.Verify(store, record: false, AfterRotation, key);

        Assert.Equal(new[] { "GOV7003" }, Codes(result));
        Assert.Contains("does not match its digest", result.Findings[0].Message);
    }

    /// <summary>The attack: a leaked key signs a bundle; marking it compromised must undo even what was recorded with it before.</summary>
    [Fact]
    public void A_compromised_key_invalidates_what_it_signed_even_when_recorded_while_valid()
    {
        using var bundle = new SignedBundle();
        DirectoryReleaseStore store = Store(bundle);
        Assert.True(bundle.Verify(store, record: true, Recorded, bundle.Key).Recorded);

        BundleVerification result = bundle.Verify(store, record: false, Recorded.AddDays(1), bundle.Key with { Compromised = true });

        AssertRefused(result, "is signed by 'release', a key the policy marks compromised", "Do not release this bundle or roll back to it");
        Assert.Null(result.SignedBy);
    }

    [Fact]
    public void A_compromised_key_taints_a_bundle_even_beside_a_good_signature()
    {
        using var bundle = new SignedBundle();
        using ECDsa leakedKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        LoadedTrustedKey leaked = SignedBundle.Trusted("leaked", leakedKey) with { Compromised = true };
        string Signature(LoadedTrustedKey key, ECDsa signer) => $"{{\"keyid\":\"{key.KeyId}\",\"sig\":\"{Convert.ToBase64String(bundle.Sign(bundle.Statement, signer))}\"}}";
        bundle.WriteEnvelope(bundle.Statement, Signature(bundle.Key, bundle.SigningKey) + "," + Signature(leaked, leakedKey));

        AssertRefused(bundle.Verify(bundle.Key, leaked), "'leaked', a key the policy marks compromised");
    }

    [Fact]
    public void A_preview_key_never_verifies_a_release_bundle()
    {
        using var bundle = new SignedBundle();
        DirectoryReleaseStore store = Store(bundle);

        BundleVerification result = bundle.Verify(store, record: true, Recorded, bundle.Key with { Use = KeyUse.Preview });

        AssertRefused(result, "is signed only by 'release', a key for previews (use: preview), and a preview key never vouches for a release bundle");
        Assert.Null(BundleRecords.Find(store, "Contoso.Core", "1.2.0"));
    }

    [Fact]
    public void A_release_key_still_verifies_when_a_preview_key_is_also_trusted()
    {
        using var bundle = new SignedBundle();
        using ECDsa previewKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        BundleVerification result = bundle.Verify(SignedBundle.Trusted("previews", previewKey) with { Use = KeyUse.Preview }, bundle.Key);

        Assert.Empty(result.Findings);
        Assert.Equal("release", result.SignedBy);
    }

    [Fact]
    public void The_loader_carries_lifetime_and_use_from_the_policy_to_the_loaded_key()
    {
        using var dir = new TempDirectory();
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        dir.Write("keys/r.pub.pem", key.ExportSubjectPublicKeyInfoPem());
        string policy = dir.Write("governance.json", """
            { "policyVersion": "1", "trustedKeys": [ { "id": "r", "publicKey": "keys/r.pub.pem",
              "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z", "compromised": true, "use": "preview" } ] }
            """);
        var findings = new System.Collections.Generic.List<Diagnostics.Diagnostic>();

        LoadedTrustedKey loaded = Assert.Single(TrustedKeyLoader.Load(PolicyLoader.Load(policy).Policy!, findings));

        Assert.Empty(findings);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), loaded.ValidFrom);
        Assert.Equal(Rotation, loaded.ValidUntil);
        Assert.True(loaded.Compromised);
        Assert.Equal(KeyUse.Preview, loaded.Use);
    }

    private static string ManifestShaIn(string statement)
    {
        const string marker = "\"manifest\":{";
        int at = statement.IndexOf("\"sha256\":\"", statement.IndexOf(marker, StringComparison.Ordinal), StringComparison.Ordinal) + "\"sha256\":\"".Length;
        return statement.Substring(at, 64);
    }
}
