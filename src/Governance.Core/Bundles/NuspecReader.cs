using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace Governance.Core.Bundles;

/// <summary>
/// The id and version a <c>.nupkg</c> declares in its <c>.nuspec</c>, read as NuGet reads them
/// (without NuGet's client libraries, which the MSBuild host already loads in its own version):
/// the one <c>.nuspec</c> at the root of the zip, by its unescaped entry name; the first
/// <c>metadata</c> element under the root; its <c>id</c> and <c>version</c> in the metadata's own
/// namespace. Anything NuGet could read another way is refused: an entry name that changes when
/// unescaped, a second <c>id</c> or <c>version</c> in any namespace, a DTD, more than 1 MiB.
/// </summary>
internal static class NuspecReader
{
    private const long MaxNuspecBytes = 1 << 20;

    /// <summary>The declared id and version, or null with the reason it cannot be read unambiguously.</summary>
    public static (string Id, string Version)? Read(string nupkg, out string? problem)
    {
        XElement? metadata = Metadata(nupkg, out problem);
        if (metadata is null)
        {
            return null;
        }

        string? id = Single(metadata, "id", out problem);
        string? version = problem is null ? Single(metadata, "version", out problem) : null;
        return id is null || version is null ? null : (id, version);
    }

    /// <summary>
    /// Every dependency the package declares (<c>dependencies/dependency</c>, and in every
    /// <c>dependencies/group</c>), each id once with its ranges as written (one per group), or null
    /// with the reason the .nuspec cannot be read. A dependency without a version is any version (NuGet's reading).
    /// </summary>
    public static System.Collections.Generic.IReadOnlyList<Releases.PackageDependency>? Dependencies(string nupkg, out string? problem)
    {
        XElement? metadata = Metadata(nupkg, out problem);
        if (metadata is null)
        {
            return null;
        }

        XNamespace ns = metadata.Name.Namespace;
        return metadata.Elements(ns + "dependencies")
            .SelectMany(d => d.Elements(ns + "dependency").Concat(d.Elements(ns + "group").SelectMany(g => g.Elements(ns + "dependency"))))
            .Select(d => new Releases.PackageDependency(((string?)d.Attribute("id") ?? string.Empty).Trim(), ((string?)d.Attribute("version") ?? string.Empty).Trim()))
            .Where(d => d.Id.Length > 0)
            .Distinct()
            .OrderBy(d => d.Id.ToLowerInvariant(), StringComparer.Ordinal).ThenBy(d => d.Range, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The .nuspec's metadata element, read as NuGet reads it, or null with why not.</summary>
    private static XElement? Metadata(string nupkg, out string? problem)
    {
        problem = null;
        try
        {
            using var stream = new FileStream(nupkg, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            if (zip.Entries.FirstOrDefault(e => e.FullName.IndexOf('%') >= 0 && Uri.UnescapeDataString(e.FullName) != e.FullName) is ZipArchiveEntry escaped)
            {
                problem = $"its entry '{Diagnostics.MessageText.Value(escaped.FullName)}' has an escaped name, which NuGet reads as another name";
                return null;
            }

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

            XDocument document;
            using (Stream nuspec = nuspecs[0].Open())
            using (var reader = XmlReader.Create(nuspec, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxNuspecBytes }))
            {
                document = XDocument.Load(reader);
            }

            XElement? metadata = document.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
            if (metadata is null)
            {
                problem = "its .nuspec has no metadata";
            }

            return metadata;
        }
        catch (Exception ex) when (ex is InvalidDataException or XmlException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            problem = ex is XmlException ? "its .nuspec is not well-formed XML" : ex is InvalidDataException ? "it is not a zip archive" : "it cannot be read";
            return null;
        }
    }

    /// <summary>The one element <paramref name="name"/> under metadata, in metadata's namespace; null when there is none or more than one in any namespace.</summary>
    private static string? Single(XElement metadata, string name, out string? problem)
    {
        XElement[] all = metadata.Elements().Where(e => e.Name.LocalName == name).ToArray();
        if (all.Length != 1 || all[0].Name.Namespace != metadata.Name.Namespace)
        {
            problem = all.Length == 0 ? $"its .nuspec has no metadata {name}" : $"its .nuspec names the {name} more than once, or in another namespace, so readers disagree about it";
            return null;
        }

        problem = null;
        return all[0].Value.Trim();
    }
}
