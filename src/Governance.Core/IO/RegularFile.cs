using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Governance.Core.IO;

/// <summary>
/// Reading files someone else controls (a bundle being verified): only ordinary files, never
/// through a link, never more than a limit. A FIFO would block the open until a writer comes, a
/// device such as /dev/zero never ends, and a link may point anywhere; .NET's file APIs do not
/// tell these from an empty file, so on Unix the file's type comes from the runtime's own
/// <c>lstat</c> (System.Native's, whose result layout .NET defines, not the C library's).
/// </summary>
public static class RegularFile
{
    private const int TypeMask = 0xF000;
    private const int TypeRegular = 0x8000;
    private const int TypeDirectory = 0x4000;
    private const int TypeLink = 0xA000;

    /// <summary>What <paramref name="path"/> is, not following a link at its end.</summary>
    public static FileKind KindOf(string path) => Stat(path).Kind;

    /// <summary>What <paramref name="path"/> is and, for an ordinary file, its length (else -1): one system call on Unix.</summary>
    public static (FileKind Kind, long Length) Stat(string path)
    {
        if (IsUnix && TryLStat(path, out int mode, out long size) is bool known)
        {
            if (!known)
            {
                return (FileKind.Missing, -1);
            }

            return (mode & TypeMask) switch
            {
                TypeRegular => (FileKind.Regular, size),
                TypeDirectory => (FileKind.Directory, -1),
                TypeLink => (FileKind.Link, -1),
                _ => (FileKind.Special, -1),
            };
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return (Directory.Exists(path)
                ? ((File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0 ? FileKind.Link : FileKind.Directory)
                : FileKind.Missing, -1);
        }

        return (info.Attributes & FileAttributes.ReparsePoint) != 0 ? (FileKind.Link, -1)
            : (info.Attributes & FileAttributes.Device) != 0 ? (FileKind.Special, -1)
            : (FileKind.Regular, info.Length);
    }

    private static readonly bool IsUnix = !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    /// <summary>
    /// What <paramref name="path"/> is once links are followed: what a file read would open. A link
    /// that leads nowhere (dangling, or a loop) is <see cref="FileKind.Missing"/>. For inputs that may
    /// be links (a checkout's files, build outputs) but must not be a pipe or a device.
    /// </summary>
    public static FileKind KindOfTarget(string path)
    {
        if (IsUnix)
        {
            try
            {
                var status = new byte[512];
                if (Stat(path, status) != 0)
                {
                    return FileKind.Missing;
                }

                return (BitConverter.ToInt32(status, 4) & TypeMask) switch
                {
                    TypeRegular => FileKind.Regular,
                    TypeDirectory => FileKind.Directory,
                    _ => FileKind.Special,
                };
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // The runtime cannot say: .NET's view below.
            }
        }

        FileKind kind = KindOf(path);
#if NET
        if (kind == FileKind.Link)
        {
            try
            {
                FileSystemInfo? target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true);
                return target is null ? FileKind.Missing : KindOf(target.FullName);
            }
            catch (IOException)
            {
                return FileKind.Missing;
            }
        }
#endif
        return kind;
    }

    /// <summary>
    /// Throws <see cref="NotARegularFileException"/> when <paramref name="path"/> is, or leads to, a
    /// pipe, a socket or a device: opening a pipe waits for a writer that may never come, and a
    /// device such as /dev/zero never ends. Anything else is left to the read that follows.
    /// </summary>
    public static void RefuseSpecial(string path)
    {
        if (KindOfTarget(path) == FileKind.Special)
        {
            throw new NotARegularFileException("it is a pipe, socket or device, not a file");
        }
    }

    /// <summary>Why <paramref name="path"/> is not an ordinary file that can be read, or null when it is one.</summary>
    public static string? Refusal(string path) => KindOf(path) switch
    {
        FileKind.Regular => null,
        FileKind.Missing => "it does not exist",
        FileKind.Directory => "it is a folder, not a file",
        FileKind.Link => "it is a link, and links are not followed: copy the real file there",
        _ => "it is a pipe, socket or device, not a file",
    };

    /// <summary>The bytes of an ordinary file of at most <paramref name="maxBytes"/> bytes.</summary>
    /// <exception cref="NotARegularFileException">It is a link, a pipe, a device or a folder, or it is larger.</exception>
    /// <exception cref="IOException">It cannot be read.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes)
    {
        if (Refusal(path) is string why)
        {
            if (KindOf(path) == FileKind.Missing)
            {
                throw new FileNotFoundException(why, path);
            }

            throw new NotARegularFileException(why);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        long length = stream.Length;
        if (length > maxBytes)
        {
            throw new NotARegularFileException($"it is {length} bytes, more than the {maxBytes} bytes such a file can have");
        }

        // Read one byte past the length: a file that grows while read (or a device that reports
        // no length) is refused instead of read without end.
        var buffer = new byte[length];
        int read = 0;
        while (read < length)
        {
            int n = stream.Read(buffer, read, (int)(length - read));
            if (n == 0)
            {
                throw new NotARegularFileException("it became shorter while it was read");
            }

            read += n;
        }

        if (stream.ReadByte() != -1)
        {
            throw new NotARegularFileException("it grew while it was read");
        }

        return buffer;
    }

    /// <summary>True with the mode and size when the path exists, false when it does not, null when the runtime cannot say (then .NET's view is used).</summary>
    private static bool? TryLStat(string path, out int mode, out long size)
    {
        mode = 0;
        size = -1;
        try
        {
            // FileStatus begins Flags, Mode, Uid, Gid (int32 each), then Size (int64); the buffer
            // is larger than the whole structure in every .NET version.
            var status = new byte[512];
            if (LStat(path, status) != 0)
            {
                return File.Exists(path) || Directory.Exists(path) ? null : false;
            }

            mode = BitConverter.ToInt32(status, 4);
            size = BitConverter.ToInt64(status, 16);
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] output);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true)]
    private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] output);
}
