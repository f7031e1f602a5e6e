using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using Governance.Core.Bundles;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using NuGet.Packaging;
using PackageIdentity = NuGet.Packaging.Core.PackageIdentity;
using NuGet.Versioning;

namespace Governance.Cli.Publishing;

/// <summary>
/// A private folder that packages are copied into before they are published. The user's folder
/// may change under us (a rebuild, a second job, an attacker who can write there): reading each
/// file exactly once, hashing it while copying, and publishing only the copy means the bytes that
/// reach the feed are the bytes whose digest was checked against the manifest. The folder is
/// created with owner-only permissions and deleted on <see cref="Dispose"/>.
/// </summary>
public sealed class StagingArea : IDisposable
{
    /// <summary>Copy buffer: large reads run at the speed of the disk and the SHA instructions, not of per-call overhead.</summary>
    private const int BlockSize = 1 << 20;

    private int packages;
    private int sourceFilesRead;
    private long sourceBytesRead;

    private StagingArea(string directory) => Directory = directory;

    /// <summary>The staging folder.</summary>
    public string Directory { get; }

    /// <summary>How many times a file outside the staging area was opened: one per staged file (tests hold us to it).</summary>
    public int SourceFilesRead => Volatile.Read(ref sourceFilesRead);

    /// <summary>Bytes read from files outside the staging area: the staged files' sizes, no more.</summary>
    public long SourceBytesRead => Interlocked.Read(ref sourceBytesRead);

    /// <summary>
    /// A new staging folder under <paramref name="parent"/> (default: the system's temporary
    /// folder). <see cref="System.IO.Directory.CreateTempSubdirectory"/> makes it owner-only on Unix.
    /// </summary>
    public static StagingArea Create(string? parent = null)
    {
        if (parent is null)
        {
            return new StagingArea(System.IO.Directory.CreateTempSubdirectory("governance-stage-").FullName);
        }

        System.IO.Directory.CreateDirectory(parent);
        string path = Path.Combine(Path.GetFullPath(parent), "stage-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture));
        DirectoryInfo created = System.IO.Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            created.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        }

        return new StagingArea(created.FullName);
    }

    /// <summary>
    /// Stages the package of a bundle: its <c>&lt;stem&gt;.nupkg</c> and, when the manifest lists
    /// one, its <c>&lt;stem&gt;.snupkg</c> (the stem is the manifest's name without
    /// <c>.bundle.json</c>, which pack derives from the package's file name). Each file's SHA-256
    /// and size must equal the manifest's (GOV4001), the files must exist as ordinary files
    /// (GOV4002), and the package's nuspec must name the manifest's id and version (GOV4002).
    /// The manifest itself is the caller's to have verified (checksums of the other files, signature).
    /// </summary>
    /// <exception cref="StagingException">The package cannot be staged; nothing of it is left in the staging area.</exception>
    public StagedPackage Stage(string manifestPath, BundleManifest manifest)
    {
        string bundleDirectory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        string stem = Path.GetFileName(BundleManifest.StemOfManifest(Path.GetFullPath(manifestPath)));
        BundleFile? package = manifest.Files.FirstOrDefault(f => string.Equals(f.Path, stem + ".nupkg", StringComparison.OrdinalIgnoreCase));
        if (package is null)
        {
            throw new StagingException(Gov.BundleFileSetMismatch,
                $"{manifestPath} lists no {stem}.nupkg, so there is no package to publish. Pack the project again so the bundle lists its package.",
                manifestPath);
        }

        BundleFile? symbols = manifest.Files.FirstOrDefault(f => string.Equals(f.Path, stem + ".snupkg", StringComparison.OrdinalIgnoreCase));
        string target = Path.Combine(Directory, Interlocked.Increment(ref packages).ToString(CultureInfo.InvariantCulture));
        System.IO.Directory.CreateDirectory(target);
        try
        {
            StagedFile nupkg = StageFile(Path.Combine(bundleDirectory, package.Path), package.Size, package.Sha256, Path.Combine(target, Path.GetFileName(package.Path)), manifestPath);
            StagedFile? snupkg = symbols is null ? null
                : StageFile(Path.Combine(bundleDirectory, symbols.Path), symbols.Size, symbols.Sha256, Path.Combine(target, Path.GetFileName(symbols.Path)), manifestPath);
            (PackageIdentity identity, string contentHash) = ReadPackage(nupkg, Path.Combine(bundleDirectory, package.Path));
            if (!string.Equals(identity.Id, manifest.Name, StringComparison.OrdinalIgnoreCase)
                || !NuGetVersion.TryParse(manifest.Version, out NuGetVersion? version)
                || !identity.Version.Equals(version))
            {
                throw new StagingException(Gov.BundleFileSetMismatch,
                    MessageText.Escape($"{Path.Combine(bundleDirectory, package.Path)} is the package {identity.Id} {identity.Version.ToNormalizedString()}, but {manifestPath} is the bundle of {manifest.Name} {manifest.Version}. Pack again: the manifest and its package must come from the same pack."),
                    Path.Combine(bundleDirectory, package.Path));
            }

            return new StagedPackage(identity, nupkg.Path, snupkg?.Path, nupkg.Sha256, contentHash, nupkg.Size) { SymbolsSha256 = snupkg?.Sha256 };
        }
        catch
        {
            System.IO.Directory.Delete(target, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="destination"/> (which must not exist)
    /// in one read, hashing as it goes, and keeps the copy only when it has exactly
    /// <paramref name="expectedSize"/> bytes with SHA-256 <paramref name="expectedSha256"/>.
    /// </summary>
    /// <exception cref="StagingException">Missing or not an ordinary file (GOV4002); other bytes (GOV4001).</exception>
    public StagedFile StageFile(string source, long expectedSize, string expectedSha256, string destination, string manifestPath)
    {
        if (RegularFile.Refusal(source) is string why)
        {
            throw new StagingException(Gov.BundleFileSetMismatch,
                MessageText.Escape($"{source}, listed in {manifestPath}, cannot be published: {why}. Keep the bundle's files beside its manifest as pack wrote them."),
                source);
        }

        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        long copied = 0;
        try
        {
            // bufferSize 1: no FileStream buffer between the disk and ours, which is larger.
            using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            Interlocked.Increment(ref sourceFilesRead);
            using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1);
            if (input.CanSeek && input.Length == expectedSize)
            {
                output.SetLength(expectedSize);
            }

            byte[] block = new byte[BlockSize];
            int read;

            // At most one byte more than expected: a longer file (or one that grows while read)
            // is refused without reading it to its end.
            while (copied <= expectedSize && (read = input.Read(block, 0, (int)Math.Min(block.Length, expectedSize + 1 - copied))) > 0)
            {
                sha256.AppendData(block, 0, read);
                sha512.AppendData(block, 0, read);
                output.Write(block, 0, read);
                copied += read;
            }

            Interlocked.Add(ref sourceBytesRead, copied);
            output.SetLength(copied);
            output.Flush(flushToDisk: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(destination);
            throw new StagingException(Gov.BundleFileSetMismatch,
                MessageText.Escape($"{source}, listed in {manifestPath}, could not be copied for publishing ({RepoPath.DescribeFailure(ex)}). Check that it is readable and that {Directory} has room."),
                source);
        }

        string actual = Convert.ToHexStringLower(sha256.GetHashAndReset());
        if (copied != expectedSize || !string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(destination);
            string what = copied != expectedSize
                ? $"it has {(copied > expectedSize ? "more than " : string.Empty)}{copied} bytes where the manifest records {expectedSize}"
                : $"its SHA-256 is {actual} where the manifest records {MessageText.Value(expectedSha256)}";
            throw new StagingException(Gov.BundleChecksumMismatch,
                MessageText.Escape($"{source} is not the file {manifestPath} records: {what}. It changed after pack; nothing was published. Pack again, or restore the bundle's original files."),
                source);
        }

        return new StagedFile(destination, copied, actual, Convert.ToBase64String(sha512.GetHashAndReset()));
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>
    /// The staged package's identity and NuGet's content hash. An unsigned package's content hash
    /// is the SHA-512 of the whole file, already computed while copying; only a signed package
    /// (whose hash leaves out the repository signature) is read again, and then only the copy.
    /// </summary>
    private static (PackageIdentity Identity, string ContentHash) ReadPackage(StagedFile nupkg, string source)
    {
        try
        {
            using var reader = new PackageArchiveReader(nupkg.Path);
            PackageIdentity identity = reader.GetIdentity();
            bool signed = reader.IsSignedAsync(CancellationToken.None).GetAwaiter().GetResult();
            return (identity, signed ? reader.GetContentHash(CancellationToken.None) : nupkg.Sha512Base64);
        }
        catch (Exception ex) when (ex is InvalidDataException or NuGet.Packaging.Core.PackagingException or System.Xml.XmlException or ArgumentException or FormatException)
        {
            throw new StagingException(Gov.BundleFileSetMismatch,
                MessageText.Escape($"{source} matches its manifest but is not a readable NuGet package ({ex.Message}). Pack again."),
                source);
        }
    }
}
