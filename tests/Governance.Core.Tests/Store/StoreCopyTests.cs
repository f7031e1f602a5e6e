using System.Linq;
using System.Text;
using Governance.Core.Diagnostics;
using Governance.Core.Store;
using Governance.Store.AzureBlob;

namespace Governance.Core.Tests.Store;

/// <summary>
/// <c>governance store copy</c> across all three backends: a directory store moved into git, from
/// git into Azure Blob Storage (Azurite) and back into a directory, every record and chain intact,
/// a second copy writing nothing, and stores that disagree never overwritten.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class StoreCopyTests
{
    private readonly AzuriteFixture azurite;

    public StoreCopyTests(AzuriteFixture azurite) => this.azurite = azurite;

    private static StreamAppend Append(string stream, string writer) =>
        new(stream, "1", w => w.WriteString("writer", writer), _ => false, Gov.StoreTampered, "the test stream");

    [Fact]
    public void A_store_copies_from_a_directory_into_git_into_azure_and_back_unchanged_and_idempotently()
    {
        using var dir = new TempDirectory();
        var backends = new IReleaseStoreBackend[] { new AzureBlobStoreBackend() };
        IReleaseStore Open(string location) => ReleaseStoreFactory.Open(location, dir.Path, name => name == "GOVERNANCE_STORE_CACHE" ? dir.Combine("cache") : null, backends);
        var start = Open(dir.Combine("start"));
        start.CreateRecord("bundles/a/1.0.0/bundle.json", Encoding.UTF8.GetBytes("manifest"));
        for (int i = 0; i < 3; i++)
        {
            HashChain.Append(start, Append("slo-history/app", "run" + i));
        }

        System.Diagnostics.Process.Start("git", new[] { "init", "--bare", "--quiet", dir.Combine("remote.git") })!.WaitForExit();
        string git = "git:" + dir.Combine("remote.git");
        string blob = "azblob:" + AzuriteFixture.SasFor(azurite.CreateContainer());
        string end = dir.Combine("end");

        StoreCopyResult intoGit = StoreCopy.Copy(start, Open(git));
        StoreCopyResult intoBlob = StoreCopy.Copy(Open(git), Open(blob));
        StoreCopyResult back = StoreCopy.Copy(Open(blob), Open(end));
        StoreCopyResult again = StoreCopy.Copy(Open(blob), Open(end));

        foreach (StoreCopyResult copy in new[] { intoGit, intoBlob, back })
        {
            Assert.Empty(copy.Conflicts);
            Assert.Equal((1, 3), (copy.RecordsCopied, copy.EntriesCopied));
            Assert.Equal((1, 1, 3, 0), (copy.Destination.Records, copy.Destination.Streams, copy.Destination.Entries, copy.Destination.Problems.Count));
        }

        Assert.Equal((0, 1, 0, 3), (again.RecordsCopied, again.RecordsPresent, again.EntriesCopied, again.EntriesPresent));
        Assert.Equal(start.ReadStream("slo-history/app").Select(e => e.Content), Open(end).ReadStream("slo-history/app").Select(e => e.Content));
        Assert.Equal("manifest", Encoding.UTF8.GetString(Open(end).ReadRecord("bundles/a/1.0.0/bundle.json")!.Content));
    }

    [Fact]
    public void Stores_that_disagree_are_reported_and_neither_is_overwritten()
    {
        using var dir = new TempDirectory();
        var one = new Governance.Core.Store.FileSystem.DirectoryReleaseStore(dir.Combine("one"));
        var two = new Governance.Core.Store.FileSystem.DirectoryReleaseStore(dir.Combine("two"));
        one.CreateRecord("bundles/a/1.0.0/bundle.json", Encoding.UTF8.GetBytes("first"));
        two.CreateRecord("bundles/a/1.0.0/bundle.json", Encoding.UTF8.GetBytes("other"));

        StoreCopyResult copy = StoreCopy.Copy(one, two);

        Assert.Equal("GOV7003", Assert.Single(copy.Conflicts).Code);
        Assert.Contains("the stores disagree, and neither is overwritten", copy.Conflicts[0].Message);
        Assert.Equal("other", Encoding.UTF8.GetString(two.ReadRecord("bundles/a/1.0.0/bundle.json")!.Content));
    }
}
