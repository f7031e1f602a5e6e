using System.Globalization;
using System.Text;

namespace Governance.Core.Diagnostics;

/// <summary>
/// Text from inputs (a manifest's paths and names, a policy's ids) made safe to print. A control
/// character in a message could start a new line that a CI system reads as a command (GitHub
/// Actions' <c>::error ...::</c>), an ANSI escape could rewrite the terminal, and a bidirectional
/// override could show a name other than the one checked; each is written as a visible
/// <c>\uXXXX</c> escape instead.
/// </summary>
public static class MessageText
{
    public static string Escape(string text)
    {
        int first = 0;
        while (first < text.Length && !NeedsEscape(text[first]))
        {
            first++;
        }

        if (first == text.Length)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (NeedsEscape(c))
            {
                escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    /// <summary>C0 and C1 controls, DEL, the line and paragraph separators and the bidirectional embeddings, overrides and isolates.</summary>
    private static bool NeedsEscape(char c) =>
        c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029' ||
        (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F' || c == '\u061C';
}
