using System;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace Governance.Core.Tests.Bundles;

/// <summary>A small real .nupkg: a zip with a .nuspec declaring the id and version, and one content file; the same arguments give the same bytes.</summary>
internal static class TestPackage
{
    public static string Write(string path, string id, string version, string content = "package bytes", string? nuspecId = null, string? nuspecVersion = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var stream = new FileStream(path, FileMode.Create))
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            Add(zip, $"{id}.nuspec", $"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata>
                    <id>{nuspecId ?? id}</id>
                    <version>{nuspecVersion ?? version}</version>
                    <authors>test</authors>
                    <description>test</description>
                  </metadata>
                </package>
                """);
            Add(zip, "content/readme.txt", content);
        }

        return path;
    }

    /// <summary>A zip with exactly these entries: for packages NuGet could read another way.</summary>
    public static string WriteEntries(string path, params (string Name, string Text)[] entries)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.Create);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
        foreach ((string name, string text) in entries)
        {
            Add(zip, name, text);
        }

        return path;
    }

    private static void Add(ZipArchive zip, string name, string text)
    {
        ZipArchiveEntry entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using Stream stream = entry.Open();
        byte[] bytes = new UTF8Encoding(false).GetBytes(text);
        stream.Write(bytes, 0, bytes.Length);
    }
}
