using Governance.Core.Store;

namespace Governance.Core.Tests.Store;

/// <summary>How a build reaches a store only the tool can open, when the tool is not there.</summary>
public class ToolStoreTests
{
    [Fact]
    public void Without_the_tool_in_the_repositorys_manifest_the_message_says_how_to_add_it()
    {
        using var dir = new TempDirectory();
        IReleaseStore store = ReleaseStoreFactory.Open("azblob:https://acct.blob.core.windows.net/store?sv=1&sig=secret", dir.Path);

        var missing = Assert.Throws<StoreUnavailableException>(() => store.ReadStream("slo-history/app"));

        Assert.Contains("through the governance tool, which the repository's tool manifest does not have", missing.Message);
        Assert.Contains("dotnet tool install Governance.Cli", missing.Message);
        Assert.DoesNotContain("secret", missing.Message);
        Assert.Equal("azblob:https://acct.blob.core.windows.net/store?…", store.Description);
    }
}
