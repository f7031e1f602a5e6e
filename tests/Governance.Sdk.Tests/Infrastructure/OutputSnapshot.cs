using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Governance.Sdk.Tests.Infrastructure;

/// <summary>
/// The files Governance.Sdk writes in a repository (or a folder it publishes to), with their
/// content made comparable across two copies of the same run: the copy's own root path and
/// wall-clock stamps (RFC 3339 date-times) are replaced by placeholders, and signatures (DSSE
/// envelopes, ECDSA being randomised) are compared by presence only. Everything else must be the
/// same bytes.
/// </summary>
public static class OutputSnapshot
{
    private static readonly Regex Stamp = new(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", RegexOptions.Compiled);

    /// <summary>The digest cache's first column: each file's last-write time in ticks, a wall-clock stamp of when the copy was made.</summary>
    private static readonly Regex WriteTime = new(@"^\d+\t", RegexOptions.Compiled | RegexOptions.Multiline);

    /// <summary>Temporary files of a writer that was killed: never read, never a final name.</summary>
    public static bool IsTemporary(string path) => Path.GetFileName(path).StartsWith('.') && Path.GetFileName(path).EndsWith(".tmp", StringComparison.Ordinal);

    /// <summary>Relative path → comparable content of each file <paramref name="ours"/> selects under <paramref name="root"/>, temporary files left out.</summary>
    public static SortedDictionary<string, string> Of(string root, Func<string, bool> ours)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(root))
        {
            return files;
        }

        foreach (string file in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (ours(relative) && !IsTemporary(file))
            {
                files[relative] = Comparable(root, file);
            }
        }

        return files;
    }

    /// <summary>How many temporary files a killed writer left under <paramref name="root"/> among <paramref name="ours"/>.</summary>
    public static int Leftovers(string root, Func<string, bool> ours) => Directory.Exists(root)
        ? Directory.GetFiles(root, "*", SearchOption.AllDirectories).Count(f => IsTemporary(f) && ours(Path.GetRelativePath(root, f).Replace('\\', '/')))
        : 0;

    /// <summary>The first difference between two snapshots, or null when they are the same.</summary>
    public static string? Difference(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual)
    {
        foreach (string missing in expected.Keys.Except(actual.Keys, StringComparer.Ordinal))
        {
            return $"{missing} is missing";
        }

        foreach (string extra in actual.Keys.Except(expected.Keys, StringComparer.Ordinal))
        {
            return $"{extra} is extra";
        }

        foreach (KeyValuePair<string, string> file in expected)
        {
            if (!string.Equals(file.Value, actual[file.Key], StringComparison.Ordinal))
            {
                int at = Enumerable.Range(0, Math.Min(file.Value.Length, actual[file.Key].Length)).FirstOrDefault(i => file.Value[i] != actual[file.Key][i]);
                return $"{file.Key} differs at {at}: expected …{Around(file.Value, at)}… got …{Around(actual[file.Key], at)}…";
            }
        }

        return null;
    }

    private static string Around(string text, int at) => text.Substring(Math.Max(0, at - 40), Math.Min(text.Length - Math.Max(0, at - 40), 80));

    private static string Comparable(string root, string file)
    {
        if (file.EndsWith(".dsse.json", StringComparison.Ordinal))
        {
            return "(a signature)";
        }

        byte[] bytes = File.ReadAllBytes(file);
        if (file.EndsWith(".nupkg", StringComparison.Ordinal) || file.EndsWith(".snupkg", StringComparison.Ordinal) || file.EndsWith(".zip", StringComparison.Ordinal))
        {
            return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes));
        }

        string text = Encoding.UTF8.GetString(bytes).Replace(root.TrimEnd('/'), "<root>", StringComparison.Ordinal);
        if (file.EndsWith("digests.cache", StringComparison.Ordinal))
        {
            text = WriteTime.Replace(text, "<time>\t");
        }

        return Stamp.Replace(text, "<time>");
    }
}
