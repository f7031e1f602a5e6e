using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using NuGet.Common;
using NuGet.Configuration;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Packaging.Signing;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;

namespace Governance.Cli.Publishing;

/// <summary>
/// A folder used as a NuGet source, in the layout NuGet itself writes there (see
/// <see cref="FolderFeedLayout"/>): a new folder gets the flat layout <c>dotnet nuget push</c>
/// gives it, and a folder already in one layout stays in it. Unlisting moves a package into
/// <c>.unlisted/&lt;id&gt;/&lt;version&gt;/</c> inside the feed (lower case, as NuGet names folders),
/// where NuGet never looks: it reads a flat folder and one level below it, and a hierarchical one
/// only at <c>&lt;id&gt;/</c> (a package id cannot start with a dot). Relisting moves it back.
/// </summary>
/// <remarks>
/// NuGet finds and names packages here (<see cref="LocalFolderUtility"/>,
/// <see cref="PackagePathResolver"/>, <see cref="OfflineFeedUtility"/>); two things are done
/// differently from <c>dotnet nuget push</c>, on purpose. A flat push is NuGet's
/// <c>File.Copy(overwrite: true)</c> onto the final name: a crash leaves a torn package there and a
/// concurrent push of other content is silently replaced, so we copy to a temporary name and
/// rename without replacing. And NuGet does not put symbol packages into folder sources at all
/// (a <c>.snupkg</c> pushed to a flat folder would overwrite the <c>.nupkg</c>'s name), so the
/// <c>.snupkg</c> goes beside the <c>.nupkg</c>, where a folder-based symbol path finds it.
/// </remarks>
public sealed class FolderFeed : PackageFeed
{
    /// <summary>The folder inside the feed that holds unlisted packages.</summary>
    public const string UnlistedFolderName = ".unlisted";

    private const string SymbolsExtension = ".snupkg";

    public FolderFeed(string root) => Root = Path.GetFullPath(root);

    /// <summary>The feed folder.</summary>
    public string Root { get; }

    public override string Description => Root;

    private string UnlistedRoot => Path.Combine(Root, UnlistedFolderName);

    /// <summary>
    /// The feed's layout, as NuGet's push decides it (a <c>.nupkg</c> at the top, or no package in
    /// <c>&lt;id&gt;/&lt;version&gt;/&lt;id&gt;.nuspec</c> form: flat), except that unlisted packages count
    /// too: a hierarchical feed whose packages are all unlisted stays hierarchical.
    /// </summary>
    public FolderFeedLayout Layout
    {
        get
        {
            if (!Directory.Exists(Root) || Directory.EnumerateFiles(Root, "*.nupkg").Any())
            {
                return FolderFeedLayout.Flat;
            }

            return HasHierarchicalPackage(Root) || HasHierarchicalPackage(UnlistedRoot) ? FolderFeedLayout.Hierarchical : FolderFeedLayout.Flat;
        }
    }

    public override Task<FeedPackage?> FindAsync(string id, NuGetVersion version, CancellationToken cancellationToken = default)
    {
        var identity = new PackageIdentity(id, version);
        (string? live, string? unlisted) = Locate(identity);
        string? path = live ?? unlisted;
        return Task.FromResult(path is null ? null : new FeedPackage(identity, HashOf(path, identity), live is not null));
    }

    public override async Task<PublishResult> PublishAsync(StagedPackage package, CancellationToken cancellationToken = default)
    {
        PackageIdentity identity = package.Identity;
        FeedPackage? existing = await FindAsync(identity.Id, identity.Version, cancellationToken).ConfigureAwait(false);
        PublishOutcome outcome;
        if (existing is not null)
        {
            outcome = Settle(package, existing);
        }
        else
        {
            try
            {
                Directory.CreateDirectory(Root);
                if (Layout == FolderFeedLayout.Flat)
                {
                    string target = Path.Combine(Root, new PackagePathResolver(Root, useSideBySidePaths: true).GetPackageFileName(identity));
                    CopyWithoutReplacing(package.PackagePath, target);
                }
                else
                {
                    await AddHierarchicalAsync(package, cancellationToken).ConfigureAwait(false);
                }

                outcome = PublishOutcome.Published;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or PackagingException)
            {
                // Someone else may have published between our look and our write: what is there
                // now decides, as it would have before.
                FeedPackage? now = await FindAsync(identity.Id, identity.Version, cancellationToken).ConfigureAwait(false);
                if (now is null)
                {
                    throw new PackageFeedException(FeedFailure.Unavailable, Description, MessageText.Escape(
                        $"{identity.Id} {identity.Version.ToNormalizedString()} could not be written to the folder feed {Root} ({RepoPath.DescribeFailure(ex)}). Check that the folder is writable and has room, then run the command again."), ex);
                }

                outcome = Settle(package, now);
            }
        }

        bool symbols = package.SymbolsPath is not null && PublishSymbols(package);
        return new PublishResult(package, outcome, symbols, null);
    }

    public override Task<DownloadedPackage?> DownloadAsync(string id, NuGetVersion version, string toDirectory, CancellationToken cancellationToken = default)
    {
        var identity = new PackageIdentity(id, version);
        (string? live, string? unlisted) = Locate(identity);
        string? source = live ?? unlisted;
        if (source is null)
        {
            return Task.FromResult<DownloadedPackage?>(null);
        }

        try
        {
            Directory.CreateDirectory(toDirectory);
            string stem = Path.Combine(Path.GetFullPath(toDirectory), $"{identity.Id}.{identity.Version.ToNormalizedString()}");
            (string sha256, string sha512, _) = CopyInto(source, stem + ".nupkg");
            string? symbols = null;
            string symbolsSource = SymbolsBeside(source);
            if (File.Exists(symbolsSource))
            {
                CopyInto(symbolsSource, stem + SymbolsExtension);
                symbols = stem + SymbolsExtension;
            }

            return Task.FromResult<DownloadedPackage?>(new DownloadedPackage(stem + ".nupkg", symbols, sha256, HashOf(stem + ".nupkg", identity, sha512), live is not null));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PackageFeedException(FeedFailure.Unavailable, Description, MessageText.Escape(
                $"{identity.Id} {identity.Version.ToNormalizedString()} could not be copied from the folder feed {Root} to {toDirectory} ({RepoPath.DescribeFailure(ex)}). Check both folders' permissions and free space."), ex);
        }
    }

    public override Task<ListingOutcome> UnlistAsync(string id, NuGetVersion version, CancellationToken cancellationToken = default) =>
        Task.FromResult(Move(new PackageIdentity(id, version), unlist: true));

    public override Task<ListingOutcome> RelistAsync(string id, NuGetVersion version, CancellationToken cancellationToken = default) =>
        Task.FromResult(Move(new PackageIdentity(id, version), unlist: false));

    /// <summary>Whether <paramref name="directory"/> holds a package as <c>&lt;id&gt;/&lt;version&gt;/&lt;id&gt;.nuspec</c>, NuGet's test for the layout.</summary>
    private static bool HasHierarchicalPackage(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return false;
        }

        foreach (string idDirectory in Directory.EnumerateDirectories(directory))
        {
            string idName = Path.GetFileName(idDirectory);
            if (idName.StartsWith('.'))
            {
                continue;
            }

            if (Directory.EnumerateDirectories(idDirectory).Any(v => File.Exists(Path.Combine(v, idName + PackagingCoreConstants.NuspecExtension))))
            {
                return true;
            }
        }

        return false;
    }

    private static string SymbolsBeside(string nupkg) => Path.ChangeExtension(nupkg, SymbolsExtension);

    /// <summary>Copies to a temporary name in the target's folder, then renames without replacing: the target appears whole or not at all, and is never someone else's replaced.</summary>
    /// <exception cref="IOException">The target already exists, or the copy failed.</exception>
    private static void CopyWithoutReplacing(string source, string target)
    {
        string temporary = TemporaryBeside(target);
        try
        {
            File.Copy(source, temporary);
            using (var flush = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite))
            {
                flush.Flush(flushToDisk: true);
            }

            Core.IO.FaultPoint.Reach(Core.IO.FaultPoint.FolderFeedCopied);
            File.Move(temporary, target, overwrite: false);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Copies into the caller's folder (replacing what is there) through a temporary name, hashing on the way.</summary>
    private static (string Sha256, string Sha512Base64, long Size) CopyInto(string source, string target)
    {
        string temporary = TemporaryBeside(target);
        try
        {
            (string, string, long) digests;
            using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
            {
                digests = PackageDigests.CopyHashing(input, output);
                output.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
            return digests;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string TemporaryBeside(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");

    private static bool SameFile(string path, string sha256)
    {
        return string.Equals(Core.IO.Sha256.OfFile(path), sha256, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The <c>.nupkg</c> of <paramref name="identity"/> among the listed packages and in <c>.unlisted/</c>, each or both null.</summary>
    private (string? Live, string? Unlisted) Locate(PackageIdentity identity)
    {
        try
        {
            FolderFeedLayout layout = Layout;
            return layout == FolderFeedLayout.Flat
                ? (FindFlat(Root, identity), FindFlat(UnlistedFolderOf(identity), identity))
                : (FindHierarchical(Root, identity), FindHierarchical(UnlistedRoot, identity));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PackageFeedException(FeedFailure.Unavailable, Description, MessageText.Escape(
                $"The folder feed {Root} could not be read while looking for {identity.Id} {identity.Version.ToNormalizedString()} ({RepoPath.DescribeFailure(ex)}). Check that it exists and is readable."), ex);
        }
        catch (FatalProtocolException ex)
        {
            // NuGet opened a file named like this version that is not a package.
            throw new PackageFeedException(FeedFailure.Conflict, Description, MessageText.Escape(
                $"The folder feed {Root} holds a file named as {identity.Id} {identity.Version.ToNormalizedString()} that is not a readable package ({ex.Message}). Find out who wrote it; remove it only if that version was never released."), ex);
        }
    }

    /// <summary>Where an unlisted package of a flat feed lives: two levels down, below what NuGet scans.</summary>
    private string UnlistedFolderOf(PackageIdentity identity) =>
        Path.Combine(UnlistedRoot, identity.Id.ToLowerInvariant(), identity.Version.ToNormalizedString().ToLowerInvariant());

    /// <summary>In a flat folder NuGet looks at the folder and one level below it; only the folder is ours to search.</summary>
    private static string? FindFlat(string directory, PackageIdentity identity)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        string? found = LocalFolderUtility.GetPackageV2(directory, identity, NullLogger.Instance, CancellationToken.None)?.Path;
        return found is not null && string.Equals(Path.GetDirectoryName(found), Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal) ? found : null;
    }

    private static string? FindHierarchical(string directory, PackageIdentity identity) =>
        Directory.Exists(directory) ? LocalFolderUtility.GetPackageV3(directory, identity, NullLogger.Instance)?.Path : null;

    /// <summary>NuGet's content hash of a package in the feed; a file there that is not a package is a conflict: it is not ours to replace.</summary>
    private string HashOf(string path, PackageIdentity identity, string? knownSha512 = null)
    {
        try
        {
            return PackageDigests.ContentHash(path, knownSha512);
        }
        catch (Exception ex) when (ex is InvalidDataException or PackagingException or System.Xml.XmlException)
        {
            throw new PackageFeedException(FeedFailure.Conflict, Description, MessageText.Escape(
                $"{path} in the folder feed, where {identity.Id} {identity.Version.ToNormalizedString()} belongs, is not a readable package ({ex.Message}). Find out who wrote it; remove it only if that version was never released."), ex);
        }
    }

    /// <summary>What to do when the feed already has the version: nothing, relist, or refuse.</summary>
    private PublishOutcome Settle(StagedPackage package, FeedPackage existing)
    {
        if (!string.Equals(existing.ContentHash, package.ContentHash, StringComparison.Ordinal))
        {
            throw Conflict(package.Identity, existing.ContentHash, package.ContentHash);
        }

        if (existing.Listed == false)
        {
            Move(package.Identity, unlist: false);
            return PublishOutcome.Relisted;
        }

        return PublishOutcome.AlreadyPresent;
    }

    private async Task AddHierarchicalAsync(StagedPackage package, CancellationToken cancellationToken)
    {
        // What NuGet's push does for a folder in this layout, called directly: its push would take
        // a hierarchical feed whose packages are all unlisted for a flat one.
        var extraction = new PackageExtractionContext(PackageSaveMode.Defaultv3, XmlDocFileSaveMode.None, ClientPolicyContext.GetClientPolicy(NullSettings.Instance, NullLogger.Instance), NullLogger.Instance);
        var context = new OfflineFeedAddContext(package.PackagePath, Root, NullLogger.Instance,
            throwIfSourcePackageIsInvalid: true, throwIfPackageExistsAndInvalid: true, throwIfPackageExists: true, extractionContext: extraction);
        await OfflineFeedUtility.AddPackageToSource(context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Puts the symbol package beside the listed <c>.nupkg</c>; the same bytes there already are fine, other bytes are a conflict.</summary>
    private bool PublishSymbols(StagedPackage package)
    {
        (string? live, _) = Locate(package.Identity);
        if (live is null)
        {
            return false;
        }

        string target = SymbolsBeside(live);
        try
        {
            if (!File.Exists(target))
            {
                CopyWithoutReplacing(package.SymbolsPath!, target);
                return true;
            }
        }
        catch (IOException) when (File.Exists(target))
        {
            // Written by another publisher meanwhile: compared below like any existing file.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PackageFeedException(FeedFailure.Unavailable, Description, MessageText.Escape(
                $"The symbol package of {package.Identity.Id} {package.Identity.Version.ToNormalizedString()} could not be written to {target} ({RepoPath.DescribeFailure(ex)}). Check the folder's permissions, then run the command again: the package itself is published."), ex);
        }

        if (!SameFile(target, package.SymbolsSha256!))
        {
            throw new PackageFeedException(FeedFailure.Conflict, Description, MessageText.Escape(
                $"{target} holds another symbol package for {package.Identity.Id} {package.Identity.Version.ToNormalizedString()} than the bundle's. A released version is never replaced: give the package a new version and pack again."));
        }

        return true;
    }

    /// <summary>
    /// Moves a package between the feed and <c>.unlisted/</c>. The <c>.nupkg</c> moves first (that
    /// is what consumers see), its symbols follow; a run interrupted between the two is completed
    /// by the next one.
    /// </summary>
    private ListingOutcome Move(PackageIdentity identity, bool unlist)
    {
        (string? live, string? unlisted) = Locate(identity);
        string? from = unlist ? live : unlisted;
        string? to = unlist ? unlisted : live;
        string fromRoot = unlist ? Root : UnlistedRoot;
        string toRoot = unlist ? UnlistedRoot : Root;
        try
        {
            if (from is null)
            {
                if (to is null)
                {
                    return ListingOutcome.NotFound;
                }

                // Already where it should be; finish moving symbols a crash may have left behind.
                MoveStraySymbols(identity, to, unlist);
                return ListingOutcome.AlreadyDone;
            }

            if (to is not null)
            {
                // The same version on both sides (a re-publish while unlisted): keep the one being
                // moved to, after checking they are the same package.
                string fromHash = HashOf(from, identity);
                string toHash = HashOf(to, identity);
                if (!string.Equals(fromHash, toHash, StringComparison.Ordinal))
                {
                    throw Conflict(identity, toHash, fromHash);
                }

                DeletePackage(from);
                return unlist ? ListingOutcome.Changed : ListingOutcome.AlreadyDone;
            }

            if (Layout == FolderFeedLayout.Flat)
            {
                string target = Path.Combine(unlist ? UnlistedFolderOf(identity) : Root, Path.GetFileName(from));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(from, target, overwrite: false);
                if (File.Exists(SymbolsBeside(from)))
                {
                    File.Move(SymbolsBeside(from), SymbolsBeside(target), overwrite: true);
                }

                if (!unlist)
                {
                    RemoveEmptyUnlistedFolders(Path.GetDirectoryName(from)!);
                }
            }
            else
            {
                string target = Path.Combine(toRoot, Path.GetRelativePath(fromRoot, from));
                // <id>/<version>/ moves as one folder: nupkg, nuspec, hash and symbols together.
                string versionFolder = Path.GetDirectoryName(from)!;
                string targetFolder = Path.GetDirectoryName(target)!;
                Directory.CreateDirectory(Path.GetDirectoryName(targetFolder)!);
                Directory.Move(versionFolder, targetFolder);
            }

            return ListingOutcome.Changed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PackageFeedException(FeedFailure.Unavailable, Description, MessageText.Escape(
                $"{identity.Id} {identity.Version.ToNormalizedString()} could not be {(unlist ? "unlisted" : "relisted")} in the folder feed {Root} ({RepoPath.DescribeFailure(ex)}). Check the folder's permissions, then run the command again."), ex);
        }
    }

    /// <summary>In a flat feed the symbols move after the package; a crash between the two leaves them behind, and this takes them along.</summary>
    private void MoveStraySymbols(PackageIdentity identity, string nupkg, bool unlisted)
    {
        if (Layout != FolderFeedLayout.Flat)
        {
            return;
        }

        string stray = SymbolsBeside(Path.Combine(unlisted ? Root : UnlistedFolderOf(identity), Path.GetFileName(nupkg)));
        if (File.Exists(stray))
        {
            File.Move(stray, SymbolsBeside(nupkg), overwrite: true);
        }
    }

    /// <summary>Removes <c>.unlisted/&lt;id&gt;/&lt;version&gt;/</c> and <c>.unlisted/&lt;id&gt;/</c> once empty; a folder someone else filled meanwhile stays.</summary>
    private static void RemoveEmptyUnlistedFolders(string versionFolder)
    {
        foreach (string folder in new[] { versionFolder, Path.GetDirectoryName(versionFolder)! })
        {
            try
            {
                if (!Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    Directory.Delete(folder);
                }
            }
            catch (IOException)
            {
                return;
            }
        }
    }

    private void DeletePackage(string nupkg)
    {
        if (Layout == FolderFeedLayout.Flat)
        {
            File.Delete(SymbolsBeside(nupkg));
            File.Delete(nupkg);
        }
        else
        {
            Directory.Delete(Path.GetDirectoryName(nupkg)!, recursive: true);
        }
    }
}
