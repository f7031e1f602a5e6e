using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Governance.Core.Crypto;

namespace Governance.Core.Tests.Bundles;

public class EcdsaKeysTests
{
    private static readonly byte[] Data = Encoding.UTF8.GetBytes("DSSEv1 28 application/vnd.in-toto+json 2 {}");

    [Fact]
    public void PKCS8_SEC1_and_SPKI_keys_load_and_a_private_key_has_the_id_of_its_public_key()
    {
        using ECDsa original = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using ECDsa pkcs8 = EcdsaKeys.LoadPrivateKey(original.ExportPkcs8PrivateKeyPem(), out string pkcs8Id);
        using ECDsa sec1 = EcdsaKeys.LoadPrivateKey(original.ExportECPrivateKeyPem(), out string sec1Id);
        using ECDsa spki = EcdsaKeys.LoadPublicKey(original.ExportSubjectPublicKeyInfoPem(), out string publicId);

        Assert.Equal(publicId, pkcs8Id);
        Assert.Equal(publicId, sec1Id);
        Assert.Equal(Core.IO.Sha256.OfBytes(original.ExportSubjectPublicKeyInfo()), publicId);
    }

    [Fact]
    public void Signatures_are_DER_as_the_BCL_reads_them_and_verify_only_with_the_right_key_and_data()
    {
        using ECDsa original = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa signer = EcdsaKeys.LoadPrivateKey(original.ExportPkcs8PrivateKeyPem(), out _);
        using ECDsa verifier = EcdsaKeys.LoadPublicKey(original.ExportSubjectPublicKeyInfoPem(), out _);
        using ECDsa stranger = EcdsaKeys.LoadPublicKey(other.ExportSubjectPublicKeyInfoPem(), out _);

        for (int i = 0; i < 20; i++)
        {
            // Many signatures, so r or s with a high bit (a DER integer needing a leading zero) is exercised.
            byte[] signature = EcdsaKeys.Sign(signer, Data);
            Assert.True(original.VerifyData(Data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            Assert.True(EcdsaKeys.Verify(verifier, Data, signature));
            Assert.False(EcdsaKeys.Verify(stranger, Data, signature));
            Assert.False(EcdsaKeys.Verify(verifier, Encoding.UTF8.GetBytes("other data"), signature));
        }

        byte[] bcl = original.SignData(Data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        Assert.True(EcdsaKeys.Verify(verifier, Data, bcl));
        Assert.False(EcdsaKeys.Verify(verifier, Data, new byte[] { 0x30, 0x02, 0x05, 0x00 }));
    }

    [Theory]
    [InlineData("not a key", "not a PEM file")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "not a private key")]
    [InlineData("-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n", "not valid base64")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----\n", "damaged")]
    [InlineData("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAMCAQA=\n-----END ENCRYPTED PRIVATE KEY-----\n", "encrypted")]
    public void Unusable_private_keys_say_why_without_key_material(string pem, string why)
    {
        KeyFormatException error = Assert.Throws<KeyFormatException>(() => EcdsaKeys.LoadPrivateKey(pem, out _));
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public void Keys_on_other_curves_and_RSA_keys_are_refused()
    {
        using ECDsa p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using RSA rsa = RSA.Create(2048);

        Assert.Contains("P-256", Assert.Throws<KeyFormatException>(() => EcdsaKeys.LoadPrivateKey(p384.ExportPkcs8PrivateKeyPem(), out _)).Message);
        Assert.Contains("P-256", Assert.Throws<KeyFormatException>(() => EcdsaKeys.LoadPublicKey(rsa.ExportSubjectPublicKeyInfoPem(), out _)).Message);
    }

    [Fact]
    public void A_damaged_header_never_puts_key_material_into_the_message()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string pem = key.ExportPkcs8PrivateKeyPem();
        string body = string.Concat(pem.Split('\n').Skip(1).TakeWhile(l => !l.StartsWith("-----", StringComparison.Ordinal)));
        // Four dashes: a naive reader takes everything up to the next "-----", the key included, as the label.
        string damaged = pem.Replace("-----BEGIN PRIVATE KEY-----", "-----BEGIN PRIVATE KEY----");

        KeyFormatException error = Assert.Throws<KeyFormatException>(() => EcdsaKeys.LoadPrivateKey(damaged, out _));

        Assert.DoesNotContain(body.Substring(0, 16), error.Message);
        Assert.Contains("not a PEM file", error.Message);
    }

    [Fact]
    public void The_EC_PARAMETERS_block_openssl_writes_first_is_skipped()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string withParameters = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + key.ExportECPrivateKeyPem();

        using ECDsa loaded = EcdsaKeys.LoadPrivateKey(withParameters, out string keyId);

        Assert.Equal(Core.IO.Sha256.OfBytes(key.ExportSubjectPublicKeyInfo()), keyId);
    }
}
