namespace Governance.Core.Tests.Store;

/// <summary>The test classes that share one Azurite (starting it takes a few seconds; each test still gets its own container).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
