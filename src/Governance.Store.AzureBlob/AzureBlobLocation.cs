using System;
using System.Net;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Governance.Core.Store;

namespace Governance.Store.AzureBlob;

/// <summary>
/// An <c>azblob:&lt;container URL&gt;</c> location taken apart: the container's URL without its
/// query (what messages and <see cref="IReleaseStore.Description"/> show), the SAS the query
/// carried (a credential, never shown), and the storage account the URL names.
/// </summary>
public sealed class AzureBlobLocation
{
    /// <summary>The scheme that names this backend, as users write it.</summary>
    public const string Scheme = "azblob:";

    /// <summary>Azure's container name rule: 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
    private static readonly Regex ContainerName = new("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant);

    private AzureBlobLocation(Uri container, string? sas, string accountName, string display)
    {
        Container = container;
        Sas = sas;
        AccountName = accountName;
        Display = display;
    }

    /// <summary>The container's URL, without query or fragment.</summary>
    public Uri Container { get; }

    /// <summary>The shared access signature from the URL's query (without '?'), or null when the URL has none.</summary>
    public string? Sas { get; }

    /// <summary>The storage account the URL names; empty for a custom domain, which does not say.</summary>
    public string AccountName { get; }

    /// <summary>The location as messages may show it: as written, with any query replaced by '?…'.</summary>
    public string Display { get; }

    /// <summary>True when <paramref name="location"/> is written with this backend's scheme.</summary>
    public static bool IsAzureBlob(string location) => location.TrimStart().StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <exception cref="StoreLocationException">The location is not an http(s) URL that names exactly a container.</exception>
    public static AzureBlobLocation Parse(string location)
    {
        string trimmed = location.Trim();
        string display = ReleaseStoreFactory.Describe(trimmed);
        if (!IsAzureBlob(trimmed))
        {
            throw Malformed(display, "it does not start with azblob:");
        }

        string url = trimmed.Substring(Scheme.Length);
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw Malformed(display, "what follows azblob: is not an https URL");
        }

        // A SAS sent in clear text can be replayed by anyone on the way, and the records read back
        // could be altered: plain http is for the local emulator only.
        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            throw Malformed(display, "it uses http, which is accepted only for an emulator on this machine (127.0.0.1, localhost); use https");
        }

        if (uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw Malformed(display, "a container URL has no '#' fragment and no user name");
        }

        var parts = new BlobUriBuilder(new Uri(uri.GetLeftPart(UriPartial.Path)));
        if (parts.BlobName.Length > 0 || !uri.AbsolutePath.TrimEnd('/').EndsWith("/" + parts.BlobContainerName, StringComparison.Ordinal))
        {
            throw Malformed(display, "the URL names a blob or folder inside a container; name the container itself");
        }

        if (!ContainerName.IsMatch(parts.BlobContainerName))
        {
            throw Malformed(display, parts.BlobContainerName.Length == 0
                ? "the URL names no container"
                : $"'{parts.BlobContainerName}' is not a container name (3 to 63 lowercase letters, digits and single hyphens)");
        }

        string query = uri.Query.TrimStart('?');
        var container = new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        return new AzureBlobLocation(container, query.Length == 0 ? null : query, parts.AccountName, display);
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address));

    private static StoreLocationException Malformed(string display, string why) => new(
        $"The release store '{display}' is not a usable azblob: location: {why}. Write azblob:https://<account>.blob.core.windows.net/<container>, with a SAS as its query or AZURE_STORAGE_CONNECTION_STRING set.");
}
