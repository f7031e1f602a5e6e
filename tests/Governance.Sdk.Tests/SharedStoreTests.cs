using System.Collections.Generic;
using System.IO;
using Governance.Core.Tests.Store;
using Governance.Sdk.Tests.Infrastructure;

namespace Governance.Sdk.Tests;

/// <summary>
/// A release store CI machines share, end to end: the installed tool records a release into it,
/// and the gate of another build reads the version floor back from it, through git (a bare remote
/// as origin) and through Azure Blob Storage (Azurite; the build reaching it through the tool of the
/// repository's tool manifest, as MSBuild never loads the Azure SDK).
/// </summary>
[Collection(EndToEnd.Name)]
public class SharedStoreTests : IClassFixture<AzuriteFixture>
{
    private readonly SdkPackage sdk;
    private readonly AzuriteFixture azurite;

    public SharedStoreTests(SdkPackage sdk, AzuriteFixture azurite)
    {
        this.sdk = sdk;
        this.azurite = azurite;
    }

    [Fact]
    public void A_release_recorded_through_git_origin_raises_the_floor_of_the_next_gate_and_the_store_verifies_and_copies()
    {
        var repo = new TestRepository(sdk, "GitStore").AddProject("Contoso.Core");
        repo.Write("governance.json", """{ "policyVersion": "1", "gate": { "blockingBranches": ["main"] }, "store": "git:origin" }""");
        repo.Commit();
        string origin = Path.Combine(sdk.Root, "remotes", Path.GetFileName(repo.Root) + ".git");
        DotNet.Git(sdk.Root, "init", "--bare", "-q", origin);
        DotNet.Git(repo.Root, "remote", "add", "origin", origin);
        BuildAssert.Succeeded(Pack(repo, null));

        ProcessResult recorded = sdk.Governance(repo.Root, "verify", "out/Contoso.Core.1.2.0.bundle.json", "--record");
        ProcessResult gate = repo.Build("src/Contoso.Core/Contoso.Core.csproj", "-t:ReleaseGate");

        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        Assert.Contains($"Release store: git:{origin} (refs/governance/store) (the policy's store).", recorded.Output);
        Assert.Contains("recorded in the release store", recorded.Output);
        Assert.Contains("refs/governance/store", DotNet.Git(repo.Root, "ls-remote", "origin").Output);
        BuildAssert.Failed(gate);
        Assert.Contains("error GOV2202: Contoso.Core 1.2.0 is not greater than 1.2.0, the last version of Contoso.Core in the release store", gate.Output);

        // Another machine: a fresh clone's view of the same store, then a copy into a folder.
        string other = Path.Combine(sdk.Root, "remotes", Path.GetFileName(repo.Root) + "-other");
        DotNet.Git(sdk.Root, "init", "-q", other);
        DotNet.Git(other, "remote", "add", "origin", origin);
        ProcessResult verified = sdk.Governance(other, "store", "verify", "--store", "git:origin");
        ProcessResult copied = sdk.Governance(other, "store", "copy", "git:origin", "copy");
        ProcessResult copyVerified = sdk.Governance(other, "store", "verify", "--store", "copy", "--json");

        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Contains("2 record(s), 0 stream(s) with 0 entries; every record and chain verified", verified.Output);
        Assert.True(copied.ExitCode == 0, copied.ToString());
        Assert.Contains("2 record(s) and 0 entries written", copied.Output);
        Assert.True(copyVerified.ExitCode == 0, copyVerified.ToString());
        Assert.Contains("\"records\": 2", copyVerified.Output);
    }

    [Fact]
    public void A_build_reaches_an_azblob_store_through_the_tool_of_the_repositorys_manifest()
    {
        string container = azurite.CreateContainer().Name;
        var credentials = new Dictionary<string, string>
        {
            ["AZURE_STORAGE_CONNECTION_STRING"] = azurite.ConnectionString,

            // dotnet keeps where each local tool version lives in ~/.dotnet/toolResolverCache, across
            // runs: a folder of this run's own keeps it from pointing at an earlier run's package cache.
            ["DOTNET_CLI_HOME"] = Path.Combine(sdk.Root, "cli-home"),
        };
        var repo = new TestRepository(sdk, "BlobStore").AddProject("Contoso.Core");
        repo.Write("governance.json", $$"""{ "policyVersion": "1", "gate": { "blockingBranches": ["main"] }, "store": "azblob:{{azurite.BlobEndpoint}}/{{container}}" }""");
        repo.Commit();
        BuildAssert.Succeeded(Pack(repo, null));

        // Without the tool in the manifest, the build says how to add it.
        ProcessResult withoutTool = repo.Build(credentials, "src/Contoso.Core/Contoso.Core.csproj", "-t:ReleaseGate", "-p:GovernanceGateNoBuild=true");
        BuildAssert.Failed(withoutTool);
        Assert.Contains("error GOV1010: ", withoutTool.Output);
        Assert.Contains("dotnet tool install Governance.Cli", withoutTool.Output);

        repo.Write(".config/dotnet-tools.json", $$"""{ "version": 1, "isRoot": true, "tools": { "governance.cli": { "version": "{{sdk.Version}}", "commands": ["governance"], "rollForward": false } } }""");
        BuildAssert.Succeeded(DotNet.Run(repo.Root, sdk.NuGetPackages, credentials, "tool", "restore"));
        ProcessResult recorded = sdk.Governance(credentials, repo.Root, "verify", "out/Contoso.Core.1.2.0.bundle.json", "--record");
        ProcessResult gate = repo.Build(credentials, "src/Contoso.Core/Contoso.Core.csproj", "-t:ReleaseGate", "-p:GovernanceGateNoBuild=true");
        ProcessResult verified = sdk.Governance(credentials, repo.Root, "store", "verify");

        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        Assert.Contains($"Release store: {azurite.BlobEndpoint}/{container} (the policy's store).", recorded.Output);
        BuildAssert.Failed(gate);
        Assert.Contains("error GOV2202: Contoso.Core 1.2.0 is not greater than 1.2.0, the last version of Contoso.Core in the release store", gate.Output);
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Contains("2 record(s)", verified.Output);
        Assert.DoesNotContain(AzuriteFixture.AccountKey, gate.Output + recorded.Output + verified.Output);
    }

    private ProcessResult Pack(TestRepository repo, IReadOnlyDictionary<string, string>? environment) =>
        DotNet.Run(repo.Root, sdk.NuGetPackages, environment, "pack", "src/Contoso.Core/Contoso.Core.csproj", "-c", "Debug", "-o", "out", "-nr:false", "-tl:off");
}
