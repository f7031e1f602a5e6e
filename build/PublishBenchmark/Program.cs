using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Governance.Cli.Publishing;
using Governance.Core.Bundles;
using Governance.Core.IO;
using NuGet.Packaging;
using NuGet.Versioning;

namespace Governance.PublishBenchmark;

/// <summary>
/// <c>PublishBenchmark prepare &lt;folder&gt; &lt;MiB&gt;</c>: writes <c>Bench.Payload.1.0.0.nupkg</c>
/// (incompressible content, written by NuGet's <see cref="PackageBuilder"/> as pack does) and its
/// bundle manifest into the folder, and prints the package's path.
/// <c>PublishBenchmark publish &lt;bundle.json&gt; &lt;feed folder&gt;</c>: what <c>governance promote</c>
/// does to publish one package: reads the manifest, stages the package (one hashed copy), publishes
/// the staged copy to the folder feed, and prints the in-process time of that step in milliseconds
/// (the script times the whole process as well, so start-up is visible as the difference).
/// </summary>
public static class Program
{
    private const string Id = "Bench.Payload";
    private const string Version = "1.0.0";

    public static int Main(string[] args)
    {
        if (args.Length == 3 && args[0] == "prepare")
        {
            Console.WriteLine(Prepare(args[1], int.Parse(args[2], CultureInfo.InvariantCulture)));
            return 0;
        }

        if (args.Length == 3 && args[0] == "publish")
        {
            var clock = Stopwatch.StartNew();
            BundleManifest manifest = BundleManifest.Read(args[1], out var diagnostics, out _)
                ?? throw new InvalidDataException(string.Join("; ", diagnostics.Select(d => d.Message)));
            using StagingArea staging = StagingArea.Create();
            StagedPackage staged = staging.Stage(args[1], manifest);
            PublishResult result = new FolderFeed(args[2]).PublishAsync(staged).GetAwaiter().GetResult();
            clock.Stop();
            if (result.Outcome != PublishOutcome.Published)
            {
                Console.Error.WriteLine($"expected a fresh feed, got {result.Outcome}");
                return 1;
            }

            Console.WriteLine(clock.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture));
            return 0;
        }

        Console.Error.WriteLine("usage: PublishBenchmark prepare <folder> <MiB> | publish <bundle.json> <feed folder>");
        return 2;
    }

    private static string Prepare(string folder, int mebibytes)
    {
        Directory.CreateDirectory(folder);
        byte[] payload = new byte[mebibytes << 20];
        new Random(42).NextBytes(payload);
        var builder = new PackageBuilder { Id = Id, Version = NuGetVersion.Parse(Version), Description = "Governance.Sdk publish benchmark payload." };
        builder.Authors.Add("benchmark");
        builder.Files.Add(new PhysicalPackageFile(new MemoryStream(payload)) { TargetPath = "content/payload.bin" });
        string nupkg = Path.Combine(Path.GetFullPath(folder), $"{Id}.{Version}.nupkg");
        using (var stream = new FileStream(nupkg, FileMode.Create, FileAccess.Write))
        {
            builder.Save(stream);
        }

        // The manifest pack would write beside it: the package's name, size and SHA-256.
        var manifest = new BundleManifest(Id, Version, new[] { new BundleFile(Path.GetFileName(nupkg), new FileInfo(nupkg).Length, Sha256.OfFile(nupkg)) },
            new BundleMetadata("main", new string('a', 40), "https://example.invalid/bench", "1"), Array.Empty<BundleLineage>(), null);
        File.WriteAllBytes(Path.Combine(folder, Id + "." + Version + BundleManifest.ManifestSuffix), manifest.ToCanonicalJson());
        return nupkg;
    }
}
