using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Governance.Cli.Publishing;
using NuGet.Common;
using NuGet.Configuration;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Packaging.Signing;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;

namespace Governance.Cli.Tests;

/// <summary>Publishing to, reading from and unlisting in real folder feeds, checked with NuGet's own readers.</summary>
public sealed class FolderFeedTests : IDisposable
{
    private static readonly NuGetVersion V120 = NuGetVersion.Parse("1.2.0");

    private readonly TempDirectory temp = new();
    private readonly StagingArea staging;

    public FolderFeedTests() => staging = StagingArea.Create(temp.Combine("stage"));

    public void Dispose()
    {
        staging.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task A_new_folder_gets_the_same_files_dotnet_nuget_push_writes()
    {
        StagedPackage staged = TestBundles.Staged(staging, temp.Combine("out"), "Acme.Lib", "1.2.0");
        var feed = new FolderFeed(temp.Combine("ours"));

        PublishResult result = await feed.PublishAsync(staged);

        string theirs = temp.Combine("theirs");
        Directory.CreateDirectory(theirs);
        RunDotnet("nuget", "push", staged.PackagePath, "--source", theirs);
        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal(FolderFeedLayout.Flat, feed.Layout);
        Assert.Equal(Listing(theirs), Listing(feed.Root));
        Assert.Equal(File.ReadAllBytes(Path.Combine(theirs, "Acme.Lib.1.2.0.nupkg")), File.ReadAllBytes(Path.Combine(feed.Root, "Acme.Lib.1.2.0.nupkg")));
    }

    [Fact]
    public async Task A_hierarchical_feed_keeps_its_layout_and_NuGet_reads_the_package_there()
    {
        string root = temp.Combine("feed");
        await SeedHierarchical(root, TestBundles.Package(temp.Combine("seed"), "Other.Lib", "0.1.0"));
        var feed = new FolderFeed(root);
        StagedPackage staged = TestBundles.Staged(staging, temp.Combine("out"), "Acme.Lib", "1.2.0");

        await feed.PublishAsync(staged);

        Assert.Equal(FolderFeedLayout.Hierarchical, feed.Layout);
        Assert.True(File.Exists(Path.Combine(root, "acme.lib", "1.2.0", "acme.lib.1.2.0.nupkg")));
        Assert.NotNull(LocalFolderUtility.GetPackageV3(root, new PackageIdentity("Acme.Lib", V120), NullLogger.Instance));
    }

    [Fact]
    public async Task Publishing_identical_content_again_writes_nothing()
    {
        StagedPackage staged = TestBundles.Staged(staging, temp.Combine("out"), "Acme.Lib", "1.2.0");
        var feed = new FolderFeed(temp.Combine("feed"));
        await feed.PublishAsync(staged);
        string file = Path.Combine(feed.Root, "Acme.Lib.1.2.0.nupkg");
        DateTime written = File.GetLastWriteTimeUtc(file);

        // The same package packed again elsewhere and staged anew: same content hash.
        using var again = StagingArea.Create(temp.Combine("stage2"));
        PublishResult result = await feed.PublishAsync(again.Stage(TestBundles.Bundle(staged.PackagePath).ManifestPath, TestBundles.Bundle(staged.PackagePath).Manifest));

        Assert.Equal(PublishOutcome.AlreadyPresent, result.Outcome);
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
        Assert.Single(Directory.GetFiles(feed.Root));
    }

    [Fact]
    public async Task Other_content_under_a_published_version_is_refused_and_the_feed_is_left_as_it_was()
    {
        var feed = new FolderFeed(temp.Combine("feed"));
        await feed.PublishAsync(TestBundles.Staged(staging, temp.Combine("first"), "Acme.Lib", "1.2.0", payload: "first"));
        byte[] before = File.ReadAllBytes(Path.Combine(feed.Root, "Acme.Lib.1.2.0.nupkg"));
        StagedPackage other = TestBundles.Staged(staging, temp.Combine("second"), "Acme.Lib", "1.2.0", payload: "second");

        var ex = await Assert.ThrowsAsync<PackageFeedException>(() => feed.PublishAsync(other));

        Assert.Equal(FeedFailure.Conflict, ex.Failure);
        Assert.Equal("GOV4004", ex.Descriptor?.Code);
        Assert.Equal(feed.Root, ex.Feed);
        Assert.Contains(feed.Root, ex.Message, StringComparison.Ordinal);
        Assert.Contains("Acme.Lib 1.2.0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("new version", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(feed.Root, "Acme.Lib.1.2.0.nupkg")));
    }

    [Fact]
    public async Task A_file_that_is_not_a_package_where_the_version_belongs_is_a_conflict_not_overwritten()
    {
        var feed = new FolderFeed(temp.Combine("feed"));
        Directory.CreateDirectory(feed.Root);
        File.WriteAllText(Path.Combine(feed.Root, "Acme.Lib.1.2.0.nupkg"), "not a zip");
        StagedPackage staged = TestBundles.Staged(staging, temp.Combine("out"), "Acme.Lib", "1.2.0");

        var ex = await Assert.ThrowsAsync<PackageFeedException>(() => feed.PublishAsync(staged));

        Assert.Equal(FeedFailure.Conflict, ex.Failure);
        Assert.Equal("not a zip", File.ReadAllText(Path.Combine(feed.Root, "Acme.Lib.1.2.0.nupkg")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Unlisting_moves_the_package_out_of_NuGets_sight_and_relisting_brings_it_back(bool hierarchical)
    {
        string root = temp.Combine("feed");
        if (hierarchical)
        {
            await SeedHierarchical(root, TestBundles.Package(temp.Combine("seed"), "Other.Lib", "0.1.0"));
        }

        var feed = new FolderFeed(root);
        StagedPackage staged = TestBundles.Staged(staging, temp.Combine("out"), "Acme.Lib", "1.2.0", symbols: true);
        await feed.PublishAsync(staged);
        var identity = new PackageIdentity("Acme.Lib", V120);

        Assert.Equal(ListingOutcome.Changed, await feed.UnlistAsync("Acme.Lib", V120));
        Assert.Null(NuGetSees(root, identity, hierarchical));
        Assert.Equal(new FeedPackage(identity, staged.ContentHash, false), await feed.FindAsync("Acme.Lib", V120));
        Assert.Equal(ListingOutcome.AlreadyDone, await feed.UnlistAsync("Acme.Lib", V120));
        Assert.DoesNotContain(Directory.GetFiles(root, "*.snupkg", SearchOption.AllDirectories), f => !f.Contains(FolderFeed.UnlistedFolderName, StringComparison.Ordinal));

        Assert.Equal(ListingOutcome.Changed, await feed.RelistAsync("Acme.Lib", V120));
        Assert.NotNull(NuGetSees(root, identity, hierarchical));
        Assert.Equal(true, (await feed.FindAsync("Acme.Lib", V120))!.Listed);
        Assert.Equal(ListingOutcome.AlreadyDone, await feed.RelistAsync("Acme.Lib", V120));
        Assert.True(File.Exists(Path.ChangeExtension(NuGetSees(root, identity, hierarchical)!, ".snupkg")));
        Assert.Equal(ListingOutcome.NotFound, await feed.UnlistAsync("Acme.Other", V120));
        Assert.Equal(ListingOutcome.NotFound, await feed.RelistAsync("Acme.Other", V120));
    }

    [Fact]
    public async Task A_hierarchical_feed_whose_packages_are_all_unlisted_stays_hierarchical()
    {
        string root = temp.Combine("feed");
        await SeedHierarchical(root, TestBundles.Package(temp.Combine("seed"), "Other.Lib", "0.1.0"));
        var feed = new FolderFeed(root);
        await feed.UnlistAsync("Other.Lib", NuGetVersion.Parse("0.1.0"));

        await feed.PublishAsync(TestBundles.Staged(staging, temp.Combine("out"), "Acme.Lib", "1.2.0"));

        Assert.Equal(FolderFeedLayout.Hierarchical, feed.Layout);
        Assert.NotNull(LocalFolderUtility.GetPackageV3(root, new PackageIdentity("Acme.Lib", V120), NullLogger.Instance));
    }

    [Fact]
    public async Task Publishing_a_package_the_feed_holds_unlisted_relists_it_and_other_content_is_still_refused()
    {
        var feed = new FolderFeed(temp.Combine("feed"));
        StagedPackage staged = TestBundles.Staged(staging, temp.Combine("out"), "Acme.Lib", "1.2.0");
        await feed.PublishAsync(staged);
        await feed.UnlistAsync("Acme.Lib", V120);

        var ex = await Assert.ThrowsAsync<PackageFeedException>(() => feed.PublishAsync(TestBundles.Staged(staging, temp.Combine("other"), "Acme.Lib", "1.2.0", payload: "other")));
        Assert.Equal(FeedFailure.Conflict, ex.Failure);

        Assert.Equal(PublishOutcome.Relisted, (await feed.PublishAsync(staged)).Outcome);
        Assert.Equal(true, (await feed.FindAsync("Acme.Lib", V120))!.Listed);
    }

    [Fact]
    public async Task Download_fetches_listed_and_unlisted_packages_with_their_digests()
    {
        var feed = new FolderFeed(temp.Combine("feed"));
        StagedPackage staged = TestBundles.Staged(staging, temp.Combine("out"), "Acme.Lib", "1.2.0", symbols: true);
        await feed.PublishAsync(staged);

        DownloadedPackage listed = (await feed.DownloadAsync("acme.lib", V120, temp.Combine("fetched")))!;
        await feed.UnlistAsync("Acme.Lib", V120);
        DownloadedPackage unlisted = (await feed.DownloadAsync("Acme.Lib", V120, temp.Combine("fetched2")))!;

        Assert.Equal(File.ReadAllBytes(staged.PackagePath), File.ReadAllBytes(listed.PackagePath));
        Assert.Equal(staged.Sha256, listed.Sha256);
        Assert.Equal(staged.ContentHash, listed.ContentHash);
        Assert.Equal(File.ReadAllBytes(staged.SymbolsPath!), File.ReadAllBytes(listed.SymbolsPath!));
        Assert.True(listed.Listed);
        Assert.Equal(staged.Sha256, unlisted.Sha256);
        Assert.False(unlisted.Listed);
        Assert.Null(await feed.DownloadAsync("Acme.Lib", NuGetVersion.Parse("9.9.9"), temp.Combine("fetched3")));
    }

    [Fact]
    public async Task Symbols_go_beside_the_package_and_other_symbols_for_a_published_version_are_refused()
    {
        var feed = new FolderFeed(temp.Combine("feed"));
        StagedPackage staged = TestBundles.Staged(staging, temp.Combine("out"), "Acme.Lib", "1.2.0", symbols: true);

        PublishResult result = await feed.PublishAsync(staged);

        Assert.True(result.SymbolsPublished);
        Assert.Equal(File.ReadAllBytes(staged.SymbolsPath!), File.ReadAllBytes(Path.Combine(feed.Root, "Acme.Lib.1.2.0.snupkg")));
        File.WriteAllText(Path.Combine(feed.Root, "Acme.Lib.1.2.0.snupkg"), "other symbols");
        var ex = await Assert.ThrowsAsync<PackageFeedException>(() => feed.PublishAsync(staged));
        Assert.Equal(FeedFailure.Conflict, ex.Failure);
    }

    [Fact]
    public void A_relative_feed_is_a_folder_under_the_repository_root()
    {
        PackageFeed feed = PackageFeed.Open("artifacts/feeds/dev", null, temp.Path, _ => null);

        Assert.Equal(temp.Combine("artifacts/feeds/dev"), Assert.IsType<FolderFeed>(feed).Root);
    }

    private static string? NuGetSees(string root, PackageIdentity identity, bool hierarchical) => hierarchical
        ? LocalFolderUtility.GetPackageV3(root, identity, NullLogger.Instance)?.Path
        : LocalFolderUtility.GetPackageV2(root, identity, NullLogger.Instance, CancellationToken.None)?.Path;

    private static string[] Listing(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).OrderBy(f => f, StringComparer.Ordinal).ToArray();

    /// <summary>A feed in NuGet's hierarchical layout, written by NuGet (what <c>nuget add</c> does).</summary>
    private static async Task SeedHierarchical(string root, string nupkg)
    {
        Directory.CreateDirectory(root);
        var extraction = new PackageExtractionContext(PackageSaveMode.Defaultv3, XmlDocFileSaveMode.None, ClientPolicyContext.GetClientPolicy(NullSettings.Instance, NullLogger.Instance), NullLogger.Instance);
        await OfflineFeedUtility.AddPackageToSource(new OfflineFeedAddContext(nupkg, root, NullLogger.Instance, true, true, true, extraction), CancellationToken.None);
    }

    private static void RunDotnet(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output);
    }
}
