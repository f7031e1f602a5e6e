using System;
using System.Linq;

namespace Governance.Core.Bundles;

/// <summary>
/// Base64 as DSSE allows it for <c>payload</c> and <c>sig</c>: the standard or the URL-safe
/// alphabet, with or without padding (the DSSE protocol: "either standard or URL-safe encoding is
/// allowed"; sigstore and in-toto tooling write both). Anything else is refused rather than
/// guessed at: whitespace, a mix of the two alphabets, a wrong length, or unused bits that are not
/// zero (which would let two texts carry one value).
/// </summary>
internal static class DsseBase64
{
    /// <summary>The decoded bytes, or null when <paramref name="text"/> is not base64 of either alphabet.</summary>
    public static byte[]? Decode(string text)
    {
        string body = text.TrimEnd('=');
        int padding = text.Length - body.Length;
        bool standard = body.IndexOfAny(new[] { '+', '/' }) >= 0;
        bool urlSafe = body.IndexOfAny(new[] { '-', '_' }) >= 0;
        if ((standard && urlSafe) ||
            body.Any(c => !(c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/' or '-' or '_')) ||
            body.Length % 4 == 1 ||
            (padding > 0 && (body.Length + padding) % 4 != 0))
        {
            return null;
        }

        string padded = body.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (body.Length % 4)) % 4);
        byte[] bytes = Convert.FromBase64String(padded);
        return Convert.ToBase64String(bytes) == padded ? bytes : null;
    }
}
