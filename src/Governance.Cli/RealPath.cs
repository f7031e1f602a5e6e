using System;
using System.IO;

namespace Governance.Cli;

/// <summary>
/// A path with every symbolic link on it resolved, as the file system reaches it: comparing the
/// bundle's folder and a policy's place as written would let <c>same -&gt; .</c> or a link from
/// elsewhere pass a policy in the bundle's folder off as one outside it.
/// </summary>
internal static class RealPath
{
    private const int MaxLinks = 40;

    public static string Of(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full)!;
        string current = root;
        int links = 0;
        string[] parts = full.Substring(root.Length).Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length; i++)
        {
            string next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is string target && links++ < MaxLinks)
            {
                // Resolve the link, then walk the rest of the path from where it points.
                string resolved = Path.GetFullPath(Path.Combine(current, target));
                string rest = string.Join(Path.DirectorySeparatorChar.ToString(), parts, i + 1, parts.Length - i - 1);
                return Of(rest.Length == 0 ? resolved : Path.Combine(resolved, rest));
            }

            current = next;
        }

        return current;
    }
}
