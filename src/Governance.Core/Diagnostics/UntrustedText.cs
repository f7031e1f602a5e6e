using System.Globalization;
using System.Text;

namespace Governance.Core.Diagnostics;

/// <summary>
/// A value from a file being judged (a key id, a payload type, a subject name), made safe to put
/// into a message: whoever made the file chose it, so control characters (which could forge a
/// line in a CI log or drive a terminal) and lone surrogates (which no UTF-8 writer can encode)
/// are shown escaped, and a long value is cut.
/// </summary>
public static class UntrustedText
{
    private const int MaxLength = 120;

    public static string Show(string value)
    {
        string cut = value.Length > MaxLength ? value.Substring(0, MaxLength) : value;
        var shown = new StringBuilder();
        for (int i = 0; i < cut.Length; i++)
        {
            char c = cut[i];
            if (char.IsHighSurrogate(c) && i + 1 < cut.Length && char.IsLowSurrogate(cut[i + 1]))
            {
                shown.Append(c).Append(cut[++i]);
            }
            else if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029')
            {
                shown.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                shown.Append(c);
            }
        }

        return cut.Length < value.Length ? shown.Append("...").ToString() : shown.ToString();
    }
}
