using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Core.Inputs;
using Governance.Core.IO;

namespace Governance.Core.Evidence;

/// <summary>
/// The files and file-system answers an evidence package recorded, served to a replay as the
/// working tree was to the run. Nothing is read from disk; a question the run did not ask is
/// refused with GOV8002 (<see cref="EvidenceIncompleteException"/>): answering it would be a guess.
/// </summary>
internal sealed class ReplayInputs : IGateInputs
{
    private readonly EvidencePackage package;
    private readonly List<InputRead> reads = new();
    private readonly List<InputProbe> probes = new();
    private readonly Dictionary<string, string> contents = new(RepoPath.Comparer);
    private readonly Dictionary<string, string> digests = new(RepoPath.Comparer);
    private readonly Dictionary<string, bool> answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>?> globs = new(StringComparer.Ordinal);

    // Files whose read failed when the decision was made, with why: the replay fails the same way.
    private readonly Dictionary<string, (string Failure, bool Exists)> failures = new(RepoPath.Comparer);

    // A test assembly's recorded traits, by the assembly's path: kept apart from file contents, as they are not its bytes.
    private readonly Dictionary<string, string> traits = new(RepoPath.Comparer);

    public ReplayInputs(EvidencePackage package, string root, JsonElement inputs)
    {
        this.package = package;
        string Full(string relative) => Key(Path.Combine(root, relative));
        foreach (JsonElement file in inputs.GetProperty("files").EnumerateArray())
        {
            string path = Full(file.GetProperty("path").GetString()!);
            string sha256 = file.GetProperty("sha256").GetString()!;
            if (file.TryGetProperty("role", out JsonElement role) && role.GetString() == InputRole.TestTraits)
            {
                if (!traits.ContainsKey(path))
                {
                    traits[path] = sha256;
                }
            }
            else if (file.GetProperty("content").GetBoolean())
            {
                // A file read twice was the same file: the first read is the one the decision used first.
                if (!contents.ContainsKey(path))
                {
                    contents[path] = sha256;
                }
            }
            else if (!digests.ContainsKey(path))
            {
                digests[path] = sha256;
            }
        }

        foreach (JsonElement probe in inputs.GetProperty("probes").EnumerateArray())
        {
            string kind = probe.GetProperty("kind").GetString()!;
            string path = Full(probe.GetProperty("path").GetString()!);
            bool exists = probe.GetProperty("exists").GetBoolean();
            if (kind == InputProbeKind.Unreadable)
            {
                if (!failures.ContainsKey(path) && probe.TryGetProperty("failure", out JsonElement failure) && failure.ValueKind == JsonValueKind.String)
                {
                    failures[path] = (failure.GetString()!, exists);
                }
            }
            else if (kind == InputProbeKind.Glob)
            {
                string question = GlobKey(path, probe.GetProperty("pattern").GetString()!);
                if (!globs.ContainsKey(question))
                {
                    globs[question] = probe.TryGetProperty("matches", out JsonElement matches) && matches.ValueKind == JsonValueKind.Array
                        ? matches.EnumerateArray().Select(m => Path.GetFullPath(Path.Combine(root, m.GetString()!))).ToArray()
                        : null;
                }
            }
            else
            {
                string question = kind + "\n" + Normalized(path);
                if (!answers.ContainsKey(question))
                {
                    answers[question] = exists;
                }
            }
        }
    }

    public IReadOnlyList<InputRead> Reads => reads;

    public IReadOnlyList<InputProbe> Probes => probes;

    /// <summary>A path as a lookup key: full, without a trailing separator.</summary>
    public static string Key(string path)
    {
        string full = Path.GetFullPath(path);
        string trimmed = full.TrimEnd('/', '\\');
        return trimmed.Length == 0 || trimmed.EndsWith(":", StringComparison.Ordinal) ? full : trimmed;
    }

    public bool FileExists(string path)
    {
        string key = Key(path);
        bool exists = answers.TryGetValue(InputProbeKind.File + "\n" + Normalized(key), out bool answer)
            ? answer
            : contents.ContainsKey(key) || (digests.ContainsKey(key) ? true : throw package.Unrecorded(EvidencePackageLayout.Inputs, $"whether the file {path} exists"));
        probes.Add(new InputProbe(InputProbeKind.File, path, exists));
        return exists;
    }

    public bool DirectoryExists(string path)
    {
        bool exists = answers.TryGetValue(InputProbeKind.Directory + "\n" + Normalized(Key(path)), out bool answer)
            ? answer
            : throw package.Unrecorded(EvidencePackageLayout.Inputs, $"whether the folder {path} exists");
        probes.Add(new InputProbe(InputProbeKind.Directory, path, exists));
        return exists;
    }

    public byte[] ReadAllBytes(string path, string role)
    {
        if (!contents.TryGetValue(Key(path), out string? sha256))
        {
            FailAsRecorded(path);
            throw package.Unrecorded(EvidencePackageLayout.Inputs, $"the content of {path}");
        }

        byte[] bytes = package.Blob(EvidencePackageLayout.Inputs, sha256);
        reads.Add(new InputRead(path, sha256, role, ContentRead: true));
        return bytes;
    }

    public string? DigestOf(string path, string? digestCacheFile)
    {
        string key = Key(path);
        string? digest = digests.TryGetValue(key, out string? recorded) ? recorded
            : contents.TryGetValue(key, out string? read) ? read
            : answers.ContainsKey(InputProbeKind.Digest + "\n" + Normalized(key)) ? null
            : throw package.Unrecorded(EvidencePackageLayout.Inputs, $"the digest of {path}");
        if (digest is null)
        {
            probes.Add(new InputProbe(InputProbeKind.Digest, path, Exists: false));
        }
        else
        {
            reads.Add(new InputRead(path, digest, InputRole.BuildFile, ContentRead: false));
        }

        return digest;
    }

    public IReadOnlyList<string>? Glob(string root, string pattern)
    {
        if (!globs.TryGetValue(GlobKey(Key(root), pattern), out IReadOnlyList<string>? matches))
        {
            throw package.Unrecorded(EvidencePackageLayout.Inputs, $"what '{pattern}' matches under {root}");
        }

        probes.Add(new InputProbe(InputProbeKind.Glob, root, matches is not null, pattern, matches));
        return matches;
    }

    public Tenants.TestAssemblyTraits? TestTraitsOf(string assemblyPath)
    {
        string key = Key(assemblyPath);
        if (traits.TryGetValue(key, out string? sha256))
        {
            byte[] json = package.Blob(EvidencePackageLayout.Inputs, sha256);
            Tenants.TestAssemblyTraits read;
            try
            {
                read = Tenants.TestAssemblyTraits.FromJson(assemblyPath, json);
            }
            catch (FormatException)
            {
                throw package.Unrecorded(EvidencePackageLayout.Inputs, $"the traits of the test assembly {assemblyPath} (the recorded traits are not well-formed)");
            }

            reads.Add(new InputRead(assemblyPath, sha256, InputRole.TestTraits, ContentRead: true));
            return read;
        }

        if (answers.TryGetValue(InputProbeKind.File + "\n" + Normalized(key), out bool exists) && !exists)
        {
            probes.Add(new InputProbe(InputProbeKind.File, assemblyPath, Exists: false));
            return null;
        }

        FailAsRecorded(assemblyPath);
        throw package.Unrecorded(EvidencePackageLayout.Inputs, $"the traits of the test assembly {assemblyPath}");
    }

    /// <summary>Throws the failure recorded for <paramref name="path"/>, when its read failed in the run.</summary>
    private void FailAsRecorded(string path)
    {
        if (failures.TryGetValue(Key(path), out (string Failure, bool Exists) recorded))
        {
            probes.Add(new InputProbe(InputProbeKind.Unreadable, path, recorded.Exists, Failure: recorded.Failure));
            throw ReadFailure.Recreate(recorded.Failure, path);
        }
    }

    public byte[]? ContentOf(string sha256)
    {
        try
        {
            return package.Blob(EvidencePackageLayout.Inputs, sha256);
        }
        catch (EvidenceIncompleteException)
        {
            return null;
        }
    }

    private static string GlobKey(string root, string pattern) => Normalized(root) + "\n" + pattern;

    // Probe and glob keys are ordinal strings; on a case-insensitive file system a path differing only in case is the same question.
    private static string Normalized(string key) => RepoPath.Comparer.Equals(key, key.ToUpperInvariant()) ? key.ToUpperInvariant() : key;
}
