using System.Collections.Generic;

namespace Governance.Core.Inputs;

/// <summary>
/// Where the evaluation reads its files from: the working tree today, a recorded evidence package
/// when a decision is replayed. Every question the evaluation asks of the file system goes through
/// here, so each file it looked at is known, digested and attributable to the role it played.
/// Paths are full paths; failures are the exceptions file access throws (<see cref="System.IO.IOException"/>,
/// <see cref="System.UnauthorizedAccessException"/>).
/// </summary>
public interface IGateInputs
{
    /// <summary>Every file read so far, in the order read, with its digest and role.</summary>
    IReadOnlyList<InputRead> Reads { get; }

    /// <summary>Every question answered without a read (existence, globs, missing digests), in the order asked.</summary>
    IReadOnlyList<InputProbe> Probes { get; }

    /// <summary>The bytes of a file read so far whose SHA-256 is <paramref name="sha256"/>, or null: what the evidence package keeps.</summary>
    byte[]? ContentOf(string sha256);

    bool FileExists(string path);

    bool DirectoryExists(string path);

    /// <summary>The file's bytes, read for <paramref name="role"/> (one of <see cref="InputRole"/>).</summary>
    byte[] ReadAllBytes(string path, string role);

    /// <summary>
    /// The SHA-256 of a file whose content the evaluation only compares (a build's outputs and
    /// sources, to see whether they changed since they were recorded), or null when it does not
    /// exist or cannot be read. <paramref name="digestCacheFile"/> is the build's digest cache, so
    /// files unchanged since the build are not read again.
    /// </summary>
    string? DigestOf(string path, string? digestCacheFile);

    /// <summary>
    /// The traits in a test assembly's metadata (the assembly is read, never loaded), or null when
    /// it does not exist. What is recorded is the traits read (role <see cref="InputRole.TestTraits"/>),
    /// so a replay needs the traits, not the assembly. Throws <see cref="System.BadImageFormatException"/>
    /// for a file that is not a .NET assembly.
    /// </summary>
    Tenants.TestAssemblyTraits? TestTraitsOf(string assemblyPath);

    /// <summary>The files a policy glob matches under <paramref name="root"/> (see <see cref="IO.FileGlob"/>), or null for a pattern that leaves the root.</summary>
    IReadOnlyList<string>? Glob(string root, string pattern);
}
