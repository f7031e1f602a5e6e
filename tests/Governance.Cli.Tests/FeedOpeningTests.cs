using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Governance.Cli.Publishing;
using NuGet.Versioning;

namespace Governance.Cli.Tests;

/// <summary>
/// How an environment's <c>feed</c> is opened, and how a NuGet v3 source fails when it cannot be
/// reached. No NuGet server is available to these tests (none ships as a package they could
/// start, and a hand-written one would test our idea of the protocol, not NuGet's), so the source
/// feed is exercised only where NuGet's real client meets a real refusal: a loopback port nothing
/// listens on. Publishing, reading and unlisting are tested on folder feeds (<see cref="FolderFeedTests"/>).
/// </summary>
public sealed class FeedOpeningTests : IDisposable
{
    private const string Key = "oy2-not-a-real-key-but-secret-all-the-same";

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_file_uri_is_a_folder_feed()
    {
        PackageFeed feed = PackageFeed.Open(new Uri(temp.Combine("feeds/dev")).AbsoluteUri, null, temp.Path, _ => null);

        Assert.Equal(temp.Combine("feeds/dev"), Assert.IsType<FolderFeed>(feed).Root);
    }

    [Fact]
    public void A_source_whose_key_variable_is_not_set_is_refused_naming_the_variable()
    {
        var ex = Assert.Throws<PackageFeedException>(() => PackageFeed.Open("https://feed.example.invalid/v3/index.json", "PROD_FEED_KEY", temp.Path, _ => null));

        Assert.Equal(FeedFailure.Misconfigured, ex.Failure);
        Assert.Equal("https://feed.example.invalid/v3/index.json", ex.Feed);
        Assert.Contains("PROD_FEED_KEY", ex.Message, StringComparison.Ordinal);
        Assert.Contains("https://feed.example.invalid/v3/index.json", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.Descriptor);
    }

    [Fact]
    public void The_key_is_read_from_the_named_variable_and_never_part_of_the_feeds_description()
    {
        string? asked = null;

        PackageFeed feed = PackageFeed.Open("https://feed.example.invalid/v3/index.json", "PROD_FEED_KEY", temp.Path, name =>
        {
            asked = name;
            return Key;
        });

        Assert.Equal("PROD_FEED_KEY", asked);
        Assert.IsType<NuGetSourceFeed>(feed);
        Assert.DoesNotContain(Key, feed.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://feed.example.invalid/v3/index.json", "plain http")]
    [InlineData("ftp://feed.example.invalid/v3/index.json", "neither a folder nor")]
    public void A_source_that_would_expose_the_key_or_is_not_nuget_is_refused(string location, string why)
    {
        var ex = Assert.Throws<PackageFeedException>(() => PackageFeed.Open(location, "PROD_FEED_KEY", temp.Path, _ => Key));

        Assert.Equal(FeedFailure.Misconfigured, ex.Failure);
        Assert.Contains(why, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_source_fails_with_a_message_naming_the_package_and_the_feed_and_never_the_key()
    {
        string index = $"http://127.0.0.1:{ClosedPort()}/v3/index.json";
        PackageFeed feed = PackageFeed.Open(index, "PROD_FEED_KEY", temp.Path, _ => Key);
        using StagingArea staging = StagingArea.Create(temp.Combine("stage"));
        StagedPackage staged = TestBundles.Staged(staging, temp.Combine("out"), "Acme.Lib", "1.2.0");
        var clock = Stopwatch.StartNew();

        var publish = await Assert.ThrowsAsync<PackageFeedException>(() => feed.PublishAsync(staged));
        var unlist = await Assert.ThrowsAsync<PackageFeedException>(() => feed.UnlistAsync("Acme.Lib", NuGetVersion.Parse("1.2.0")));

        foreach (PackageFeedException ex in new[] { publish, unlist })
        {
            Assert.Equal(FeedFailure.Unavailable, ex.Failure);
            Assert.Equal(index, ex.Feed);
            Assert.Contains("Acme.Lib 1.2.0", ex.Message, StringComparison.Ordinal);
            Assert.Contains(index, ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", ex.Message, StringComparison.Ordinal);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"NuGet's retries took {clock.Elapsed}");
    }

    /// <summary>A loopback port nothing listens on: bound by the system, then released.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
