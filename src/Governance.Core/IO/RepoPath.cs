using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace Governance.Core.IO;

/// <summary>
/// Paths as they appear in outputs: relative to the governance root, with forward slashes, so
/// reports and lineage are the same bytes on every machine and in every clone location.
/// </summary>
public static class RepoPath
{
    private static readonly StringComparison PathComparison =
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
            ? StringComparison.OrdinalIgnoreCase
            : StringComparison.Ordinal;

    /// <summary>Comparer matching the file system's case rules.</summary>
    public static StringComparer Comparer { get; } =
        PathComparison == StringComparison.OrdinalIgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>Makes <paramref name="path"/> relative to <paramref name="root"/>, using '/' separators.</summary>
    public static string Relative(string root, string path)
    {
        string[] rootParts = Split(Path.GetFullPath(root));
        string[] pathParts = Split(Path.GetFullPath(path));

        int common = 0;
        while (common < rootParts.Length && common < pathParts.Length &&
               string.Equals(rootParts[common], pathParts[common], PathComparison))
        {
            common++;
        }

        if (common == 0 && RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            // Different drive: there is no relative form. Keep the file name only so no
            // machine-specific path ever reaches an output.
            return pathParts.Length == 0 ? "." : pathParts[pathParts.Length - 1];
        }

        var parts = new List<string>();
        for (int i = common; i < rootParts.Length; i++)
        {
            parts.Add("..");
        }

        for (int i = common; i < pathParts.Length; i++)
        {
            parts.Add(pathParts[i]);
        }

        return parts.Count == 0 ? "." : string.Join("/", parts);
    }

    /// <summary>
    /// <paramref name="path"/> relative to <paramref name="root"/> with '/' separators, or null when
    /// there is no relative form (another drive on Windows).
    /// </summary>
    public static string? TryRelative(string root, string path)
    {
        string relative = Relative(root, path);
        return Path.IsPathRooted(relative) || (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) &&
            !string.Equals(Path.GetPathRoot(Path.GetFullPath(root)), Path.GetPathRoot(Path.GetFullPath(path)), StringComparison.OrdinalIgnoreCase))
            ? null
            : relative;
    }

    /// <summary>
    /// Why a file could not be read, without the exception's text: that text carries absolute
    /// paths, and messages end up in reports that must be the same on every machine.
    /// </summary>
    public static string DescribeFailure(Exception ex) => ex switch
    {
        NotARegularFileException => ex.Message,
        Store.StoreUnavailableException => ex.Message.TrimEnd('.'),
        UnauthorizedAccessException => "access is denied",
        FileNotFoundException or DirectoryNotFoundException => "it does not exist",
        _ => "it is in use or the disk could not be read",
    };

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or lies below it.</summary>
    public static bool IsUnder(string root, string path)
    {
        string relative = Relative(root, path);
        return relative == "." || !(relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative));
    }

    private static string[] Split(string fullPath) =>
        fullPath.Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The full path of a path relative to <paramref name="root"/>, or null when it is rooted, malformed or escapes the root.</summary>
    public static string? ResolveInside(string root, string relative)
    {
        try
        {
            if (Path.IsPathRooted(relative))
            {
                return null;
            }

            string path = Path.GetFullPath(Path.Combine(root, relative));
            return IsUnder(root, path) ? path : null;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }
}
