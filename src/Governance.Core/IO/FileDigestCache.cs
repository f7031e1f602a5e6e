using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Governance.Core.IO;

/// <summary>
/// SHA-256 digests remembered by path, size and last-write time, so a file that has not changed
/// since the last build is never read again. The cache is a private text file under <c>obj/</c>
/// (one per project build, so parallel builds never share one); a missing, damaged or foreign
/// cache is simply empty, and every file is hashed again.
/// </summary>
/// <remarks>
/// Size plus last-write time is the same trade-off MSBuild's own Inputs/Outputs checks make: an
/// edit that keeps both identical is not seen. The gate re-checks every recorded digest through
/// this cache, so it catches edits and deletions made after a build, not a forged timestamp.
/// </remarks>
public sealed class FileDigestCache
{
    private const string Header = "# Governance.Sdk file digest cache v1";

    private readonly Dictionary<string, Entry> loaded;
    private readonly Dictionary<string, Entry> used = new(RepoPath.Comparer);

    private FileDigestCache(Dictionary<string, Entry> loaded) => this.loaded = loaded;

    /// <summary>How many files were actually read and hashed (the rest came from the cache).</summary>
    public int FilesHashed { get; private set; }

    /// <summary>An empty cache that remembers nothing from earlier builds.</summary>
    public static FileDigestCache Empty() => new(new Dictionary<string, Entry>(RepoPath.Comparer));

    /// <summary>Loads the cache at <paramref name="path"/>; anything unreadable yields an empty cache.</summary>
    public static FileDigestCache Load(string? path)
    {
        var entries = new Dictionary<string, Entry>(RepoPath.Comparer);
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return new FileDigestCache(entries);
        }

        try
        {
            using var reader = new StreamReader(path!, Encoding.UTF8);
            if (reader.ReadLine() != Header)
            {
                return new FileDigestCache(entries);
            }

            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                // ticks \t length \t sha256 \t full path (the path last: it may contain anything but a newline)
                string[] parts = line.Split(new[] { '\t' }, 4);
                if (parts.Length != 4 ||
                    !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long ticks) ||
                    !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long length) ||
                    parts[2].Length != 64)
                {
                    return new FileDigestCache(new Dictionary<string, Entry>(RepoPath.Comparer));
                }

                entries[parts[3]] = new Entry(ticks, length, parts[2]);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            entries.Clear();
        }

        return new FileDigestCache(entries);
    }

    /// <summary>
    /// The SHA-256 of the file at <paramref name="fullPath"/>: from the cache when its size and
    /// last-write time are what they were, else read and hashed. Throws what file access throws.
    /// </summary>
    public string Digest(string fullPath)
    {
        var info = new FileInfo(fullPath);
        if (!info.Exists)
        {
            throw new FileNotFoundException("The file does not exist.", fullPath);
        }

        long ticks = info.LastWriteTimeUtc.Ticks;
        long length = info.Length;
        if ((used.TryGetValue(fullPath, out Entry entry) || loaded.TryGetValue(fullPath, out entry)) &&
            entry.Ticks == ticks && entry.Length == length)
        {
            used[fullPath] = entry;
            return entry.Sha256;
        }

        string sha256 = Sha256.OfFile(fullPath);
        FilesHashed++;
        used[fullPath] = new Entry(ticks, length, sha256);
        return sha256;
    }

    /// <summary>
    /// Writes the entries used since loading (so files no longer in the build drop out), atomically,
    /// and only when they differ from what was loaded: an unchanged cache is not rewritten.
    /// </summary>
    public void Save(string path)
    {
        if (used.Count == loaded.Count && used.All(u => loaded.TryGetValue(u.Key, out Entry e) && e.Equals(u.Value)))
        {
            return;
        }

        var text = new StringBuilder(Header).Append('\n');
        foreach (KeyValuePair<string, Entry> pair in used.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(pair.Value.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(pair.Value.Length.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(pair.Value.Sha256).Append('\t')
                .Append(pair.Key).Append('\n');
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    private readonly record struct Entry(long Ticks, long Length, string Sha256);
}
