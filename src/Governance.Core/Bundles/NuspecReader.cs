using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml;

namespace Governance.Core.Bundles;

/// <summary>
/// The id and version a <c>.nupkg</c> declares in its <c>.nuspec</c>, read without NuGet's client
/// libraries (which the MSBuild host already loads in its own version): the one <c>.nuspec</c> at
/// the root of the zip, at most 1 MiB, XML without a DTD.
/// </summary>
internal static class NuspecReader
{
    private const long MaxNuspecBytes = 1 << 20;

    /// <summary>The declared id and version, or null with the reason it cannot be read.</summary>
    public static (string Id, string Version)? Read(string nupkg, out string? problem)
    {
        problem = null;
        try
        {
            using var stream = new FileStream(nupkg, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            ZipArchiveEntry[] nuspecs = zip.Entries
                .Where(e => e.FullName.IndexOf('/') < 0 && e.FullName.IndexOf('\\') < 0 && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase))
                .ToArray();
            if (nuspecs.Length != 1)
            {
                problem = nuspecs.Length == 0 ? "it has no .nuspec at its root" : "it has more than one .nuspec at its root";
                return null;
            }

            if (nuspecs[0].Length > MaxNuspecBytes)
            {
                problem = $"its .nuspec is larger than {MaxNuspecBytes} bytes";
                return null;
            }

            using Stream nuspec = nuspecs[0].Open();
            using var reader = XmlReader.Create(nuspec, new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = MaxNuspecBytes,
                IgnoreComments = true,
            });

            // <package><metadata><id/><version/>…: the namespace varies with the nuspec's schema version.
            string? id = null;
            string? version = null;
            int depth = -1;
            reader.MoveToContent();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && depth >= 0 && reader.Depth == depth + 1 && (reader.LocalName == "id" || reader.LocalName == "version"))
                {
                    // Reading the content moves to the node after the element: no Read() after it.
                    bool isId = reader.LocalName == "id";
                    string value = reader.ReadElementContentAsString().Trim();
                    if (isId)
                    {
                        id ??= value;
                    }
                    else
                    {
                        version ??= value;
                    }

                    if (id is not null && version is not null)
                    {
                        return (id, version);
                    }

                    continue;
                }

                if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1 && reader.LocalName == "metadata")
                {
                    depth = reader.Depth;
                }

                reader.Read();
            }

            problem = "its .nuspec has no metadata id and version";
            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or XmlException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            problem = ex is XmlException ? "its .nuspec is not well-formed XML" : ex is InvalidDataException ? "it is not a zip archive" : "it cannot be read";
            return null;
        }
    }
}
