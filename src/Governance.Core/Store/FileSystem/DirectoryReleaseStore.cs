using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.IO;

namespace Governance.Core.Store.FileSystem;

/// <summary>
/// The release store as a directory: one machine, or a file system several machines share.
/// Layout: <c>objects/sha256/&lt;2 hex&gt;/&lt;62 hex&gt;</c> holds each record's content under its
/// digest; <c>records/&lt;key&gt;</c> holds <c>sha256:&lt;hex&gt;</c>, naming the object (so a
/// record is verified whenever it is read); <c>streams/&lt;stream&gt;/&lt;sequence&gt;.json</c> holds
/// stream entries. Every file appears by an atomic rename of a fully written temporary file, so a
/// crash leaves at worst a stray temporary file (or an object no record names), never a torn one.
/// A store written by Governance.Sdk 0.1 before this layout kept bundle manifests as plain files at
/// <c>&lt;key&gt;</c> itself: those are still read (unverified, as they were written) and still
/// count as taken, so an earlier release is never recorded again.
/// </summary>
public sealed class DirectoryReleaseStore : IReleaseStore
{
    /// <summary>A writer holds a slot's claim for a check and a rename; one older than this was left by a killed writer.</summary>
    private static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(30);

    private const string ClaimSuffix = ".claim";

    private readonly string root;

    public DirectoryReleaseStore(string root) => this.root = Path.GetFullPath(root);

    public string Description => root;

    public StoreRecord? ReadRecord(string key)
    {
        string pointer = RecordFile(key);
        if (!File.Exists(pointer))
        {
            string? legacy = LegacyRecordFile(key);
            if (legacy is not null && File.Exists(legacy))
            {
                byte[] bytes = File.ReadAllBytes(legacy);
                return new StoreRecord(key, bytes, Sha256.OfBytes(bytes), legacy);
            }

            return null;
        }

        string hex = StoreLayout.ParsePointer(key, File.ReadAllBytes(pointer), pointer);
        string objectFile = ObjectFile(hex);
        return StoreLayout.Verified(key, hex, File.Exists(objectFile) ? File.ReadAllBytes(objectFile) : null, objectFile);
    }

    public StoreRecord CreateRecord(string key, byte[] content)
    {
        string pointer = RecordFile(key);
        if (!File.Exists(pointer) && LegacyRecordFile(key) is string legacy && File.Exists(legacy))
        {
            return ReadRecord(key)!;
        }

        string hex = Sha256.OfBytes(content);
        string objectFile = ObjectFile(hex);

        // The content first: an object no record names yet is harmless, a record naming no object
        // is not. An object already there is only trusted when it still holds what its name says.
        if (!File.Exists(objectFile))
        {
            PublishCreateOnly(objectFile, content);
            FaultPoint.Reach(FaultPoint.StoreObjectWritten);
        }
        else if (Sha256.OfFile(objectFile) != hex)
        {
            throw new StoreIntegrityException($"the stored content sha256:{hex}, which the record {key} would name, does not match its digest: it was edited in the store", objectFile);
        }

        PublishCreateOnly(pointer, StoreLayout.Pointer(hex));
        return ReadRecord(key) ?? throw new IOException($"The record {key} disappeared from the store while it was being created.");
    }

    public IReadOnlyList<string> ListRecords(string prefix)
    {
        string[] segments = prefix.Length == 0 ? Array.Empty<string>() : StoreKey.Segments(prefix.TrimEnd('/'));
        string trimmed = prefix.Length == 0 ? string.Empty : prefix.TrimEnd('/') + "/";
        IEnumerable<string> Keys(string directory) => Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
                .Where(f => !IsInternal(Path.GetFileName(f)))  // temporary files of writers and lock files are not records
                .Select(f => trimmed + RepoPath.Relative(directory, f))
            : Enumerable.Empty<string>();

        IEnumerable<string> legacy = trimmed.StartsWith(LegacyFolder, StringComparison.Ordinal) || trimmed.Length == 0
            ? Keys(Path.Combine(new[] { root }.Concat(segments).ToArray())).Where(IsLegacyKey)
            : Enumerable.Empty<string>();
        return Keys(Path.Combine(new[] { root, "records" }.Concat(segments).ToArray()))
            .Concat(legacy)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(k => k, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Every read reads the store as it is: nothing to refresh.</summary>
    public void Refresh()
    {
    }

    public IReadOnlyList<string> ListStreams()
    {
        string streams = Path.Combine(root, StoreLayout.StreamsFolder);
        return Directory.Exists(streams)
            ? Directory.GetFiles(streams, "*.json", SearchOption.AllDirectories)
                .Where(f => StoreLayout.SequenceOf(Path.GetFileName(f)) is not null)
                .Select(f => RepoPath.Relative(streams, Path.GetDirectoryName(f)!))
                .Distinct(StringComparer.Ordinal)
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToArray()
            : Array.Empty<string>();
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
            .Select(file => (File: file, Sequence: StoreLayout.SequenceOf(Path.GetFileName(file))))
            .Where(f => f.Sequence is not null)
            .OrderBy(f => f.Sequence)
            .Select(f => new StreamEntry(f.Sequence!.Value, File.ReadAllBytes(f.File), f.File))
            .ToArray();
    }

    public bool TryAppend(string stream, long sequence, byte[] content)
    {
        if (sequence < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), "Stream entries are numbered from 1.");
        }

        string file = Path.Combine(StreamDirectory(stream), StoreLayout.EntryName(sequence));
        return PublishCreateOnly(file, content);
    }

    /// <summary>
    /// Writes <paramref name="content"/> to a temporary file beside <paramref name="file"/>, then
    /// moves it there unless <paramref name="file"/> exists, and says whether it did. File.Move
    /// refusing to overwrite is not enough: on Unix it checks and renames in two steps, so two
    /// writers can both "win" (measured: 225 winners in 200 races of 8). The check and the rename
    /// therefore happen while holding the slot's claim: a file created with an exclusive create
    /// (O_EXCL, FileMode.CreateNew), which every local and network file system honours, unlike
    /// advisory locks. The claim is held only for those two steps; one left by a killed writer is
    /// broken once it is older than any writer holds one. Readers take no claim: a rename is
    /// atomic, so they see a whole file or none.
    /// </summary>
    private static bool PublishCreateOnly(string file, byte[] content)
    {
        string directory = Path.GetDirectoryName(file)!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, "." + Path.GetFileName(file) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content, 0, content.Length);
                stream.Flush(flushToDisk: true);
            }

            FaultPoint.Reach(FaultPoint.StoreTemporaryWritten);
            string claim = Path.Combine(directory, "." + Path.GetFileName(file) + ClaimSuffix);
            using (Claim(claim, file))
            {
                if (File.Exists(file))
                {
                    return false;
                }

                FaultPoint.Reach(FaultPoint.StoreClaimed);
                File.Move(temporary, file);
                return true;
            }
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>The slot's claim, created exclusively and deleted when disposed; null when <paramref name="file"/> appeared while waiting for it.</summary>
    private static FileStream? Claim(string claim, string file)
    {
        var wait = System.Diagnostics.Stopwatch.StartNew();
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(claim, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (wait.Elapsed < ClaimTimeout + ClaimTimeout)
            {
                if (File.Exists(file))
                {
                    return null;
                }

                if (File.Exists(claim) && DateTime.UtcNow - File.GetLastWriteTimeUtc(claim) > ClaimTimeout)
                {
                    // Left by a writer that was killed between its claim and its rename.
                    TryDelete(claim);
                }

                System.Threading.Thread.Sleep(Math.Min(50, 1 + attempt));
            }
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Temporary files and claims of writers, and the lock files of earlier versions: never records or entries.</summary>
    private static bool IsInternal(string fileName) => fileName == ".lock" ||
        (fileName.StartsWith(".", StringComparison.Ordinal) && (fileName.EndsWith(".tmp", StringComparison.Ordinal) || fileName.EndsWith(ClaimSuffix, StringComparison.Ordinal)));

    private string RecordFile(string key) => Path.Combine(root, StoreLayout.RecordPath(key));

    /// <summary>Where Governance.Sdk 0.1 kept a record (the manifest itself, under the key), or null: only bundle manifests were ever written so.</summary>
    private string? LegacyRecordFile(string key) =>
        IsLegacyKey(key) ? Path.Combine(new[] { root }.Concat(StoreKey.Segments(key)).ToArray()) : null;

    /// <summary>
    /// A key Governance.Sdk 0.1 may have written in the plain layout: a bundle manifest. Nothing else
    /// (a bundle's recording, which says when it was recorded) is ever read from that unverified
    /// layout, so a file planted there cannot pose as a record.
    /// </summary>
    private static bool IsLegacyKey(string key) =>
        key.StartsWith(LegacyFolder, StringComparison.Ordinal) && key.EndsWith(LegacyName, StringComparison.Ordinal);

    private const string LegacyFolder = "bundles/";
    private const string LegacyName = "/bundle.json";

    private string ObjectFile(string hex) => Path.Combine(root, StoreLayout.ObjectPath(hex));

    private string StreamDirectory(string stream) => Path.Combine(root, StoreLayout.StreamFolder(stream));
}
