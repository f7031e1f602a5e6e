using System;
using Azure;
using Azure.Core;
using Azure.Storage;
using Azure.Storage.Blobs;
using Governance.Core.Store;

namespace Governance.Store.AzureBlob;

/// <summary>
/// Opens <c>azblob:&lt;container URL&gt;</c> locations (docs/store-azblob.md). Credentials: the SAS
/// in the URL's query; without one, <c>AZURE_STORAGE_CONNECTION_STRING</c> from the environment the
/// caller passes (an account key or a SAS). The container must exist: the store never creates it.
/// The CLI brings this backend to <see cref="ReleaseStoreFactory.Open"/>; the MSBuild tasks never
/// load it.
/// </summary>
public sealed class AzureBlobStoreBackend : IReleaseStoreBackend
{
    /// <summary>
    /// Retries after the first try, with exponential backoff from <see cref="FirstDelay"/>: about
    /// 4 s in all before a store that keeps failing is reported (throttling, a brief outage and a
    /// dropped connection recover within that; an unreachable host should not keep a build waiting).
    /// </summary>
    private const int Retries = 4;

    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(4);

    /// <summary>One request's limit: records are small, so a request this slow is a network that does not answer.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public bool Handles(string location) => AzureBlobLocation.IsAzureBlob(location);

    /// <exception cref="StoreLocationException">The location is malformed.</exception>
    /// <exception cref="StoreUnavailableException">No usable credential: no SAS in the URL and no usable connection string.</exception>
    public IReleaseStore Open(string location, Func<string, string?> environment)
    {
        AzureBlobLocation parsed = AzureBlobLocation.Parse(location);
        (BlobContainerClient container, string credentials) = Connect(parsed, environment);
        return new AzureBlobReleaseStore(container, parsed.Display, Retries + 1, credentials);
    }

    /// <summary>The container's client, and where its credentials came from (for a refusal's message).</summary>
    private static (BlobContainerClient Container, string Credentials) Connect(AzureBlobLocation location, Func<string, string?> environment)
    {
        BlobClientOptions options = Options();
        const string Rights = "read, create and list permissions (write and delete are not needed)";

        // The SAS goes to the client as a credential, not inside the URL, so no URL the SDK keeps
        // or reports carries it.
        if (location.Sas is not null)
        {
            return (new BlobContainerClient(location.Container, new AzureSasCredential(location.Sas), options),
                $"the SAS in the store's URL: not expired, signed for this container (or account) with a current key, with the {Rights}");
        }

        string? value = environment(StorageConnectionString.EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new StoreUnavailableException(
                $"The release store '{location.Display}' has no credentials: its URL carries no SAS and {StorageConnectionString.EnvironmentVariable} is not set. Add a SAS for the container to the URL (azblob:https://...?sv=...&sig=...), or set {StorageConnectionString.EnvironmentVariable} to the storage account's connection string.");
        }

        StorageConnectionString credentials = StorageConnectionString.Parse(value!, location.Display);
        if (credentials.AccountName is string account && location.AccountName.Length > 0 &&
            !account.Equals(location.AccountName, StringComparison.OrdinalIgnoreCase))
        {
            throw new StoreUnavailableException(
                $"The release store '{location.Display}' is in the storage account '{location.AccountName}', but {StorageConnectionString.EnvironmentVariable} is for the account '{account}'. Set the connection string of the store's account, or put a SAS in the store's URL.");
        }

        return credentials.AccountKey is string key
            ? (new BlobContainerClient(location.Container, new StorageSharedKeyCredential(credentials.AccountName!, key), options),
                $"{StorageConnectionString.EnvironmentVariable}: the AccountKey must be a current key of the account '{credentials.AccountName}' (keys are rotated in the portal), and the account's network rules must admit this machine")
            : (new BlobContainerClient(location.Container, new AzureSasCredential(credentials.Sas!), options),
                $"the SharedAccessSignature in {StorageConnectionString.EnvironmentVariable}: not expired, signed for this container (or account), with the {Rights}");
    }

    private static BlobClientOptions Options()
    {
        var options = new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = Retries;
        options.Retry.Delay = FirstDelay;
        options.Retry.MaxDelay = LongestDelay;
        options.Retry.NetworkTimeout = RequestTimeout;
        options.Diagnostics.ApplicationId = "governance";
        return options;
    }
}
