using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Governance.Core.Bundles;

namespace Governance.Core.Tests.Bundles;

/// <summary>
/// DSSE conformance and strictness (issue 13, items 5, 13 and 14): what the protocol allows
/// verifies; every envelope or statement that two readers could read differently, or that a
/// reader cannot read at all, is a GOV4003 finding, never a crash.
/// </summary>
public class DsseEnvelopeTests
{
    private static string[] Codes(BundleVerification result) => result.Findings.Select(f => f.Code).Distinct().ToArray();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static void AssertRefused(BundleVerification result, string message)
    {
        Assert.Equal(new[] { "GOV4003" }, Codes(result));
        Assert.Contains(message, result.Findings[0].Message);
    }

    [Fact]
    public void Payload_and_sig_in_URL_safe_base64_without_padding_verify()
    {
        using var bundle = new SignedBundle();
        // ASCII text rarely has '+' or '/' in base64: "???" puts a '?' (0x3F, "/" in its last six
        // bits) at every position of a 3-byte group, so the URL-safe text really differs.
        byte[] payload = Encoding.UTF8.GetBytes(bundle.StatementText.Replace("{\"_type\":", "{\"note\":\"???\",\"_type\":"));
        Assert.Contains('/', Convert.ToBase64String(payload));
        byte[] signature = Enumerable.Range(0, 100).Select(_ => bundle.Sign(payload)).First(s => Convert.ToBase64String(s).IndexOfAny(new[] { '+', '/' }) >= 0);
        bundle.WriteEnvelopeText(
            $"{{\"payloadType\":\"{BundleAttestation.PayloadType}\",\"payload\":\"{Base64Url(payload)}\"," +
            $"\"signatures\":[{{\"keyid\":\"{bundle.Key.KeyId}\",\"sig\":\"{Base64Url(signature)}\"}}]}}");

        BundleVerification result = bundle.Verify(bundle.Key);

        Assert.Empty(result.Findings);
        Assert.Equal("release", result.SignedBy);
    }

    [Theory]
    [InlineData("QQ==", new byte[] { 0x41 })]
    [InlineData("QQ", new byte[] { 0x41 })]
    [InlineData("-_8", new byte[] { 0xfb, 0xff })]
    [InlineData("+/8=", new byte[] { 0xfb, 0xff })]
    [InlineData("", new byte[0])]
    public void Both_base64_alphabets_decode_with_or_without_padding(string text, byte[] expected)
    {
        Assert.Equal(expected, DsseBase64.Decode(text));
    }

    [Theory]
    [InlineData("+_8=")]      // two alphabets in one value
    [InlineData("QQ==\n")]    // whitespace
    [InlineData("Q Q==")]
    [InlineData("QR==")]      // unused bits set: a second text for the byte 0x41
    [InlineData("Q")]         // a length no encoding has
    [InlineData("QQ=")]
    [InlineData("QQ===")]
    [InlineData("QQ==QQ==")]
    [InlineData("QQ!=")]
    public void Anything_else_is_not_base64(string text)
    {
        Assert.Null(DsseBase64.Decode(text));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    [InlineData("null")]
    public void A_signature_without_a_key_id_is_tried_with_every_trusted_key(string keyId)
    {
        using var bundle = new SignedBundle();
        using ECDsa other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string sig = $"\"sig\":\"{Convert.ToBase64String(bundle.Sign(bundle.Statement))}\"";
        bundle.WriteEnvelope(bundle.Statement, keyId switch
        {
            "missing" => $"{{{sig}}}",
            "empty" => $"{{\"keyid\":\"\",{sig}}}",
            _ => $"{{\"keyid\":null,{sig}}}",
        });

        // The right key comes second: the first one tried does not verify, and that is not the end.
        BundleVerification result = bundle.Verify(SignedBundle.Trusted("decoy", other), bundle.Key);

        Assert.Empty(result.Findings);
        Assert.Equal("release", result.SignedBy);
    }

    [Fact]
    public void A_signature_without_a_key_id_that_no_trusted_key_verifies_says_so()
    {
        using var bundle = new SignedBundle();
        using ECDsa stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        bundle.WriteEnvelope(bundle.Statement, $"{{\"sig\":\"{Convert.ToBase64String(bundle.Sign(bundle.Statement, stranger))}\"}}");

        AssertRefused(bundle.Verify(bundle.Key), "has a signature without a key id that no trusted key verifies");
    }

    [Fact]
    public void A_key_id_naming_another_trusted_key_rules_the_signing_key_out()
    {
        using var bundle = new SignedBundle();
        using ECDsa other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        LoadedTrustedKey decoy = SignedBundle.Trusted("decoy", other);
        bundle.WriteEnvelope(bundle.Statement, $"{{\"keyid\":\"{decoy.KeyId}\",\"sig\":\"{Convert.ToBase64String(bundle.Sign(bundle.Statement))}\"}}");

        AssertRefused(bundle.Verify(decoy, bundle.Key), "does not verify with the trusted key it names");
    }

    /// <summary>The attack: a reader taking the first of two properties and one taking the last see different envelopes.</summary>
    [Theory]
    [InlineData("payloadType")]
    [InlineData("payload")]
    [InlineData("payl\\u006fad")]
    [InlineData("signatures")]
    [InlineData("keyid")]
    [InlineData("sig")]
    public void A_property_named_twice_in_the_envelope_is_GOV4003_naming_it(string property)
    {
        using var bundle = new SignedBundle();
        string payload = Convert.ToBase64String(bundle.Statement);
        string forged = Convert.ToBase64String(Encoding.UTF8.GetBytes(bundle.StatementText.Replace("Contoso.Core", "Contoso.Evil")));
        string sig = Convert.ToBase64String(bundle.Sign(bundle.Statement));
        string signature = property switch
        {
            "keyid" => $"{{\"keyid\":\"forged\",\"keyid\":\"{bundle.Key.KeyId}\",\"sig\":\"{sig}\"}}",
            "sig" => $"{{\"keyid\":\"{bundle.Key.KeyId}\",\"sig\":\"AAAA\",\"sig\":\"{sig}\"}}",
            _ => $"{{\"keyid\":\"{bundle.Key.KeyId}\",\"sig\":\"{sig}\"}}",
        };
        string envelope = property switch
        {
            "payloadType" => $"{{\"payloadType\":\"application/json\",\"payloadType\":\"{BundleAttestation.PayloadType}\",\"payload\":\"{payload}\",\"signatures\":[{signature}]}}",
            "payload" or "payl\\u006fad" => $"{{\"payloadType\":\"{BundleAttestation.PayloadType}\",\"{property}\":\"{forged}\",\"payload\":\"{payload}\",\"signatures\":[{signature}]}}",
            "signatures" => $"{{\"payloadType\":\"{BundleAttestation.PayloadType}\",\"payload\":\"{payload}\",\"signatures\":[],\"signatures\":[{signature}]}}",
            _ => $"{{\"payloadType\":\"{BundleAttestation.PayloadType}\",\"payload\":\"{payload}\",\"signatures\":[{signature}]}}",
        };
        bundle.WriteEnvelopeText(envelope);

        BundleVerification result = bundle.Verify(bundle.Key);

        string name = property == "payl\\u006fad" ? "payload" : property;
        AssertRefused(result, $"names the property '{name}' twice in one object");
        Assert.True(result.Findings[0].Location!.Line == 1 && result.Findings[0].Location!.Column > 1, "the finding points at the second property");
    }

    /// <summary>The attack on the signed bytes themselves: a correctly signed statement that says two things.</summary>
    [Theory]
    [InlineData("_type")]
    [InlineData("subject")]
    [InlineData("sha256")]
    public void A_property_named_twice_in_a_correctly_signed_statement_is_GOV4003(string property)
    {
        using var bundle = new SignedBundle();
        string text = bundle.StatementText;
        string edited = property switch
        {
            "_type" => text.Replace("{\"_type\":", "{\"_type\":\"https://example.invalid/x\",\"_type\":"),
            "subject" => text.Replace("\"subject\":", "\"subject\":[],\"subject\":"),
            _ => text.Replace("\"digest\":{\"sha256\":", $"\"digest\":{{\"sha256\":\"{new string('0', 64)}\",\"sha256\":"),
        };
        Assert.NotEqual(text, edited);
        bundle.WriteEnvelope(Encoding.UTF8.GetBytes(edited));

        AssertRefused(bundle.Verify(bundle.Key), $"the signed statement names the property '{property}' twice in one object");
    }

    [Fact]
    public void A_subject_named_twice_is_GOV4003_saying_so()
    {
        using var bundle = new SignedBundle();
        string text = bundle.StatementText;
        int start = text.IndexOf("\"subject\":[", StringComparison.Ordinal) + "\"subject\":[".Length;
        int end = text.IndexOf("}}", start, StringComparison.Ordinal) + 2;
        string subject = text.Substring(start, end - start);
        bundle.WriteEnvelope(Encoding.UTF8.GetBytes(text.Insert(start, subject + ",")));

        AssertRefused(bundle.Verify(bundle.Key), "the signed statement names 'Contoso.Core.1.2.0.nupkg' as a subject more than once");
    }

    /// <summary>Item 5: "\ud800" cannot be read as a string; verify used to crash (exit 134) on it.</summary>
    [Theory]
    [InlineData("keyid")]
    [InlineData("payloadType")]
    [InlineData("sig")]
    [InlineData("payload")]
    [InlineData("property name")]
    [InlineData("unknown property")]
    public void A_lone_surrogate_anywhere_in_the_envelope_is_GOV4003_not_a_crash(string where)
    {
        using var bundle = new SignedBundle();
        string payload = Convert.ToBase64String(bundle.Statement);
        string sig = Convert.ToBase64String(bundle.Sign(bundle.Statement));
        string Value(string field, string value) => where == field ? "\\ud800" : value;
        string envelope =
            $"{{\"payloadType\":\"{Value("payloadType", BundleAttestation.PayloadType)}\",\"payload\":\"{Value("payload", payload)}\"," +
            (where == "property name" ? "\"\\ud800x\":1," : string.Empty) +
            (where == "unknown property" ? "\"note\":\"a\\udc00b\"," : string.Empty) +
            $"\"signatures\":[{{\"keyid\":\"{Value("keyid", bundle.Key.KeyId)}\",\"sig\":\"{Value("sig", sig)}\"}}]}}";
        bundle.WriteEnvelopeText(envelope);

        AssertRefused(bundle.Verify(bundle.Key), "holds a string that is not text");
    }

    [Theory]
    [InlineData("name")]
    [InlineData("predicateType")]
    [InlineData("builder")]
    public void A_lone_surrogate_in_a_correctly_signed_statement_is_GOV4003_not_a_crash(string where)
    {
        using var bundle = new SignedBundle();
        string text = bundle.StatementText;
        string edited = where switch
        {
            "name" => text.Replace("\"name\":\"Contoso.Core.1.2.0.nupkg\"", "\"name\":\"Contoso.Core.1.2.0.nupkg\\ud800\""),
            "predicateType" => text.Replace("\"predicateType\":\"", "\"predicateType\":\"\\udfff"),
            _ => text.Replace("\"builder\":{", "\"builder\":{\"\\ud800\":0,"),
        };
        Assert.NotEqual(text, edited);
        bundle.WriteEnvelope(Encoding.UTF8.GetBytes(edited));

        AssertRefused(bundle.Verify(bundle.Key), "the signed statement holds a string that is not text");
    }

    [Theory]
    [InlineData("", "is not well-formed JSON")]
    [InlineData("null", "lacks payloadType, payload or signatures")]
    [InlineData("[]", "lacks payloadType, payload or signatures")]
    [InlineData("{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\",\"signatures\":[]}", "has no signatures")]
    [InlineData("{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\",\"signatures\":[{\"keyid\":1,\"sig\":\"AAAA\"}]}", "keyid is not a string")]
    [InlineData("{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30 =\",\"signatures\":[{\"sig\":\"AAAA\"}]}", "payload that is not base64")]
    [InlineData("{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\",\"signatures\":[{\"sig\":\"AA*A\"}]}", "'sig' is not base64")]
    [InlineData("{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\",\"signatures\":[{\"sig\":\"AAAA\"}]} {}", "is not well-formed JSON")]
    public void A_damaged_envelope_is_GOV4003_saying_what_is_wrong(string envelope, string message)
    {
        using var bundle = new SignedBundle();
        bundle.WriteEnvelopeText(envelope);

        AssertRefused(bundle.Verify(bundle.Key), message);
    }

    [Fact]
    public void More_signatures_than_anyone_writes_are_refused_before_any_is_tried()
    {
        using var bundle = new SignedBundle();
        string one = $"{{\"sig\":\"{Convert.ToBase64String(bundle.Sign(bundle.Statement))}\"}}";
        bundle.WriteEnvelope(bundle.Statement, string.Join(",", Enumerable.Repeat(one, BundleAttestation.MaxSignatures + 1)));

        AssertRefused(bundle.Verify(bundle.Key), $"has {BundleAttestation.MaxSignatures + 1} signatures");
    }

    [Fact]
    public void A_key_id_with_control_characters_is_shown_escaped()
    {
        using var bundle = new SignedBundle();
        using ECDsa stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        bundle.WriteEnvelope(bundle.Statement, $"{{\"keyid\":\"x\\nerror GOV0000: forged\\u001b[31m\",\"sig\":\"{Convert.ToBase64String(bundle.Sign(bundle.Statement, stranger))}\"}}");

        BundleVerification result = bundle.Verify(bundle.Key);

        AssertRefused(result, "key id x\\u000aerror GOV0000: forged\\u001b[31m");
        Assert.DoesNotContain("\n", result.Findings[0].Message);
    }
}
