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

    public static string OfFile(string path) => OfFile(path, long.MaxValue);

    /// <summary>
    /// The SHA-256 of at most <paramref name="limit"/> bytes of the file: a file that is longer
    /// than expected (or endless, like a device) is hashed only that far, which is enough to know
    /// it does not match.
    /// </summary>
    public static string OfFile(string path, long limit)
    {
        // bufferSize 1: no FileStream buffer between the disk and ours, which is larger.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] block = buffer ??= new byte[BlockSize];
        int read;
        long remaining = limit;
        while (remaining > 0 && (read = stream.Read(block, 0, (int)Math.Min(block.Length, remaining))) > 0)
        {
            hash.AppendData(block, 0, read);
            remaining -= read;
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
