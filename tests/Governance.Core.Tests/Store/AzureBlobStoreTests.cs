using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Governance.Core.Diagnostics;
using Governance.Core.Store;
using Governance.Store.AzureBlob;

namespace Governance.Core.Tests.Store;

/// <summary>
/// What the azblob backend does beyond the conformance suite, on a real emulator: how it is opened
/// (SAS, connection string, malformed locations), what a user is told when the store cannot be
/// used (never a credential, never the SDK's dump), and that its blobs are the directory layout.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreTests : IDisposable
{
    private static readonly IReleaseStoreBackend[] Backends = { new AzureBlobStoreBackend() };

    private readonly AzuriteFixture azurite;

    private readonly TempDirectory scratch = new();

    public AzureBlobStoreTests(AzuriteFixture azurite) => this.azurite = azurite;

    [Fact]
    public void A_connection_string_opens_the_store_and_its_blobs_are_the_directory_layout()
    {
        BlobContainerClient container = azurite.CreateContainer();
        IReleaseStore store = Open("azblob:" + container.Uri, azurite.ConnectionString);

        StoreRecord record = store.CreateRecord("bundles/a/1.0.0/bundle.json", Bytes("manifest"));
        HashChain.Append(store, Append("slo-history/a", "first"));
        HashChain.Append(store, Append("slo-history/a", "second"));

        string[] names = container.GetBlobs(new GetBlobsOptions()).Select(b => b.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(
            new[]
            {
                $"objects/sha256/{record.Sha256.Substring(0, 2)}/{record.Sha256.Substring(2)}",
                "records/bundles/a/1.0.0/bundle.json",
                "streams/slo-history/a/000000000001.json",
                "streams/slo-history/a/000000000002.json",
            },
            names);
        Assert.Equal($"sha256:{record.Sha256}\n", container.GetBlobClient("records/bundles/a/1.0.0/bundle.json").DownloadContent().Value.Content.ToString());

        // Copied blob for file into a folder, the store opens as a directory store, verified.
        foreach (string name in names)
        {
            string file = scratch.Combine(Path.Combine("copy", name));
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, container.GetBlobClient(name).DownloadContent().Value.Content.ToArray());
        }

        IReleaseStore copy = ReleaseStoreFactory.Open(scratch.Combine("copy"), scratch.Path);
        Assert.Equal("manifest", Text(copy.ReadRecord("bundles/a/1.0.0/bundle.json")!.Content));
        ChainRead chain = HashChain.Read(copy, "slo-history/a", "1");
        Assert.Null(chain.Problem);
        Assert.Equal(2, chain.Entries.Count);
    }

    [Fact]
    public void The_emulator_shorthand_connection_string_opens_the_store()
    {
        BlobContainerClient container = azurite.CreateContainer();

        Open("azblob:" + container.Uri, "UseDevelopmentStorage=true").CreateRecord("x/y", Bytes("z"));

        Assert.Equal("z", Text(Open("azblob:" + container.Uri, "UseDevelopmentStorage=true").ReadRecord("x/y")!.Content));
    }

    [Fact]
    public void The_description_is_the_container_URL_without_the_SAS()
    {
        BlobContainerClient container = azurite.CreateContainer();
        Uri sas = AzuriteFixture.SasFor(container);

        IReleaseStore store = Open("azblob:" + sas, connectionString: null);

        Assert.Equal(container.Uri.AbsoluteUri, store.Description);
        store.CreateRecord("k/v", Bytes("v"));
        Assert.DoesNotContain("sig=", store.ReadRecord("k/v")!.Location, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_endpoint_is_reported_after_bounded_retries_with_a_clean_message()
    {
        int closed = ClosedPort();
        string location = $"azblob:http://127.0.0.1:{closed}/{AzuriteFixture.AccountName}/store";
        IReleaseStore store = Open(location, azurite.ConnectionString);

        var clock = Stopwatch.StartNew();
        StoreUnavailableException refused = Assert.Throws<StoreUnavailableException>(() => store.ReadRecord("bundles/a/1.0.0/bundle.json"));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"gave up only after {clock.Elapsed}");
        Assert.StartsWith($"The release store '{location}' cannot be reached (", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Check the URL's host name", refused.Message, StringComparison.Ordinal);
        AssertClean(refused, AzuriteFixture.AccountKey);
    }

    [Fact]
    public void A_wrong_account_key_is_refused_access_without_showing_the_key()
    {
        BlobContainerClient container = azurite.CreateContainer();
        string wrongKey = Convert.ToBase64String(Encoding.UTF8.GetBytes("not the key of this account, 64 bytes long, padded...........!!"));

        StoreUnavailableException refused = Assert.Throws<StoreUnavailableException>(() =>
            Open("azblob:" + container.Uri, $"AccountName={AzuriteFixture.AccountName};AccountKey={wrongKey}").CreateRecord("k/v", Bytes("v")));

        Assert.Contains("refused access (403", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"Check {StorageConnectionString.EnvironmentVariable}: the AccountKey must be a current key", refused.Message, StringComparison.Ordinal);
        AssertClean(refused, wrongKey);
    }

    [Fact]
    public void A_forged_SAS_is_refused_access_and_never_shown()
    {
        BlobContainerClient container = azurite.CreateContainer();
        string sas = AzuriteFixture.SasFor(container).ToString();
        string forged = sas.Replace("sig=", "sig=AAAA", StringComparison.Ordinal);

        StoreUnavailableException refused = Assert.Throws<StoreUnavailableException>(() => Open("azblob:" + forged, connectionString: null).ReadRecord("k/v"));

        Assert.Contains("refused access (403", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"'azblob:{container.Uri}?…'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Check the SAS in the store's URL", refused.Message, StringComparison.Ordinal);
        AssertClean(refused, "sig=", "sv=", "AAAA");
    }

    [Fact]
    public void A_read_only_SAS_reads_but_cannot_write()
    {
        BlobContainerClient container = azurite.CreateContainer();
        Open("azblob:" + container.Uri, azurite.ConnectionString).CreateRecord("k/v", Bytes("v"));
        string readOnly = "azblob:" + AzuriteFixture.SasFor(container, BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List);

        Assert.Equal("v", Text(Open(readOnly, connectionString: null).ReadRecord("k/v")!.Content));
        StoreUnavailableException refused = Assert.Throws<StoreUnavailableException>(() => Open(readOnly, connectionString: null).CreateRecord("k/w", Bytes("w")));

        Assert.Contains("refused access (403 AuthorizationPermissionMismatch)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("with the read, create and list permissions", refused.Message, StringComparison.Ordinal);
        AssertClean(refused, "sig=");
    }

    /// <summary>
    /// The SAS docs/store-azblob.md recommends for writers (read, create, list; no write, no delete)
    /// does all the store does, races included (the conformance suite runs with it), and cannot
    /// change or remove what is stored, whatever a client holding it sends.
    /// </summary>
    [Fact]
    public void A_create_only_SAS_records_and_appends_but_cannot_overwrite_or_delete()
    {
        BlobContainerClient container = azurite.CreateContainer();
        Uri sas = AzuriteFixture.SasFor(container);
        IReleaseStore store = Open("azblob:" + sas, connectionString: null);

        StoreRecord record = store.CreateRecord("bundles/a/1.0.0/bundle.json", Bytes("released"));
        Assert.Equal("released", Text(store.CreateRecord("bundles/a/1.0.0/bundle.json", Bytes("other")).Content));
        Assert.True(store.TryAppend("s", 1, Bytes("first")));
        Assert.False(store.TryAppend("s", 1, Bytes("second")));

        var attacker = new BlobContainerClient(sas);
        string objectName = $"objects/sha256/{record.Sha256.Substring(0, 2)}/{record.Sha256.Substring(2)}";
        Assert.Equal(403, Assert.Throws<Azure.RequestFailedException>(() => attacker.GetBlobClient(objectName).Upload(BinaryData.FromString("edited"), overwrite: true)).Status);
        Assert.Equal(403, Assert.Throws<Azure.RequestFailedException>(() => attacker.GetBlobClient("streams/s/000000000001.json").Delete()).Status);
        Assert.Equal("released", Text(store.ReadRecord("bundles/a/1.0.0/bundle.json")!.Content));
    }

    [Fact]
    public void A_missing_container_is_reported_and_never_created()
    {
        BlobContainerClient missing = azurite.Service.GetBlobContainerClient("never-created");
        IReleaseStore store = Open("azblob:" + missing.Uri, azurite.ConnectionString);

        StoreUnavailableException refused = Assert.Throws<StoreUnavailableException>(() => store.CreateRecord("k/v", Bytes("v")));
        Assert.Throws<StoreUnavailableException>(() => store.ReadStream("s"));
        Assert.Throws<StoreUnavailableException>(() => store.ListRecords("k/"));

        Assert.Contains("does not exist: the storage account has no such container. Create the container", refused.Message, StringComparison.Ordinal);
        Assert.False(missing.Exists().Value);
    }

    [Fact]
    public void Without_a_SAS_or_a_connection_string_the_store_is_unavailable()
    {
        StoreUnavailableException refused = Assert.Throws<StoreUnavailableException>(() =>
            Open("azblob:https://account.blob.core.windows.net/store", connectionString: null));

        Assert.Contains("has no credentials", refused.Message, StringComparison.Ordinal);
        Assert.Contains(StorageConnectionString.EnvironmentVariable, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AccountName=other;AccountKey=" + AzuriteFixture.AccountKey, "is for the account 'other'")]
    [InlineData("AccountKey=" + AzuriteFixture.AccountKey, "no AccountName")]
    [InlineData("AccountName=account;AccountKey=not*base64", "not base64")]
    [InlineData("just some text", "not a list of name=value settings")]
    [InlineData("AccountName=account;BlobEndpoint=https://x", "neither AccountName and AccountKey nor SharedAccessSignature")]
    public void An_unusable_connection_string_is_refused_before_any_request_without_echoing_it(string connectionString, string why)
    {
        StoreUnavailableException refused = Assert.Throws<StoreUnavailableException>(() =>
            Open("azblob:https://account.blob.core.windows.net/store", connectionString));

        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteFixture.AccountKey, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not*base64", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("azblob:")]
    [InlineData("azblob:store")]
    [InlineData("azblob:ftp://account.blob.core.windows.net/store")]
    [InlineData("azblob:https://account.blob.core.windows.net/")]
    [InlineData("azblob:https://account.blob.core.windows.net/store/folder")]
    [InlineData("azblob:https://account.blob.core.windows.net/Store")]
    [InlineData("azblob:https://account.blob.core.windows.net/a--b")]
    [InlineData("azblob:https://account.blob.core.windows.net/store#top")]
    [InlineData("azblob:http://account.blob.core.windows.net/store?sv=2025-01-01&sig=secret")]
    public void A_malformed_location_is_refused_without_showing_its_query(string location)
    {
        StoreLocationException refused = Assert.Throws<StoreLocationException>(() => Open(location, azurite.ConnectionString));

        Assert.Contains("is not a usable azblob: location", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_overwritten_after_it_was_read_is_read_afresh_by_the_same_instance()
    {
        BlobContainerClient container = azurite.CreateContainer();
        IReleaseStore store = Open("azblob:" + container.Uri, azurite.ConnectionString);
        HashChain.Append(store, Append("s", "honest"));
        Assert.Null(HashChain.Read(store, "s", "1").Problem);

        container.GetBlobClient("streams/s/000000000001.json").Upload(BinaryData.FromString("{\"forged\":true}"), overwrite: true);

        Assert.Equal("{\"forged\":true}", Text(store.ReadStream("s").Single().Content));
        Assert.NotNull(HashChain.Read(store, "s", "1").Problem);
    }

    /// <summary>
    /// A request the client sent again after losing the first answer finds its own entry there: the
    /// same bytes count as this writer's append (else the chain would get the entry twice); other
    /// bytes are another writer's.
    /// </summary>
    [Fact]
    public void An_append_that_finds_its_own_bytes_already_there_has_landed()
    {
        BlobContainerClient container = azurite.CreateContainer();
        IReleaseStore store = Open("azblob:" + container.Uri, azurite.ConnectionString);

        Assert.True(store.TryAppend("s", 1, Bytes("entry")));
        Assert.True(Open("azblob:" + container.Uri, azurite.ConnectionString).TryAppend("s", 1, Bytes("entry")));
        Assert.False(store.TryAppend("s", 1, Bytes("another entry")));
        Assert.Equal("entry", Text(store.ReadStream("s").Single().Content));
    }

    public void Dispose() => scratch.Dispose();

    private IReleaseStore Open(string location, string? connectionString) =>
        ReleaseStoreFactory.Open(location, scratch.Path, name => name == StorageConnectionString.EnvironmentVariable ? connectionString : null, Backends);

    /// <summary>No credential in the message, in anything the exception carries, nor the SDK's response dump.</summary>
    private static void AssertClean(StoreUnavailableException refused, params string[] secrets)
    {
        Assert.Null(refused.InnerException);
        foreach (string secret in secrets)
        {
            Assert.DoesNotContain(secret, refused.ToString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Headers:", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A loopback port nothing listens on: one the system just handed out and we released.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static StreamAppend Append(string stream, string writer) =>
        new(stream, "1", w => w.WriteString("writer", writer), _ => false, Gov.StoreTampered, "the test stream");

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
