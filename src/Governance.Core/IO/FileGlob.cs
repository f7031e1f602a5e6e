using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Governance.Core.IO;

/// <summary>
/// File globs of the policy (<c>contracts[].files</c>, <c>metrics</c>), relative to the governance
/// root: <c>*</c> and <c>?</c> match within one folder or file name, <c>**</c> matches any number of
/// folders. Case follows the file system. A wildcard never descends into <c>.git</c>, <c>bin</c> or
/// <c>obj</c>, nor through a linked folder (which could loop); name those literally to include them.
/// </summary>
public static class FileGlob
{
    private static readonly HashSet<string> SkippedByWildcards = new(StringComparer.OrdinalIgnoreCase) { ".git", "bin", "obj" };

    /// <summary>
    /// The files under <paramref name="root"/> that <paramref name="pattern"/> matches, as full
    /// paths in ordinal order, or null when the pattern is rooted or climbs out of the root.
    /// </summary>
    public static IReadOnlyList<string>? Match(string root, string pattern)
    {
        string[] segments = pattern.Replace('\\', '/').Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Length == 0 || Path.IsPathRooted(pattern) || segments.Any(s => s == ".."))
        {
            return null;
        }

        var matches = new SortedSet<string>(StringComparer.Ordinal);
        Walk(new DirectoryInfo(Path.GetFullPath(root)), segments, 0, matches);
        return matches.ToArray();
    }

    private static void Walk(DirectoryInfo directory, string[] segments, int index, SortedSet<string> matches)
    {
        if (!directory.Exists)
        {
            return;
        }

        string segment = segments[index];
        bool last = index == segments.Length - 1;
        if (segment == "**")
        {
            if (last)
            {
                // A trailing ** means everything below.
                AddFilesBelow(directory, matches);
                return;
            }

            Walk(directory, segments, index + 1, matches);
            foreach (DirectoryInfo child in Children(directory).Where(Descendable))
            {
                Walk(child, segments, index, matches);
            }

            return;
        }

        if (!HasWildcard(segment))
        {
            string path = Path.Combine(directory.FullName, segment);
            if (last)
            {
                if (File.Exists(path))
                {
                    matches.Add(path);
                }
            }
            else
            {
                Walk(new DirectoryInfo(path), segments, index + 1, matches);
            }

            return;
        }

        Regex regex = SegmentRegex(segment);
        if (last)
        {
            foreach (FileInfo file in Files(directory).Where(f => regex.IsMatch(f.Name)))
            {
                matches.Add(file.FullName);
            }
        }
        else
        {
            foreach (DirectoryInfo child in Children(directory).Where(d => Descendable(d) && regex.IsMatch(d.Name)))
            {
                Walk(child, segments, index + 1, matches);
            }
        }
    }

    private static void AddFilesBelow(DirectoryInfo directory, SortedSet<string> matches)
    {
        foreach (FileInfo file in Files(directory))
        {
            matches.Add(file.FullName);
        }

        foreach (DirectoryInfo child in Children(directory).Where(Descendable))
        {
            AddFilesBelow(child, matches);
        }
    }

    private static bool Descendable(DirectoryInfo directory) =>
        !SkippedByWildcards.Contains(directory.Name) && (directory.Attributes & FileAttributes.ReparsePoint) == 0;

    private static IEnumerable<DirectoryInfo> Children(DirectoryInfo directory)
    {
        try
        {
            return directory.GetDirectories();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<DirectoryInfo>();
        }
    }

    private static IEnumerable<FileInfo> Files(DirectoryInfo directory)
    {
        try
        {
            return directory.GetFiles();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<FileInfo>();
        }
    }

    private static bool HasWildcard(string segment) => segment.IndexOfAny(new[] { '*', '?' }) >= 0;

    private static Regex SegmentRegex(string segment)
    {
        var regex = new StringBuilder("^");
        foreach (char c in segment)
        {
            regex.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        RegexOptions options = RegexOptions.CultureInvariant | (ReferenceEquals(RepoPath.Comparer, StringComparer.OrdinalIgnoreCase) ? RegexOptions.IgnoreCase : RegexOptions.None);
        return new Regex(regex.Append('$').ToString(), options, TimeSpan.FromSeconds(1));
    }
}
