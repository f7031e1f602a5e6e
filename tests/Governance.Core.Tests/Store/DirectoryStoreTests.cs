using System.IO;
using System.Text;
using Governance.Core.Bundles;
using Governance.Core.Store;
using Governance.Core.Store.FileSystem;

namespace Governance.Core.Tests.Store;

/// <summary>What only the directory backend and the factory do: the 0.1 layout, and locations that name no store.</summary>
public class DirectoryStoreTests
{
    /// <summary>A store written before records were content-addressed still counts: the release is never recorded again.</summary>
    [Fact]
    public void Bundles_recorded_in_the_earlier_layout_are_read_listed_and_stay_taken()
    {
        using var dir = new TempDirectory();
        dir.Write("store/bundles/contoso.lib/1.3.0/bundle.json", "{ \"old\": true }");
        var store = new DirectoryReleaseStore(dir.Combine("store"));

        Assert.Equal(new[] { "1.3.0" }, BundleRecords.Versions(store, "Contoso.Lib"));
        Assert.Equal("{ \"old\": true }", Encoding.UTF8.GetString(BundleRecords.Find(store, "Contoso.Lib", "1.3.0")!.Content));
        Assert.Equal("{ \"old\": true }", Encoding.UTF8.GetString(BundleRecords.Add(store, "Contoso.Lib", "1.3.0", Encoding.UTF8.GetBytes("{ \"new\": 1 }")).Content));
        Assert.False(Directory.Exists(dir.Combine("store/records")));
    }

    /// <summary>
    /// A slot is claimed with an exclusive create, not an advisory lock: a live claim makes a second
    /// writer wait, and one left by a writer killed between its claim and its rename is broken
    /// once it is older than any writer holds one.
    /// </summary>
    [Fact]
    public void A_claim_left_by_a_killed_writer_does_not_block_the_slot()
    {
        using var dir = new TempDirectory();
        var store = new DirectoryReleaseStore(dir.Combine("store"));
        string claim = dir.Write("store/records/bundles/a/1.0.0/.bundle.json.claim", string.Empty);
        File.SetLastWriteTimeUtc(claim, System.DateTime.UtcNow.AddMinutes(-5));

        StoreRecord recorded = BundleRecords.Add(store, "A", "1.0.0", Encoding.UTF8.GetBytes("first"));

        Assert.Equal("first", Encoding.UTF8.GetString(recorded.Content));
        Assert.False(File.Exists(claim));
        Assert.Equal(new[] { "bundles/a/1.0.0/bundle.json" }, store.ListRecords("bundles/"));
    }

    /// <summary>The attack: a backdated recording planted in the unverified 0.1 layout would keep an expired key's bundle alive.</summary>
    [Fact]
    public void Only_manifests_are_read_from_the_earlier_layout_never_a_recording()
    {
        using var dir = new TempDirectory();
        dir.Write("store/bundles/contoso.lib/1.3.0/bundle.json", "{ \"old\": true }");
        dir.Write("store/bundles/contoso.lib/1.3.0/recorded.json", "{ \"recordedAt\": \"2020-01-01T00:00:00Z\" }");
        var store = new DirectoryReleaseStore(dir.Combine("store"));

        Assert.Null(BundleRecords.FindRecording(store, "Contoso.Lib", "1.3.0"));
        Assert.Equal(new[] { "bundles/contoso.lib/1.3.0/bundle.json" }, store.ListRecords("bundles/"));
    }

    [Theory]
    [InlineData("git:", "names no remote")]
    [InlineData("git:upstream", "names a remote that the repository")]
    [InlineData("https://example.invalid/store?sig=secret", "a URL")]
    public void Locations_that_name_no_store_are_refused_without_showing_credentials(string location, string named)
    {
        StoreLocationException refused = Assert.Throws<StoreLocationException>(() => ReleaseStoreFactory.Open(location, Path.GetTempPath()));

        Assert.Contains(named, refused.Message);
        Assert.DoesNotContain("secret", refused.Message);
    }

    [Fact]
    public void The_store_in_effect_is_the_setting_else_the_environment_else_the_default_under_the_root()
    {
        string root = Path.Combine(Path.GetTempPath(), "repo");

        Assert.Equal("x", ReleaseStoreFactory.Resolve(" x ", _ => "y", root));
        Assert.Equal("y", ReleaseStoreFactory.Resolve("", name => name == ReleaseStoreFactory.EnvironmentVariable ? "y" : null, root));
        Assert.Equal(Path.Combine(root, ".governance/store"), ReleaseStoreFactory.Resolve(null, _ => null, root));
    }
}
