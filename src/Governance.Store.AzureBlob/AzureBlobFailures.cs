using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using Azure;
using Governance.Core.Store;

namespace Governance.Store.AzureBlob;

/// <summary>
/// Turns what the Azure SDK throws once its own retries are spent into a
/// <see cref="StoreUnavailableException"/> that names the store as the user wrote it (without the
/// SAS) and says what to check. The SDK's messages are not passed on, nor kept as the inner
/// exception: they carry response bodies and headers that a caller logging the exception would
/// print, and they say nothing a user can act on that the status and error code do not.
/// </summary>
public static class AzureBlobFailures
{
    /// <summary>True for the failures <see cref="Translate"/> handles: the service's refusals and the network's.</summary>
    public static bool IsStoreFailure(Exception ex) =>
        ex is not StoreUnavailableException && ex is RequestFailedException or AggregateException or HttpRequestException or IOException or OperationCanceledException;

    /// <param name="display">The store's location as messages may show it.</param>
    /// <param name="tries">How many times the request was sent, for the message.</param>
    /// <param name="credentials">Where the credentials came from and what they need, for a refusal.</param>
    public static StoreUnavailableException Translate(Exception ex, string display, int tries, string credentials)
    {
        RequestFailedException? refused = Unwrap(ex).OfType<RequestFailedException>().FirstOrDefault(r => r.Status != 0);
        if (refused is null)
        {
            return new StoreUnavailableException(
                $"The release store '{display}' cannot be reached ({NetworkCause(ex)}; {tries} tries). Check the URL's host name, that this machine can reach it (network, proxy, firewall, the storage account's network rules) and that the account exists.");
        }

        string what = $"{refused.Status} {refused.ErrorCode}".TrimEnd();
        return refused.Status switch
        {
            401 or 403 => new StoreUnavailableException(
                $"The release store '{display}' refused access ({what}). Check {credentials}."),
            404 when refused.ErrorCode == "ContainerNotFound" => new StoreUnavailableException(
                $"The release store '{display}' does not exist: the storage account has no such container. Create the container, or correct the URL (the store never creates one, so a misspelt URL cannot start a second, empty store)."),
            _ => new StoreUnavailableException(
                $"The release store '{display}' did not complete a request ({what}; {tries} tries). Check the storage account's health and the URL, then run the command again: every store write is create-only, so a rerun is safe."),
        };
    }

    /// <summary>The exception and every one inside it, outermost first.</summary>
    private static Exception[] Unwrap(Exception ex) =>
        ex is AggregateException aggregate
            ? new[] { ex }.Concat(aggregate.InnerExceptions.SelectMany(Unwrap)).ToArray()
            : ex.InnerException is null ? new[] { ex } : new[] { ex }.Concat(Unwrap(ex.InnerException)).ToArray();

    /// <summary>
    /// What the network said, from the innermost socket or HTTP error: "Connection refused
    /// (127.0.0.1:1)", "Name or service not known (x.example:443)". These name a host and port,
    /// never a URL's query.
    /// </summary>
    private static string NetworkCause(Exception ex)
    {
        Exception[] all = Unwrap(ex);
        string text = all.OfType<HttpRequestException>().LastOrDefault()?.Message
            ?? all.OfType<SocketException>().FirstOrDefault()?.Message
            ?? (all.OfType<OperationCanceledException>().Any() ? "no answer in time" : "the connection failed");
        int query = text.IndexOf('?');
        return query < 0 ? text : text.Substring(0, query);
    }
}
