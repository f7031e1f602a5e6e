using System;
using System.Linq;
using System.Security.Cryptography;

namespace Governance.Core.Crypto;

/// <summary>
/// ECDSA P-256 keys from PEM, signing and verification with ASN.1 DER signatures (the encoding
/// DSSE tooling such as sigstore uses). Keys are parsed by a small DER reader instead of the
/// BCL's PEM import, so the same code runs in .NET MSBuild and in .NET Framework MSBuild, which
/// has no PEM or PKCS#8 import. Accepted: <c>PRIVATE KEY</c> (PKCS#8), <c>EC PRIVATE KEY</c>
/// (SEC1, what <c>openssl ecparam -genkey</c> writes) and <c>PUBLIC KEY</c> (SubjectPublicKeyInfo).
/// A key's id is the SHA-256 of its SubjectPublicKeyInfo, hex: the same for a private key and
/// its public key, so a signature names the key that verifies it without naming any secret.
/// </summary>
public static class EcdsaKeys
{
    private const string EcPublicKeyOid = "2a8648ce3d0201";      // 1.2.840.10045.2.1
    private const string NistP256Oid = "2a8648ce3d030107";        // 1.2.840.10045.3.1.7

    /// <summary>The DER prefix of a P-256 SubjectPublicKeyInfo, followed by the 65-byte uncompressed point.</summary>
    private static readonly byte[] SpkiPrefix = FromHex("3059301306072a8648ce3d020106082a8648ce3d030107034200");

    /// <summary>A private key, ready to sign; <paramref name="keyId"/> identifies its public half.</summary>
    public static ECDsa LoadPrivateKey(string pem, out string keyId)
    {
        (string label, byte[] der) = ReadPem(pem);
        ECParameters parameters = label switch
        {
            "PRIVATE KEY" => FromPkcs8(der),
            "EC PRIVATE KEY" => FromSec1(der),
            "ENCRYPTED PRIVATE KEY" => throw new KeyFormatException("the private key is encrypted; give the build an unencrypted PEM key (kept in a CI secret, not in the repository)"),
            _ => throw new KeyFormatException($"it holds a '{label}', not a private key ('PRIVATE KEY' or 'EC PRIVATE KEY')"),
        };
        keyId = KeyId(parameters.Q);
        return Create(parameters);
    }

    /// <summary>A public key, ready to verify; <paramref name="keyId"/> as for <see cref="LoadPrivateKey"/>.</summary>
    public static ECDsa LoadPublicKey(string pem, out string keyId)
    {
        (string label, byte[] der) = ReadPem(pem);
        if (label != "PUBLIC KEY")
        {
            throw new KeyFormatException($"it holds a '{label}', not a public key ('PUBLIC KEY')");
        }

        var reader = new DerReader(der);
        DerReader spki = reader.ReadSequence();
        DerReader algorithm = spki.ReadSequence();
        string algorithmOid = algorithm.ReadOid();
        ExpectP256(algorithmOid, algorithmOid == EcPublicKeyOid ? algorithm.ReadOid() : string.Empty);
        ECPoint q = ReadPoint(spki.ReadBitString());
        keyId = KeyId(q);
        return Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = q });
    }

    /// <summary>Signs <paramref name="data"/> with SHA-256; returns the DER signature.</summary>
    public static byte[] Sign(ECDsa key, byte[] data) => P1363ToDer(key.SignData(data, HashAlgorithmName.SHA256));

    /// <summary>True when <paramref name="derSignature"/> is a valid signature of <paramref name="data"/>.</summary>
    public static bool Verify(ECDsa key, byte[] data, byte[] derSignature)
    {
        byte[]? p1363 = DerToP1363(derSignature);
        return p1363 is not null && key.VerifyData(data, p1363, HashAlgorithmName.SHA256);
    }

    private static ECDsa Create(ECParameters parameters)
    {
        try
        {
            return ECDsa.Create(parameters);
        }
        catch (CryptographicException)
        {
            throw new KeyFormatException("its numbers are not a valid P-256 key");
        }
    }

    private static string KeyId(ECPoint q)
    {
        byte[] spki = SpkiPrefix.Concat(new byte[] { 0x04 }).Concat(q.X!).Concat(q.Y!).ToArray();
        return IO.Sha256.OfBytes(spki);
    }

    private static ECParameters FromPkcs8(byte[] der)
    {
        var reader = new DerReader(der);
        DerReader info = reader.ReadSequence();
        info.ReadInteger();
        DerReader algorithm = info.ReadSequence();
        string algorithmOid = algorithm.ReadOid();
        ExpectP256(algorithmOid, algorithmOid == EcPublicKeyOid ? algorithm.ReadOid() : string.Empty);
        return FromSec1(info.ReadOctetString());
    }

    private static ECParameters FromSec1(byte[] der)
    {
        var reader = new DerReader(der);
        DerReader key = reader.ReadSequence();
        key.ReadInteger();
        byte[] d = key.ReadOctetString();
        ECPoint? q = null;
        while (key.HasMore)
        {
            (byte tag, DerReader value) = key.ReadTagged();
            if (tag == 0xA0)
            {
                ExpectP256(EcPublicKeyOid, value.ReadOid());
            }
            else if (tag == 0xA1)
            {
                q = ReadPoint(value.ReadBitString());
            }
        }

        if (d.Length != 32 || q is null)
        {
            throw new KeyFormatException("it is not a P-256 private key with its public point (write it with 'openssl ecparam -name prime256v1 -genkey' or 'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256')");
        }

        return new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d, Q = q.Value };
    }

    private static void ExpectP256(string algorithmOid, string curveOid)
    {
        if (algorithmOid != EcPublicKeyOid || curveOid != NistP256Oid)
        {
            throw new KeyFormatException("it is not an ECDSA key on the P-256 curve (prime256v1), the only kind Governance.Sdk signs with");
        }
    }

    private static ECPoint ReadPoint(byte[] bits)
    {
        // A BIT STRING with no unused bits holding an uncompressed point: 0x04 || X || Y.
        if (bits.Length != 66 || bits[0] != 0 || bits[1] != 0x04)
        {
            throw new KeyFormatException("its public point is not an uncompressed P-256 point");
        }

        return new ECPoint { X = bits.Skip(2).Take(32).ToArray(), Y = bits.Skip(34).Take(32).ToArray() };
    }

    /// <summary>
    /// The first PEM block that holds a key (an <c>EC PARAMETERS</c> block, which
    /// <c>openssl ecparam -genkey</c> writes first unless told <c>-noout</c>, is skipped). Labels are
    /// only ever upper-case words: anything else is not PEM, and is never echoed, so a damaged
    /// file cannot put key material into a message.
    /// </summary>
    private static (string Label, byte[] Der) ReadPem(string pem)
    {
        const string begin = "-----BEGIN ";
        int start = 0;
        while ((start = pem.IndexOf(begin, start, StringComparison.Ordinal)) >= 0)
        {
            int labelEnd = pem.IndexOf("-----", start + begin.Length, StringComparison.Ordinal);
            string label = labelEnd < 0 ? string.Empty : pem.Substring(start + begin.Length, labelEnd - start - begin.Length);
            if (label.Length is 0 or > 40 || label.Any(c => !(c is >= 'A' and <= 'Z' or ' ')))
            {
                throw new KeyFormatException("it is not a PEM file (no well-formed '-----BEGIN ...-----' line)");
            }

            string footer = "-----END " + label + "-----";
            int end = pem.IndexOf(footer, labelEnd, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new KeyFormatException($"its '{label}' block has no '{footer}' line");
            }

            if (label == "EC PARAMETERS")
            {
                start = end + footer.Length;
                continue;
            }

            string body = new string(pem.Substring(labelEnd + 5, end - labelEnd - 5).Where(c => !char.IsWhiteSpace(c)).ToArray());
            try
            {
                return (label, Convert.FromBase64String(body));
            }
            catch (FormatException)
            {
                throw new KeyFormatException($"its '{label}' block is not valid base64");
            }
        }

        throw new KeyFormatException("it is not a PEM file (no '-----BEGIN ...-----' line holding a key)");
    }

    /// <summary>r || s (32 bytes each) to DER SEQUENCE { INTEGER r, INTEGER s }.</summary>
    private static byte[] P1363ToDer(byte[] p1363)
    {
        byte[] Integer(byte[] value)
        {
            int skip = 0;
            while (skip < value.Length - 1 && value[skip] == 0)
            {
                skip++;
            }

            byte[] trimmed = value.Skip(skip).ToArray();
            byte[] content = (trimmed[0] & 0x80) != 0 ? new byte[] { 0 }.Concat(trimmed).ToArray() : trimmed;
            return new byte[] { 0x02, (byte)content.Length }.Concat(content).ToArray();
        }

        int half = p1363.Length / 2;
        byte[] body = Integer(p1363.Take(half).ToArray()).Concat(Integer(p1363.Skip(half).ToArray())).ToArray();
        return new byte[] { 0x30, (byte)body.Length }.Concat(body).ToArray();
    }

    /// <summary>DER SEQUENCE { INTEGER r, INTEGER s } to r || s, or null when it is not one.</summary>
    private static byte[]? DerToP1363(byte[] der)
    {
        try
        {
            var reader = new DerReader(der);
            DerReader sequence = reader.ReadSequence();
            byte[] r = sequence.ReadInteger();
            byte[] s = sequence.ReadInteger();
            if (reader.HasMore || sequence.HasMore)
            {
                return null;
            }

            byte[] Fixed(byte[] value)
            {
                byte[] trimmed = value.SkipWhile((b, i) => b == 0 && i < value.Length - 1).ToArray();
                return trimmed.Length > 32 ? throw new KeyFormatException("signature integer too long") : new byte[32 - trimmed.Length].Concat(trimmed).ToArray();
            }

            return Fixed(r).Concat(Fixed(s)).ToArray();
        }
        catch (KeyFormatException)
        {
            return null;
        }
    }

    private static byte[] FromHex(string hex) =>
        Enumerable.Range(0, hex.Length / 2).Select(i => Convert.ToByte(hex.Substring(i * 2, 2), 16)).ToArray();

    /// <summary>Just enough DER for keys and signatures: definite lengths, the few tags they use.</summary>
    private sealed class DerReader
    {
        private readonly byte[] data;
        private int position;
        private readonly int end;

        public DerReader(byte[] data, int start = 0, int? end = null)
        {
            this.data = data;
            position = start;
            this.end = end ?? data.Length;
        }

        public bool HasMore => position < end;

        public DerReader ReadSequence() => Read(0x30);

        public byte[] ReadInteger() => Read(0x02).Rest();

        public byte[] ReadOctetString() => Read(0x04).Rest();

        public byte[] ReadBitString() => Read(0x03).Rest();

        public string ReadOid() => string.Concat(Read(0x06).Rest().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

        public (byte Tag, DerReader Value) ReadTagged()
        {
            byte tag = Peek();
            return (tag, Read(tag));
        }

        private byte Peek() => position < end ? data[position] : throw Damaged();

        private DerReader Read(byte expectedTag)
        {
            if (Peek() != expectedTag)
            {
                throw Damaged();
            }

            position++;
            int length = Peek();
            position++;
            if ((length & 0x80) != 0)
            {
                int octets = length & 0x7F;
                if (octets is 0 or > 3)
                {
                    throw Damaged();
                }

                length = 0;
                for (int i = 0; i < octets; i++)
                {
                    length = (length << 8) | Peek();
                    position++;
                }
            }

            if (length > end - position)
            {
                throw Damaged();
            }

            var value = new DerReader(data, position, position + length);
            position += length;
            return value;
        }

        private byte[] Rest()
        {
            byte[] rest = new byte[end - position];
            Array.Copy(data, position, rest, 0, rest.Length);
            position = end;
            return rest;
        }

        private static KeyFormatException Damaged() => new("its DER content is damaged or not a key structure");
    }
}
