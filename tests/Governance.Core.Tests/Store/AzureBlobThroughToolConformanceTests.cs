using System;
using System.Collections.Generic;
using System.IO;
using Governance.Core.Store;
using Governance.Core.Store.Tool;

namespace Governance.Core.Tests.Store;

/// <summary>
/// The way a build reaches an azblob: store: through the governance tool, one process per
/// operation (<see cref="ToolReleaseStore"/>, <c>governance store call</c>), against the same
/// conformance suite on Azurite. The racing writer processes use the backend in process, as the
/// CLI does, so the two kinds of client race each other.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobThroughToolConformanceTests : AzureBlobStoreConformanceTests
{
    public AzureBlobThroughToolConformanceTests(AzuriteFixture azurite)
        : base(azurite)
    {
    }

    protected override IReadOnlyList<IReleaseStoreBackend>? Backends => new IReleaseStoreBackend[] { new ThroughTheTool() };

    /// <summary>Opens azblob: locations as the factory does in a build, with the tool as built here instead of the manifest's.</summary>
    private sealed class ThroughTheTool : IReleaseStoreBackend
    {
#if DEBUG
        private const string Configuration = "Debug";
#else
        private const string Configuration = "Release";
#endif

        public bool Handles(string location) => location.StartsWith(ReleaseStoreFactory.AzureBlobScheme, StringComparison.OrdinalIgnoreCase);

        public IReleaseStore Open(string location, Func<string, string?> environment)
        {
            string tool = Path.Combine(GoldenGateTests.RepositoryRoot(), "src", "Governance.Cli", "bin", Configuration, "net10.0", "governance.dll");
            Assert.True(File.Exists(tool), $"{tool} is missing: build the solution first.");
            return new ToolReleaseStore(location, Path.GetTempPath(), new[] { "dotnet", tool });
        }
    }
}
