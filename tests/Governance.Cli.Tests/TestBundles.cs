using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Cli.Publishing;
using Governance.Core.Bundles;
using Governance.Core.IO;
using NuGet.Packaging;
using PackageIdentity = NuGet.Packaging.Core.PackageIdentity;
using PackageType = NuGet.Packaging.Core.PackageType;
using NuGet.Versioning;

namespace Governance.Cli.Tests;

/// <summary>
/// Real packages and bundles for the tests: <c>.nupkg</c> files written by NuGet's own
/// <see cref="PackageBuilder"/> (what pack uses), and bundle manifests listing them as pack does.
/// </summary>
public static class TestBundles
{
    /// <summary>A valid package whose one content file holds <paramref name="payload"/>; other payloads give other content.</summary>
    public static string Package(string folder, string id, string version, string payload = "one", bool symbols = false)
    {
        Directory.CreateDirectory(folder);
        string stem = Path.Combine(folder, $"{id}.{NuGetVersion.Parse(version).ToNormalizedString()}");
        Write(stem + ".nupkg", id, version, "content/payload.txt", System.Text.Encoding.UTF8.GetBytes(payload), symbolsPackage: false);
        if (symbols)
        {
            Write(stem + ".snupkg", id, version, "lib/net10.0/payload.pdb", System.Text.Encoding.UTF8.GetBytes("pdb " + payload), symbolsPackage: true);
        }

        return stem + ".nupkg";
    }

    /// <summary>A package of about <paramref name="bytes"/> bytes of incompressible content.</summary>
    public static string LargePackage(string folder, string id, string version, int bytes)
    {
        Directory.CreateDirectory(folder);
        byte[] payload = new byte[bytes];
        new Random(42).NextBytes(payload);
        string path = Path.Combine(folder, $"{id}.{version}.nupkg");
        Write(path, id, version, "content/payload.bin", payload, symbolsPackage: false);
        return path;
    }

    /// <summary>Writes <c>&lt;stem&gt;.bundle.json</c> beside the package, listing it (and its <c>.snupkg</c> when there is one).</summary>
    public static (string ManifestPath, BundleManifest Manifest) Bundle(string nupkgPath)
    {
        string folder = Path.GetDirectoryName(nupkgPath)!;
        string stem = Path.GetFileNameWithoutExtension(nupkgPath);
        var files = new List<BundleFile> { FileOf(nupkgPath) };
        string snupkg = Path.Combine(folder, stem + ".snupkg");
        if (File.Exists(snupkg))
        {
            files.Add(FileOf(snupkg));
        }

        PackageIdentity identity;
        using (var reader = new PackageArchiveReader(nupkgPath))
        {
            identity = reader.GetIdentity();
        }

        var manifest = new BundleManifest(identity.Id, identity.Version.ToNormalizedString(), files.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray(),
            new BundleMetadata("main", new string('a', 40), "https://example.invalid/repo", "1"), Array.Empty<BundleLineage>(), null);
        string manifestPath = Path.Combine(folder, stem + BundleManifest.ManifestSuffix);
        File.WriteAllBytes(manifestPath, manifest.ToCanonicalJson());
        return (manifestPath, manifest);
    }

    /// <summary>Packs, bundles and stages one package: what promote does before publishing.</summary>
    public static StagedPackage Staged(StagingArea staging, string folder, string id, string version, string payload = "one", bool symbols = false)
    {
        (string manifestPath, BundleManifest manifest) = Bundle(Package(folder, id, version, payload, symbols));
        return staging.Stage(manifestPath, manifest);
    }

    /// <summary>NuGet's content hash of a package file, computed by NuGet.</summary>
    public static string ContentHash(string nupkgPath)
    {
        using var reader = new PackageArchiveReader(nupkgPath);
        return reader.GetContentHash(System.Threading.CancellationToken.None);
    }

    private static BundleFile FileOf(string path) => new(Path.GetFileName(path), new FileInfo(path).Length, Sha256.OfFile(path));

    private static void Write(string path, string id, string version, string target, byte[] content, bool symbolsPackage)
    {
        var builder = new PackageBuilder
        {
            Id = id,
            Version = NuGetVersion.Parse(version),
            Description = "A package made by the Governance.Cli tests.",
        };
        builder.Authors.Add("tests");
        if (symbolsPackage)
        {
            builder.PackageTypes.Add(PackageType.SymbolsPackage);
        }

        builder.Files.Add(new PhysicalPackageFile(new MemoryStream(content)) { TargetPath = target });
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        builder.Save(stream);
    }
}
