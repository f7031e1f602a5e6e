using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Governance.Core.Store;
using Governance.Store.AzureBlob;

namespace Governance.Core.Tests.Store;

/// <summary>
/// The azblob backend against the conformance suite, on a real Azure Storage emulator: each test
/// gets a new container and opens it with the least SAS docs/store-azblob.md recommends (read,
/// create, list: it cannot overwrite or delete) in the URL, the writer processes of the races too,
/// on their command line. The damage is done with the account key, as anyone holding it, or a SAS
/// with the write permission, could.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class AzureBlobStoreConformanceTests : ReleaseStoreConformance
{
    /// <summary>
    /// The test's container, made once: the suite may ask for its location from several threads at
    /// once, and two containers would split one test's writes between two stores.
    /// </summary>
    private readonly Lazy<BlobContainerClient> container;

    public AzureBlobStoreConformanceTests(AzuriteFixture azurite) => container = new Lazy<BlobContainerClient>(azurite.CreateContainer);

    protected override IReadOnlyList<IReleaseStoreBackend>? Backends => new IReleaseStoreBackend[] { new AzureBlobStoreBackend() };

    /// <summary>No connection string: the SAS in the location must be what opens the store.</summary>
    protected override Func<string, string?>? StoreEnvironment => _ => null;

    protected override string CreateLocation(TempDirectory scratch) => "azblob:" + AzuriteFixture.SasFor(Admin);

    protected override void TamperWithRecord(string location, string key)
    {
        string hex = Pointer(key).Substring("sha256:".Length);
        Admin.GetBlobClient($"objects/sha256/{hex.Substring(0, 2)}/{hex.Substring(2)}").Upload(BinaryData.FromString("edited"), overwrite: true);
    }

    protected override void DamageRecordReference(string location, string key) =>
        Admin.GetBlobClient("records/" + key).Upload(BinaryData.FromString("{ \"files\": [] }"), overwrite: true);

    /// <summary>
    /// Every write of this backend is one Put Blob, which lands whole or not at all, so a killed
    /// append leaves nothing and a killed record write leaves at most its content without the
    /// record naming it. Also left: blocks staged and never committed under another record's name
    /// (another tool's block upload, killed before its commit), which no listing or read may show.
    /// </summary>
    protected override void LeaveTornWrites(string location, string key, string stream)
    {
        byte[] orphan = Encoding.UTF8.GetBytes("content whose record was never written");
        string hex = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(orphan));
        Admin.GetBlobClient($"objects/sha256/{hex.Substring(0, 2)}/{hex.Substring(2)}").Upload(new BinaryData(orphan));

        string unfinished = "records/" + key.Replace("/a/", "/b/", StringComparison.Ordinal);
        Admin.GetBlockBlobClient(unfinished).StageBlock(Convert.ToBase64String(new byte[16]), new MemoryStream(Encoding.UTF8.GetBytes("sha256:ab")));
    }

    protected override void RemoveNewestEntry(string location, string stream)
    {
        string newest = System.Linq.Enumerable.Last(System.Linq.Enumerable.OrderBy(
            System.Linq.Enumerable.Select(Admin.GetBlobs(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = $"streams/{stream}/" }), b => b.Name), n => n, StringComparer.Ordinal));
        Admin.GetBlobClient(newest).Delete();
    }

    private BlobContainerClient Admin => container.Value;

    private string Pointer(string key) => Admin.GetBlobClient("records/" + key).DownloadContent().Value.Content.ToString().Trim();
}
