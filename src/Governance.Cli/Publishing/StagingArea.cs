using System;
using System.Collections.Generic;
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
    /// <param name="symbolsOptional">
    /// Stage the package alone when its <c>.snupkg</c> is not there (a rollback that fetched the
    /// package from a feed, which serves no symbol packages); a symbol package that is there is
    /// still checked against the manifest.
    /// </param>
    public StagedPackage Stage(string manifestPath, BundleManifest manifest, bool symbolsOptional = false)
    {
        string bundleDirectory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        string stem = Path.GetFileName(BundleManifest.StemOfManifest(Path.GetFullPath(manifestPath)));
        BundleFile package = PackageFileOf(manifest, stem, manifestPath);
        BundleFile? symbols = SymbolsFileOf(manifest, stem);
        if (symbols is not null && symbolsOptional && !File.Exists(Path.Combine(bundleDirectory, symbols.Path)))
        {
            symbols = null;
        }

        string target = NewTarget();
        try
        {
            StagedFile nupkg = StageFile(Path.Combine(bundleDirectory, package.Path), package.Size, package.Sha256, Path.Combine(target, Path.GetFileName(package.Path)), manifestPath);
            StagedFile? snupkg = symbols is null ? null
                : StageFile(Path.Combine(bundleDirectory, symbols.Path), symbols.Size, symbols.Sha256, Path.Combine(target, Path.GetFileName(symbols.Path)), manifestPath);
            return PackageOf(nupkg, snupkg, manifest, manifestPath, Path.Combine(bundleDirectory, package.Path));
        }
        catch
        {
            System.IO.Directory.Delete(target, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Stages a whole bundle, to be verified and published from the copy: the manifest (read once),
    /// its signature envelope, and every file it lists, each hashed while copied and refused when it
    /// is not the manifest's (GOV4001/GOV4002), plus any file of <c>&lt;stem&gt;.files/</c> it does
    /// not list (only its name, as an empty file: verifying the copy reports it as extra, GOV4002). Verify the
    /// returned <see cref="StagedBundle.ManifestPath"/>, not the user's: every byte judged is then a
    /// byte published, whatever happens to the user's folder meanwhile.
    /// </summary>
    /// <exception cref="StagingException">The bundle cannot be staged; nothing of it is left in the staging area.</exception>
    public StagedBundle StageBundle(string manifestPath)
    {
        string source = Path.GetFullPath(manifestPath);
        string bundleDirectory = Path.GetDirectoryName(source)!;
        string stem = Path.GetFileName(BundleManifest.StemOfManifest(source));
        string target = NewTarget();
        try
        {
            byte[] bytes;
            try
            {
                bytes = RegularFile.ReadAllBytes(source, BundleVerifier.MaxManifestBytes);
                Interlocked.Increment(ref sourceFilesRead);
                Interlocked.Add(ref sourceBytesRead, bytes.Length);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new StagingException(Gov.UnreadableFile, MessageText.Escape($"The bundle manifest {source} cannot be read ({RepoPath.DescribeFailure(ex)}). Pass the <PackageId>.<Version>.bundle.json that dotnet pack wrote."), source);
            }

            string stagedManifest = Path.Combine(target, Path.GetFileName(source));
            File.WriteAllBytes(stagedManifest, bytes);
            BundleManifest? manifest = BundleManifest.Parse(stagedManifest, bytes, out IReadOnlyList<Diagnostic> _, out string? sha256);
            if (manifest is null)
            {
                // Verifying the staged copy reports why, with positions.
                return new StagedBundle(source, stagedManifest, null, null, null);
            }

            string envelope = BundleManifest.EnvelopePathFor(source);
            if (File.Exists(envelope) && RegularFile.Refusal(envelope) is null)
            {
                File.WriteAllBytes(Path.Combine(target, Path.GetFileName(envelope)), RegularFile.ReadAllBytes(envelope, BundleVerifier.MaxManifestBytes));
                Interlocked.Increment(ref sourceFilesRead);
            }

            var listed = new HashSet<string>(StringComparer.Ordinal);
            var staged = new Dictionary<string, StagedFile>(StringComparer.OrdinalIgnoreCase);
            foreach (BundleFile file in manifest.Files)
            {
                // A path that would leave the bundle's folder is not copied: verifying the copy refuses it.
                string destination = Path.GetFullPath(Path.Combine(target, file.Path));
                if (!destination.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(file.Path))
                {
                    continue;
                }

                listed.Add(destination);
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                staged[file.Path] = StageFile(Path.Combine(bundleDirectory, file.Path), file.Size, file.Sha256, destination, source);
            }

            CopyUnlisted(Path.Combine(bundleDirectory, stem + BundleManifest.ExtraFilesSuffix), Path.Combine(target, stem + BundleManifest.ExtraFilesSuffix), listed);
            BundleFile? package = manifest.Files.FirstOrDefault(f => string.Equals(f.Path, stem + ".nupkg", StringComparison.OrdinalIgnoreCase));
            BundleFile? symbols = SymbolsFileOf(manifest, stem);
            StagedPackage? stagedPackage = package is not null && staged.TryGetValue(package.Path, out StagedFile? nupkg)
                ? PackageOf(nupkg, symbols is not null && staged.TryGetValue(symbols.Path, out StagedFile? snupkg) ? snupkg : null, manifest, source, Path.Combine(bundleDirectory, package.Path))
                : null;
            return new StagedBundle(source, stagedManifest, manifest, sha256, stagedPackage)
            {
                FileSha256 = staged.Values.ToDictionary(f => f.Path, f => f.Sha256, StringComparer.Ordinal),
            };
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
            // Not flushed to disk: the staging folder is private and temporary, and a crash
            // discards it. Whatever must survive one (the store's records, the feed's package) is
            // flushed where it is written.
            output.Flush();
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

    private string NewTarget()
    {
        string target = Path.Combine(Directory, Interlocked.Increment(ref packages).ToString(CultureInfo.InvariantCulture));
        System.IO.Directory.CreateDirectory(target);
        return target;
    }

    private static BundleFile PackageFileOf(BundleManifest manifest, string stem, string manifestPath) =>
        manifest.Files.FirstOrDefault(f => string.Equals(f.Path, stem + ".nupkg", StringComparison.OrdinalIgnoreCase))
        ?? throw new StagingException(Gov.BundleFileSetMismatch,
            $"{manifestPath} lists no {stem}.nupkg, so there is no package to publish. Pack the project again so the bundle lists its package.",
            manifestPath);

    private static BundleFile? SymbolsFileOf(BundleManifest manifest, string stem) =>
        manifest.Files.FirstOrDefault(f => string.Equals(f.Path, stem + ".snupkg", StringComparison.OrdinalIgnoreCase));

    /// <summary>The staged package, once its nuspec is known to name the manifest's id and version.</summary>
    private static StagedPackage PackageOf(StagedFile nupkg, StagedFile? snupkg, BundleManifest manifest, string manifestPath, string source)
    {
        (PackageIdentity identity, string contentHash) = ReadPackage(nupkg, source);
        if (!string.Equals(identity.Id, manifest.Name, StringComparison.OrdinalIgnoreCase)
            || !NuGetVersion.TryParse(manifest.Version, out NuGetVersion? version)
            || !identity.Version.Equals(version))
        {
            throw new StagingException(Gov.BundleFileSetMismatch,
                MessageText.Escape($"{source} is the package {identity.Id} {identity.Version.ToNormalizedString()}, but {manifestPath} is the bundle of {manifest.Name} {manifest.Version}. Pack again: the manifest and its package must come from the same pack."),
                source);
        }

        return new StagedPackage(identity, nupkg.Path, snupkg?.Path, nupkg.Sha256, contentHash, nupkg.Size) { SymbolsSha256 = snupkg?.Sha256 };
    }

    /// <summary>Names, as empty files, the ordinary files under <paramref name="from"/> that the manifest does not list: verification reports them, and their content is never published.</summary>
    private void CopyUnlisted(string from, string to, HashSet<string> listed)
    {
        if (!System.IO.Directory.Exists(from))
        {
            return;
        }

        foreach (string file in System.IO.Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string destination = Path.Combine(to, Path.GetRelativePath(from, file));
            if (listed.Contains(destination) || RegularFile.Refusal(file) is not null)
            {
                continue;
            }

            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.WriteAllBytes(destination, Array.Empty<byte>());
            Interlocked.Increment(ref sourceFilesRead);
        }
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
