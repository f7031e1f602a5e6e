using System;
using System.Linq;
using System.Security.Cryptography;

namespace Governance.Core.Crypto;

/// <summary>
/// ECDSA P-256 keys from PEM, signing and verification with ASN.1 DER signatures (the encoding
/// DSSE tooling such as sigstore uses) in exactly one form: canonical DER with a low s. Keys are
/// parsed by a small DER reader instead of the BCL's PEM import, so the same code runs in .NET
/// MSBuild and in .NET Framework MSBuild, which has no PEM or PKCS#8 import. Accepted: <c>PRIVATE KEY</c> (PKCS#8), <c>EC PRIVATE KEY</c>
/// (SEC1, what <c>openssl ecparam -genkey</c> writes) and <c>PUBLIC KEY</c> (SubjectPublicKeyInfo).
/// A key's id is the SHA-256 of its SubjectPublicKeyInfo, hex: the same for a private key and
/// its public key, so a signature names the key that verifies it without naming any secret.
/// </summary>
public static class EcdsaKeys
{
    private const string EcPublicKeyOid = "2a8648ce3d0201";      // 1.2.840.10045.2.1
    private const string NistP256Oid = "2a8648ce3d030107";        // 1.2.840.10045.3.1.7

    /// <summary>The length of a P-256 scalar (r, s, a private key) in bytes.</summary>
    private const int ScalarLength = 32;

    /// <summary>n, the order of the P-256 group: r and s are below it.</summary>
    private static readonly byte[] Order = FromHex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

    /// <summary>n / 2 (rounded down): the largest s accepted, so each signature has one form (low S, as BIP 62 defines it).</summary>
    private static readonly byte[] HalfOrder = FromHex("7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8");

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

    /// <summary>
    /// Signs <paramref name="data"/> with SHA-256; returns the DER signature, always with the low
    /// s (at most n/2). ECDSA signs with s or n - s at random; <see cref="Verify"/> takes only the
    /// low one, so without this our own bundles would be refused half of the time.
    /// </summary>
    public static byte[] Sign(ECDsa key, byte[] data)
    {
        byte[] p1363 = key.SignData(data, HashAlgorithmName.SHA256);
        byte[] r = p1363.Take(ScalarLength).ToArray();
        byte[] s = p1363.Skip(ScalarLength).ToArray();
        return P1363ToDer(r, Compare(s, HalfOrder) > 0 ? Subtract(Order, s) : s);
    }

    /// <summary>
    /// True when <paramref name="derSignature"/> is a valid signature of <paramref name="data"/> in
    /// the one form we accept: canonical DER with a low s (see <see cref="DerToP1363"/>).
    /// </summary>
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

    /// <summary>r and s (32 bytes each) to DER SEQUENCE { INTEGER r, INTEGER s }.</summary>
    private static byte[] P1363ToDer(byte[] r, byte[] s)
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

        byte[] body = Integer(r).Concat(Integer(s)).ToArray();
        return new byte[] { 0x30, (byte)body.Length }.Concat(body).ToArray();
    }

    /// <summary>
    /// DER SEQUENCE { INTEGER r, INTEGER s } to r || s, or null unless it is the one canonical
    /// encoding of a P-256 signature with 0 &lt; r &lt; n and 0 &lt; s &lt;= n/2. BER has many
    /// encodings of one signature (long-form lengths, leading zeros, trailing bytes) and (r, n - s)
    /// verifies as well as (r, s): accepting them would let anyone turn a signature into another,
    /// still valid one, so a signature could not serve as an identifier of what was signed.
    /// </summary>
    private static byte[]? DerToP1363(byte[] der)
    {
        // Every length in a P-256 signature is below 128 (at most 2 + 2 × 35 bytes in all), so
        // each takes the short form, the only one DER allows for it.
        if (der.Length < 2 || der[0] != 0x30 || der[1] >= 0x80 || der[1] != der.Length - 2)
        {
            return null;
        }

        int position = 2;
        byte[]? r = ReadSignatureInteger(der, ref position);
        byte[]? s = ReadSignatureInteger(der, ref position);
        if (r is null || s is null || position != der.Length ||
            IsZero(r) || Compare(r, Order) >= 0 || IsZero(s) || Compare(s, HalfOrder) > 0)
        {
            return null;
        }

        return r.Concat(s).ToArray();
    }

    /// <summary>A minimal, positive DER INTEGER of at most 32 bytes of magnitude, as 32 bytes big-endian; null otherwise.</summary>
    private static byte[]? ReadSignatureInteger(byte[] der, ref int position)
    {
        if (der.Length - position < 3 || der[position] != 0x02)
        {
            return null;
        }

        int length = der[position + 1];
        int start = position + 2;
        if (length is 0 or > ScalarLength + 1 || length > der.Length - start ||
            (der[start] & 0x80) != 0 ||                                                   // negative
            (der[start] == 0 && length > 1 && (der[start + 1] & 0x80) == 0) ||            // a leading zero it does not need
            (length == ScalarLength + 1 && der[start] != 0))                              // longer than 32 bytes
        {
            return null;
        }

        int magnitude = Math.Min(length, ScalarLength);
        byte[] value = new byte[ScalarLength];
        Array.Copy(der, start + length - magnitude, value, ScalarLength - magnitude, magnitude);
        position = start + length;
        return value;
    }

    private static bool IsZero(byte[] value) => value.All(b => b == 0);

    /// <summary>Compares two big-endian numbers of the same length.</summary>
    private static int Compare(byte[] a, byte[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return a[i].CompareTo(b[i]);
            }
        }

        return 0;
    }

    /// <summary>a - b for big-endian numbers of the same length, a &gt;= b.</summary>
    private static byte[] Subtract(byte[] a, byte[] b)
    {
        byte[] difference = new byte[a.Length];
        int borrow = 0;
        for (int i = a.Length - 1; i >= 0; i--)
        {
            int value = a[i] - b[i] - borrow;
            borrow = value < 0 ? 1 : 0;
            difference[i] = (byte)(value + (borrow << 8));
        }

        return difference;
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
