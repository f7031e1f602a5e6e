using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace Governance.Core.IO;

/// <summary>SHA-256 digests as lowercase hex, the form every output uses.</summary>
public static class Sha256
{
    /// <summary>Reads in 1 MiB blocks: large files are hashed at the speed of the CPU's SHA instructions, not of per-call overhead.</summary>
    private const int BlockSize = 1 << 20;

    /// <summary>One read buffer per thread, reused: hashing thousands of files allocates nothing per file.</summary>
    [ThreadStatic]
    private static byte[]? buffer;

    public static string OfFile(string path)
    {
        // bufferSize 1: no FileStream buffer between the disk and ours, which is larger.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] block = buffer ??= new byte[BlockSize];
        int read;
        while ((read = stream.Read(block, 0, block.Length)) > 0)
        {
            hash.AppendData(block, 0, read);
        }

        return ToHex(hash.GetHashAndReset());
    }

    public static string OfBytes(byte[] bytes)
    {
        using var sha = SHA256.Create();
        return ToHex(sha.ComputeHash(bytes));
    }

    private static string ToHex(byte[] hash)
    {
        var builder = new StringBuilder(hash.Length * 2);
        foreach (byte b in hash)
        {
            builder.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
