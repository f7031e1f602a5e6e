using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Governance.Core.Diagnostics;
using Governance.Core.IO;

namespace Governance.Core.Bundles;

/// <summary>
/// A bundle's files against its manifest: each file's size and SHA-256 (GOV4001), and that the
/// files are exactly the manifest's, inside its folder (GOV4002).
/// </summary>
internal static class BundleFileCheck
{
    /// <param name="knownSha256">
    /// Digests of files the caller wrote itself and hashed while writing (a staged copy, by full
    /// path): not read again. Null: every file is hashed.
    /// </param>
    public static void Check(BundleManifest manifest, string directory, string stem, SourceLocation at, List<Diagnostic> allFindings, IReadOnlyDictionary<string, string>? knownSha256 = null)
    {
        // A hostile manifest of a million missing files must not flood the output: the first ones
        // are named, the rest counted.
        var findings = new List<Diagnostic>();
        try
        {
            CheckCore(manifest, directory, stem, at, findings, knownSha256);
        }
        finally
        {
            allFindings.AddRange(findings.Take(MaxFileFindings));
            if (findings.Count > MaxFileFindings)
            {
                allFindings.Add(new Diagnostic(Gov.BundleFileSetMismatch,
                    $"... and {findings.Count - MaxFileFindings} more problems with the bundle's files. The bundle is not the one that was packed; do not release it.", at));
            }
        }
    }

    /// <summary>How many problems with files are named before the rest are counted.</summary>
    private const int MaxFileFindings = 100;

    private static void CheckCore(BundleManifest manifest, string directory, string stem, SourceLocation at, List<Diagnostic> findings, IReadOnlyDictionary<string, string>? knownSha256)
    {
        var listed = new HashSet<string>(RepoPath.Comparer);
        var folders = new Dictionary<string, string?>(RepoPath.Comparer);
        var toHash = new List<(BundleFile Entry, string Full)>();
        foreach (BundleFile file in manifest.Files)
        {
            string? full = Resolve(directory, file.Path);
            if (full is null)
            {
                findings.Add(new Diagnostic(Gov.BundleFileSetMismatch,
                    $"Refused: the manifest lists '{file.Path}', a path outside the bundle's folder. A bundle's paths are relative to the manifest and never climb out of its folder; this manifest was written by something other than GovernanceBundle, or edited.", at));
                continue;
            }

            if (!listed.Add(full))
            {
                findings.Add(new Diagnostic(Gov.BundleFileSetMismatch,
                    $"Refused: the manifest lists '{file.Path}' twice. GovernanceBundle lists every file once; this manifest was edited.", at));
                continue;
            }

            if (LinkOnTheWay(directory, full, folders) is string link)
            {
                findings.Add(new Diagnostic(Gov.BundleFileSetMismatch,
                    $"Refused: {RepoPath.Relative(directory, link)} is a link; a bundle's files are the files in its folder, not what a link points to. Copy the real files into the bundle.", new SourceLocation(full)));
                continue;
            }

            (FileKind kind, long length) = RegularFile.Stat(full);
            if (kind == FileKind.Link)
            {
                findings.Add(new Diagnostic(Gov.BundleFileSetMismatch,
                    $"Refused: {file.Path} is a link; a bundle's files are the files in its folder, not what a link points to. Copy the real files into the bundle.", new SourceLocation(full)));
            }
            else if (kind != FileKind.Regular)
            {
                findings.Add(new Diagnostic(Gov.BundleFileSetMismatch,
                    kind switch
                    {
                        FileKind.Missing => $"{file.Path} is listed in the bundle but missing. Copy the whole bundle (the manifest and every file it lists) or pack again.",
                        FileKind.Directory => $"{file.Path} is a folder, not a file. Restore the bundle as it was packed.",
                        _ => $"Refused: {file.Path} is a pipe, socket or device, not a file; it is never read. Restore the bundle as it was packed.",
                    },
                    new SourceLocation(full)));
            }
            else if (length != file.Size)
            {
                // Not even opened: a file of the wrong size cannot match.
                findings.Add(new Diagnostic(Gov.BundleChecksumMismatch,
                    $"{file.Path} does not match the bundle: the manifest records {file.Size} bytes, the file has {length}. The file was changed after packing; do not release it. Pack again from the commit.",
                    new SourceLocation(full)));
            }
            else
            {
                toHash.Add((file, full));
            }
        }

        // Hashed on every core, largest first so the biggest file does not end up last on one core;
        // never more than the recorded size plus one byte is read, and an empty file is not opened.
        var digests = new string[toHash.Count];
        Parallel.ForEach(
            Enumerable.Range(0, toHash.Count).OrderByDescending(i => toHash[i].Entry.Size),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => digests[i] = toHash[i].Entry.Size == 0 ? EmptySha256
                : knownSha256 is not null && knownSha256.TryGetValue(toHash[i].Full, out string? known) ? known
                : Sha256.OfFile(toHash[i].Full, toHash[i].Entry.Size + 1));
        for (int i = 0; i < toHash.Count; i++)
        {
            if (!string.Equals(digests[i], toHash[i].Entry.Sha256, StringComparison.Ordinal))
            {
                findings.Add(new Diagnostic(Gov.BundleChecksumMismatch,
                    $"{toHash[i].Entry.Path} does not match the bundle: the manifest records SHA-256 {toHash[i].Entry.Sha256}, the file has {digests[i]}. The file was changed after packing; do not release it. Pack again from the commit.",
                    new SourceLocation(toHash[i].Full)));
            }
        }

        // The manifest must be the one of the package it is named after.
        string package = stem + ".nupkg";
        if (!listed.Contains(package))
        {
            findings.Add(new Diagnostic(Gov.BundleFileSetMismatch,
                $"{Path.GetFileName(at.Path)} does not list {Path.GetFileName(package)}, the package it is named after: it is another bundle's manifest, renamed. Verify each bundle under the name it was packed with.", at));
        }

        // Files that claim to belong to this bundle but are not in it: the package and symbols
        // package of its own name, and anything in its files folder.
        var claimed = new List<string> { package, stem + ".snupkg" };
        string extras = stem + BundleManifest.ExtraFilesSuffix;
        var links = new List<string>();
        FileKind extrasKind = RegularFile.KindOf(extras);
        if (extrasKind == FileKind.Directory)
        {
            ListWithoutFollowingLinks(extras, claimed, links);
        }
        else if (extrasKind is FileKind.Link or FileKind.Special or FileKind.Regular)
        {
            // The files folder is a folder the pack made, never a link to one (or anything else).
            links.Add(Path.GetFullPath(extras));
        }

        foreach (string file in claimed.Select(Path.GetFullPath).Where(f => !listed.Contains(f) && RegularFile.KindOf(f) is not FileKind.Missing and not FileKind.Directory)
            .Concat(links.Where(f => !listed.Contains(f))).Distinct(RepoPath.Comparer).OrderBy(f => f, StringComparer.Ordinal).Take(MaxExtraFindings))
        {
            findings.Add(new Diagnostic(Gov.BundleFileSetMismatch,
                $"{RepoPath.Relative(directory, file)} belongs to the bundle's files but is not in its manifest{(RegularFile.KindOf(file) == FileKind.Link ? " (a link, which a bundle never holds)" : string.Empty)}: it was added after packing. Remove it, or pack again if it should be part of the release.",
                new SourceLocation(file)));
        }
    }

    /// <summary>How many files that are not in the manifest are named, at most: a hostile folder must not flood the output.</summary>
    private const int MaxExtraFindings = 50;

    /// <summary>
    /// Every file under <paramref name="folder"/>, descending into real folders only: a link is
    /// listed as itself (into <paramref name="links"/>), never followed, so a link to /usr or a
    /// link loop costs one entry.
    /// </summary>
    private static void ListWithoutFollowingLinks(string folder, List<string> files, List<string> links)
    {
        foreach (string entry in Directory.EnumerateFileSystemEntries(folder).OrderBy(e => e, StringComparer.Ordinal))
        {
            switch (RegularFile.KindOf(entry))
            {
                case FileKind.Directory:
                    ListWithoutFollowingLinks(entry, files, links);
                    break;
                case FileKind.Link:
                    links.Add(Path.GetFullPath(entry));
                    break;
                case FileKind.Missing:
                    break;
                default:
                    files.Add(entry);
                    break;
            }
        }
    }

    /// <summary>The SHA-256 of no bytes.</summary>
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>
    /// The first folder from <paramref name="directory"/> down to <paramref name="full"/> that is a
    /// symbolic link or junction, or null; the file itself is checked by the caller. Each folder is
    /// looked at once (<paramref name="folders"/> remembers), since thousands of files share a few.
    /// </summary>
    private static string? LinkOnTheWay(string directory, string full, Dictionary<string, string?> folders)
    {
        string? parent = Path.GetDirectoryName(full);
        if (parent is null || RepoPath.Comparer.Equals(parent, directory) || !RepoPath.IsUnder(directory, parent))
        {
            return null;
        }

        if (!folders.TryGetValue(parent, out string? link))
        {
            link = LinkOnTheWay(directory, parent, folders) ??
                (RegularFile.KindOf(parent) == FileKind.Link ? parent : null);
            folders[parent] = link;
        }

        return link;
    }

    /// <summary>The full path of a manifest path inside <paramref name="directory"/>, or null when it is absolute or climbs out.</summary>
    private static string? Resolve(string directory, string path)
    {
        if (path.Length == 0 || path.IndexOf('\0') >= 0 || path.IndexOf('\\') >= 0 || path.IndexOf(':') >= 0 || path.StartsWith("/", StringComparison.Ordinal) ||
            path.Split('/').Any(segment => segment is ".." or "." or ""))
        {
            return null;
        }

        try
        {
            string full = Path.GetFullPath(Path.Combine(directory, path));
            return RepoPath.IsUnder(directory, full) ? full : null;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }
}
