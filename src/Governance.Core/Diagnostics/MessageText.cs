using System.Globalization;
using System.Text;

namespace Governance.Core.Diagnostics;

/// <summary>
/// Text from inputs (a manifest's paths and names, an envelope's key ids, a policy's ids) made
/// safe to print. Whoever made the file chose it: a control character could start a new line that
/// a CI system reads as a command (GitHub Actions' <c>::error ...::</c>), an ANSI escape could
/// rewrite the terminal, a bidirectional override could show a name other than the one checked,
/// and a lone surrogate cannot be encoded at all; each is written as a visible <c>\uXXXX</c>
/// escape instead. The build's and the CLI's output escape every message; <see cref="Value"/> also
/// cuts a long value where a message quotes it.
/// </summary>
public static class MessageText
{
    private const int MaxValueLength = 120;

    public static string Escape(string text)
    {
        int first = 0;
        while (first < text.Length && !NeedsEscape(text, first))
        {
            first += char.IsHighSurrogate(text[first]) ? 2 : 1;
        }

        if (first >= text.Length)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            if (NeedsEscape(text, i))
            {
                escaped.Append("\\u").Append(((int)text[i]).ToString("x4", CultureInfo.InvariantCulture));
            }
            else if (char.IsHighSurrogate(text[i]))
            {
                escaped.Append(text[i]).Append(text[++i]);
            }
            else
            {
                escaped.Append(text[i]);
            }
        }

        return escaped.ToString();
    }

    /// <summary>A value quoted in a message: escaped, and cut after 120 characters.</summary>
    public static string Value(string value) =>
        value.Length > MaxValueLength ? Escape(value.Substring(0, MaxValueLength)) + "..." : Escape(value);

    /// <summary>
    /// C0 and C1 controls, DEL, the line and paragraph separators, the bidirectional marks,
    /// embeddings, overrides and isolates, and a surrogate that is not half of a pair.
    /// </summary>
    private static bool NeedsEscape(string text, int i)
    {
        char c = text[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        }

        return char.IsLowSurrogate(c) ||
            c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029' ||
            (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F' || c == '\u061C';
    }
}
