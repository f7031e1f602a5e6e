using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using NuGet.Packaging;

namespace Governance.Cli.Publishing;

/// <summary>The digests feeds and bundles compare packages by, computed in as few reads as possible.</summary>
internal static class PackageDigests
{
    private const int BlockSize = 1 << 20;

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="destination"/> and returns the SHA-256
    /// (lowercase hex) and SHA-512 (base64) of what was copied.
    /// </summary>
    public static (string Sha256, string Sha512Base64, long Size) CopyHashing(Stream source, Stream destination)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        byte[] block = new byte[BlockSize];
        long size = 0;
        int read;
        while ((read = source.Read(block, 0, block.Length)) > 0)
        {
            sha256.AppendData(block, 0, read);
            sha512.AppendData(block, 0, read);
            destination.Write(block, 0, read);
            size += read;
        }

        return (Convert.ToHexStringLower(sha256.GetHashAndReset()), Convert.ToBase64String(sha512.GetHashAndReset()), size);
    }

    /// <summary>
    /// NuGet's content hash of a package file: for an unsigned package the SHA-512 of the file
    /// (<paramref name="knownSha512Base64"/> when the caller already has it), for a signed one the
    /// hash NuGet computes without the repository signature.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a package.</exception>
    public static string ContentHash(string nupkgPath, string? knownSha512Base64 = null)
    {
        using var reader = new PackageArchiveReader(nupkgPath);
        if (knownSha512Base64 is not null && !reader.IsSignedAsync(CancellationToken.None).GetAwaiter().GetResult())
        {
            return knownSha512Base64;
        }

        return reader.GetContentHash(CancellationToken.None);
    }
}
