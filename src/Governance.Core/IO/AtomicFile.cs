using System;
using System.IO;
using System.Text;

namespace Governance.Core.IO;

/// <summary>
/// Writes files so that a reader sees either the old content or the new, never a torn file: the
/// bytes go to a unique temporary file in the same directory, are flushed, and are then renamed
/// over the target. A killed build leaves at worst a stray temporary file, which the next write
/// of the same target ignores.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));

    public static void WriteAllBytes(string path, byte[] bytes)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }

            FaultPoint.Reach(FaultPoint.AtomicFileTemporaryWritten);
            Replace(temporary, fullPath);
            FaultPoint.Reach(FaultPoint.AtomicFileRenamed);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static void Replace(string source, string destination)
    {
#if NETFRAMEWORK
        // .NET Framework has no File.Move overwrite; File.Replace needs an existing destination.
        if (File.Exists(destination))
        {
            File.Replace(source, destination, destinationBackupFileName: null, ignoreMetadataErrors: true);
            return;
        }

        try
        {
            File.Move(source, destination);
        }
        catch (IOException) when (File.Exists(destination))
        {
            // Another writer created it between the check and the move: replace theirs.
            File.Replace(source, destination, destinationBackupFileName: null, ignoreMetadataErrors: true);
        }
#else
        File.Move(source, destination, overwrite: true);
#endif
    }
}
