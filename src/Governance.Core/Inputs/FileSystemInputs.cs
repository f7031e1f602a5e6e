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
    private readonly List<InputProbe> probes = new();

    // Kept by digest so a file read twice or for two roles is held once; the evidence package copies them.
    private readonly Dictionary<string, byte[]> contents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileDigestCache> digestCaches = new(RepoPath.Comparer);

    /// <summary>Every file read so far, in the order read.</summary>
    public IReadOnlyList<InputRead> Reads => reads;

    /// <summary>Every existence question, glob and missing digest so far, in the order asked.</summary>
    public IReadOnlyList<InputProbe> Probes => probes;

    public bool FileExists(string path) => Probe(InputProbeKind.File, path, File.Exists(path));

    public bool DirectoryExists(string path) => Probe(InputProbeKind.Directory, path, Directory.Exists(path));

    public byte[]? ContentOf(string sha256) => contents.TryGetValue(sha256, out byte[]? bytes) ? bytes : null;

    public byte[] ReadAllBytes(string path, string role)
    {
        byte[] bytes;
        try
        {
            // A file a glob matched may be a pipe or a link to a device: either would hold the gate forever.
            RegularFile.RefuseSpecial(path);
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Unreadable(path, ex);
            throw;
        }

        string digest = Sha256.OfBytes(bytes);
        contents[digest] = bytes;
        reads.Add(new InputRead(path, digest, role, ContentRead: true));
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
        else
        {
            probes.Add(new InputProbe(InputProbeKind.Digest, path, Exists: false));
        }

        return digest;
    }

    public Tenants.TestAssemblyTraits? TestTraitsOf(string assemblyPath)
    {
        if (!File.Exists(assemblyPath))
        {
            probes.Add(new InputProbe(InputProbeKind.File, assemblyPath, Exists: false));
            return null;
        }

        // What is recorded is the traits' canonical JSON, which reads back to the same traits (the
        // reader drops what the JSON could not carry, and tests hold the round trip to identity):
        // a replay decides with what this run decided with, without parsing it back here.
        byte[] json;
        Tenants.TestAssemblyTraits traits;
        try
        {
            traits = Tenants.TestTraitReader.Read(assemblyPath);
            json = traits.ToJson();
        }
        catch (ArgumentException ex)
        {
            var failure = new BadImageFormatException($"{Path.GetFileName(assemblyPath)} has metadata whose traits cannot be recorded: {ex.Message} Point the gate at the test assembly `dotnet test` ran.", assemblyPath, ex);
            Unreadable(assemblyPath, failure);
            throw failure;
        }
        catch (Exception ex) when (ex is BadImageFormatException or IOException or UnauthorizedAccessException)
        {
            Unreadable(assemblyPath, ex);
            throw;
        }

        string digest = Sha256.OfBytes(json);
        contents[digest] = json;
        reads.Add(new InputRead(assemblyPath, digest, InputRole.TestTraits, ContentRead: true));
        return traits;
    }

    public IReadOnlyList<string>? Glob(string root, string pattern)
    {
        IReadOnlyList<string>? matches = FileGlob.Match(root, pattern);
        probes.Add(new InputProbe(InputProbeKind.Glob, root, matches is not null, pattern, matches is null ? null : new List<string>(matches)));
        return matches;
    }

    private void Unreadable(string path, Exception failure) =>
        probes.Add(new InputProbe(InputProbeKind.Unreadable, path, File.Exists(path), Failure: ReadFailure.Of(failure)));

    private bool Probe(string kind, string path, bool answer)
    {
        probes.Add(new InputProbe(kind, path, answer));
        return answer;
    }

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
