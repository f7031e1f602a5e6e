using System;
using System.Collections.Generic;
using System.IO;
using Governance.Core.IO;

namespace Governance.Core.Inputs;

/// <summary>
/// The working tree as the evaluation's input: files are read where they are, and every read is
/// remembered (<see cref="Reads"/>) with its digest and role.
/// </summary>
public sealed class FileSystemInputs : IGateInputs
{
    private readonly List<InputRead> reads = new();
    private readonly Dictionary<string, FileDigestCache> digestCaches = new(RepoPath.Comparer);

    /// <summary>Every file read so far, in the order read.</summary>
    public IReadOnlyList<InputRead> Reads => reads;

    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public byte[] ReadAllBytes(string path, string role)
    {
        byte[] bytes = File.ReadAllBytes(path);
        reads.Add(new InputRead(path, Sha256.OfBytes(bytes), role, ContentRead: true));
        return bytes;
    }

    public string? DigestOf(string path, string? digestCacheFile)
    {
        string? digest;
        try
        {
            digest = File.Exists(path) ? Cache(digestCacheFile).Digest(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            digest = null;
        }

        if (digest is not null)
        {
            reads.Add(new InputRead(path, digest, InputRole.BuildFile, ContentRead: false));
        }

        return digest;
    }

    public IReadOnlyList<string>? Glob(string root, string pattern) => FileGlob.Match(root, pattern);

    private FileDigestCache Cache(string? file)
    {
        if (file is null)
        {
            return FileDigestCache.Empty();
        }

        if (!digestCaches.TryGetValue(file, out FileDigestCache? cache))
        {
            cache = FileDigestCache.Load(file);
            digestCaches[file] = cache;
        }

        return cache;
    }
}
