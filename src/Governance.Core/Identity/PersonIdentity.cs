using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Governance.Core.Identity;

/// <summary>
/// A person named in a governance file (who requested or approved an exception; later who
/// approved a promotion or a tenant exemption), compared as a reader would compare the names, not
/// as strings. Two names are the same person when they are equal after: NFKC normalisation
/// (fullwidth <c>ｌｅａｄ</c>, composed and decomposed accents), removing invisible characters
/// (default-ignorable code points such as U+200B and the soft hyphen, format and control
/// characters, the braille blank U+2800), reading every dash as <c>-</c>, case folding
/// (invariant, with the Turkish dotted and dotless I read as <c>i</c>) and trimming, with runs of
/// spaces read as one. A name must keep at
/// least one letter or digit, and must not mix Latin, Greek and Cyrillic letters, whose look-alikes
/// (Latin <c>e</c>, Cyrillic <c>е</c>) would otherwise be two people who read the same.
/// </summary>
public sealed class PersonIdentity : IEquatable<PersonIdentity>
{
    private PersonIdentity(string written, string key)
    {
        Written = written;
        Key = key;
    }

    /// <summary>The name as written (spaces around it removed).</summary>
    public string Written { get; }

    /// <summary>The normalised name identities are compared by.</summary>
    public string Key { get; }

    /// <summary>
    /// Reads a name; null, with <paramref name="problem"/> saying why (to follow "the name '…'"),
    /// when it is empty, not text, has no letter or digit, or mixes look-alike scripts.
    /// </summary>
    public static PersonIdentity? TryParse(string? text, out string? problem)
    {
        string written = (text ?? string.Empty).Trim();
        if (written.Length == 0)
        {
            problem = "is empty";
            return null;
        }

        if (HasLoneSurrogate(written))
        {
            problem = "is not text: it holds half of a UTF-16 surrogate pair";
            return null;
        }

        string key = Fold(written);
        if (!Enumerable.Range(0, key.Length).Any(i => char.IsLetterOrDigit(key, i)))
        {
            problem = "has no visible letter or digit (invisible characters such as U+200B, U+00AD and U+2800 are ignored); write the person's name";
            return null;
        }

        problem = MixedScripts(key);
        return problem is null ? new PersonIdentity(written, key) : null;
    }

    /// <summary>
    /// The comparison form of any text: NFKC, invisible characters removed, dashes read as
    /// <c>-</c>, case folded, spaces trimmed and collapsed. It never throws: half a surrogate pair becomes U+FFFD.
    /// </summary>
    public static string Fold(string text)
    {
        // Invisible characters go before NFKC (a soft hyphen between a letter and its accent would
        // keep them apart) and after it (NFKC turns some fillers into others, U+FFA0 into U+1160).
        string folded = RemoveInvisible(RemoveInvisible(ReplaceLoneSurrogates(text)).Normalize(NormalizationForm.FormKC));

        // NFKC keeps the other dashes (U+2010 hyphen, U+2011 non-breaking hyphen, the en dash):
        // they read as the hyphen-minus, so they are one.
        folded = new string(folded.Select(c => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.DashPunctuation ? '-' : c).ToArray());

        // Invariant casing maps U+0130 (İ) and U+0131 (ı) differently across runtimes and ICU
        // versions; both are an i to a reader, so they are one letter here on every machine.
        folded = folded.Replace('\u0130', 'i').Replace('\u0131', 'i').ToUpperInvariant().ToLowerInvariant();

        // Casing can leave a string that is no longer in NFKC; normalising again makes Fold idempotent.
        folded = folded.Normalize(NormalizationForm.FormKC);
        return string.Join(" ", folded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The name as written, with invisible characters shown as <c>\uXXXX</c>, for messages.</summary>
    public override string ToString() => Show(Written);

    /// <summary>Text with invisible characters shown as <c>\uXXXX</c>, so a message never hides what it names.</summary>
    public static string Show(string text)
    {
        var shown = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            bool pair = char.IsSurrogatePair(text, i);
            int codePoint = pair ? char.ConvertToUtf32(text, i) : text[i];
            if (IsInvisible(codePoint) || (char.IsSurrogate(text[i]) && !pair))
            {
                shown.Append(codePoint > 0xFFFF
                    ? "\\U" + codePoint.ToString("X8", CultureInfo.InvariantCulture)
                    : "\\u" + codePoint.ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                shown.Append(text, i, pair ? 2 : 1);
            }

            i += pair ? 1 : 0;
        }

        return shown.ToString();
    }

    public bool Equals(PersonIdentity? other) => other is not null && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as PersonIdentity);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

    /// <summary>
    /// Invisible: Unicode's default-ignorable code points (DerivedCoreProperties.txt), every other
    /// format (Cf) and control (Cc) character except whitespace, and the braille blank U+2800,
    /// which renders as nothing although it is a symbol.
    /// </summary>
    private static bool IsInvisible(int c) =>
        c is 0x00AD or 0x034F or 0x061C or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x3164 or 0xFEFF or 0xFFA0 or 0x2800
        || c is >= 0x180B and <= 0x180F
        || c is >= 0x200B and <= 0x200F
        || c is >= 0x202A and <= 0x202E
        || c is >= 0x2060 and <= 0x206F
        || c is >= 0xFE00 and <= 0xFE0F
        || c is >= 0xFFF0 and <= 0xFFF8
        || c is >= 0x1BCA0 and <= 0x1BCA3
        || c is >= 0x1D173 and <= 0x1D17A
        || c is >= 0xE0000 and <= 0xE0FFF
        || c <= 0xFFFF && !char.IsWhiteSpace((char)c) && CharUnicodeInfo.GetUnicodeCategory((char)c) is UnicodeCategory.Format or UnicodeCategory.Control;

    private static string RemoveInvisible(string text)
    {
        var kept = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            bool pair = char.IsSurrogatePair(text, i);
            if (!IsInvisible(pair ? char.ConvertToUtf32(text, i) : text[i]))
            {
                kept.Append(text, i, pair ? 2 : 1);
            }

            i += pair ? 1 : 0;
        }

        return kept.ToString();
    }

    private static bool HasLoneSurrogate(string text) => ReplaceLoneSurrogates(text) != text;

    private static string ReplaceLoneSurrogates(string text)
    {
        char[] chars = text.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (char.IsSurrogatePair(text, i))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    /// <summary>Why the letters of <paramref name="key"/> are ambiguous, or null: Latin, Greek and Cyrillic letters together.</summary>
    private static string? MixedScripts(string key)
    {
        string? first = null;
        foreach (char c in key)
        {
            string? script = ScriptOf(c);
            if (script is null)
            {
                continue;
            }

            if (first is null)
            {
                first = script;
            }
            else if (script != first)
            {
                return $"mixes {first} and {script} letters ('{c}', U+{(int)c:X4}), which look alike: the same name with one look-alike letter would count as another person. Write the name in one script";
            }
        }

        return null;
    }

    /// <summary>The script of a letter among the three whose letters are confused with each other, or null.</summary>
    private static string? ScriptOf(char c) =>
        !char.IsLetter(c) ? null
        : c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '\u00AA' or '\u00BA' or (>= '\u00C0' and <= '\u02AF') or (>= '\u1E00' and <= '\u1EFF') or (>= '\u2C60' and <= '\u2C7F') or (>= '\uA720' and <= '\uA7FF') or (>= '\uAB30' and <= '\uAB6F') ? "Latin"
        : c is (>= '\u0370' and <= '\u03FF') or (>= '\u1F00' and <= '\u1FFF') ? "Greek"
        : c is (>= '\u0400' and <= '\u052F') or (>= '\u1C80' and <= '\u1C8F') or (>= '\u2DE0' and <= '\u2DFF') or (>= '\uA640' and <= '\uA69F') ? "Cyrillic"
        : null;
}
