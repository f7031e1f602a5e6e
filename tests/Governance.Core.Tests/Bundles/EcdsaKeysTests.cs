using System;
using System.Formats.Asn1;
using System.Linq;
using System.Numerics;
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

        // The BCL's own DER, brought to the low s the verifier requires.
        (BigInteger r, BigInteger s) = Decode(original.SignData(Data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.True(EcdsaKeys.Verify(verifier, Data, Der(r, BigInteger.Min(s, Order - s))));
        Assert.False(EcdsaKeys.Verify(verifier, Data, new byte[] { 0x30, 0x02, 0x05, 0x00 }));
    }

    [Fact]
    public void Our_signatures_are_always_canonical_DER_with_a_low_s()
    {
        using ECDsa original = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa signer = EcdsaKeys.LoadPrivateKey(original.ExportPkcs8PrivateKeyPem(), out _);

        // Half of all raw ECDSA signatures have a high s: 64 of them all coming out low is no accident.
        for (int i = 0; i < 64; i++)
        {
            byte[] signature = EcdsaKeys.Sign(signer, Data);
            (BigInteger r, BigInteger s) = Decode(signature);
            Assert.True(s <= Order / 2, "a high s was emitted");
            Assert.Equal(Der(r, s), signature);
        }
    }

    /// <summary>The attack: (r, n - s) is a second valid signature of the same data; only one of the two may verify.</summary>
    [Fact]
    public void A_high_s_signature_is_refused_although_the_mathematics_accepts_it()
    {
        using ECDsa original = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa signer = EcdsaKeys.LoadPrivateKey(original.ExportPkcs8PrivateKeyPem(), out _);
        using ECDsa verifier = EcdsaKeys.LoadPublicKey(original.ExportSubjectPublicKeyInfoPem(), out _);
        (BigInteger r, BigInteger s) = Decode(EcdsaKeys.Sign(signer, Data));
        byte[] malleated = Der(r, Order - s);

        Assert.True(original.VerifyData(Data, malleated, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.False(EcdsaKeys.Verify(verifier, Data, malleated));
        Assert.True(EcdsaKeys.Verify(verifier, Data, Der(r, s)));
    }

    public static TheoryData<string> NonCanonicalEncodings => new()
    {
        "extra leading zero in r", "extra leading zero in s", "long-form sequence length", "long-form integer length",
        "byte after the sequence", "byte inside the sequence", "sequence length too long", "sequence length too short",
        "integer length too long", "negative r", "r is zero", "s is zero", "r is n", "r above n", "indefinite length",
        "integer instead of sequence", "third integer",
    };

    /// <summary>The attack: the same (r, s) in another BER encoding is the same signature in other bytes; each must be refused.</summary>
    [Theory]
    [MemberData(nameof(NonCanonicalEncodings))]
    public void A_signature_in_any_encoding_but_canonical_DER_is_refused(string change)
    {
        using ECDsa original = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa signer = EcdsaKeys.LoadPrivateKey(original.ExportPkcs8PrivateKeyPem(), out _);
        using ECDsa verifier = EcdsaKeys.LoadPublicKey(original.ExportSubjectPublicKeyInfoPem(), out _);
        (BigInteger r, BigInteger s) = Decode(EcdsaKeys.Sign(signer, Data));
        byte[] encodedR = Integer(r), encodedS = Integer(s);
        byte[] Sequence(params byte[][] parts) => Wrap(0x30, parts.SelectMany(p => p).ToArray());

        byte[] attack = change switch
        {
            "extra leading zero in r" => Sequence(Wrap(0x02, new byte[] { 0 }.Concat(Content(r)).ToArray()), encodedS),
            "extra leading zero in s" => Sequence(encodedR, Wrap(0x02, new byte[] { 0 }.Concat(Content(s)).ToArray())),
            "long-form sequence length" => new byte[] { 0x30, 0x81, (byte)(encodedR.Length + encodedS.Length) }.Concat(encodedR).Concat(encodedS).ToArray(),
            "long-form integer length" => Sequence(new byte[] { 0x02, 0x81, (byte)Content(r).Length }.Concat(Content(r)).ToArray(), encodedS),
            "byte after the sequence" => Sequence(encodedR, encodedS).Concat(new byte[] { 0 }).ToArray(),
            "byte inside the sequence" => Sequence(encodedR, encodedS, new byte[] { 0 }),
            "sequence length too long" => Tweak(Sequence(encodedR, encodedS), 1, +1),
            "sequence length too short" => Tweak(Sequence(encodedR, encodedS), 1, -1),
            "integer length too long" => Tweak(Sequence(encodedR, encodedS), 3, +1),
            "negative r" => Sequence(Wrap(0x02, new byte[] { 0x80 }.Concat(new byte[31]).ToArray()), encodedS),
            "r is zero" => Sequence(Integer(BigInteger.Zero), encodedS),
            "s is zero" => Sequence(encodedR, Integer(BigInteger.Zero)),
            "r is n" => Sequence(Integer(Order), encodedS),
            "r above n" => Sequence(Integer(Order + r), encodedS),
            "indefinite length" => new byte[] { 0x30, 0x80 }.Concat(encodedR).Concat(encodedS).Concat(new byte[] { 0, 0 }).ToArray(),
            "integer instead of sequence" => Wrap(0x02, encodedR.Concat(encodedS).ToArray()),
            _ => Sequence(encodedR, encodedS, Integer(BigInteger.One)),
        };

        Assert.True(EcdsaKeys.Verify(verifier, Data, Sequence(encodedR, encodedS)));
        Assert.False(EcdsaKeys.Verify(verifier, Data, attack));
    }

    /// <summary>n, the order of the P-256 group.</summary>
    private static readonly BigInteger Order = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber);

    /// <summary>Reads a DER signature with the BCL's strict DER reader: an oracle independent of the code under test.</summary>
    private static (BigInteger R, BigInteger S) Decode(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        AsnReader sequence = reader.ReadSequence();
        BigInteger r = sequence.ReadInteger();
        BigInteger s = sequence.ReadInteger();
        sequence.ThrowIfNotEmpty();
        reader.ThrowIfNotEmpty();
        return (r, s);
    }

    private static byte[] Der(BigInteger r, BigInteger s)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.PushSequence();
        writer.WriteInteger(r);
        writer.WriteInteger(s);
        writer.PopSequence();
        return writer.Encode();
    }

    /// <summary>The minimal two's-complement content bytes of a non-negative integer.</summary>
    private static byte[] Content(BigInteger value) => value.ToByteArray(isUnsigned: false, isBigEndian: true);

    private static byte[] Integer(BigInteger value) => Wrap(0x02, Content(value));

    private static byte[] Wrap(byte tag, byte[] content) => new[] { tag, (byte)content.Length }.Concat(content).ToArray();

    private static byte[] Tweak(byte[] bytes, int index, int delta)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[index] = (byte)(copy[index] + delta);
        return copy;
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
