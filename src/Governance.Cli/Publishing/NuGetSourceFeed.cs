using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Governance.Core.Diagnostics;
using NuGet.Configuration;
using NuGet.Packaging.Core;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;

namespace Governance.Cli.Publishing;

/// <summary>
/// A NuGet v3 source (its service index URL), spoken to through NuGet's own client: pushes and
/// deletes through <see cref="PackageUpdateResource"/> (and <see cref="SymbolPackageUpdateResourceV3"/>
/// when the source takes symbol packages), reads through <see cref="FindPackageByIdResource"/>, all
/// with NuGet's HTTP stack (retries, proxy, credentials from NuGet.Config for a source configured
/// there with the same URL). The API key comes from the environment variable the policy names and
/// is given to NuGet only; every message is scrubbed of it.
/// </summary>
public sealed class NuGetSourceFeed : PackageFeed
{
    /// <summary>NuGet's own push timeout (<c>dotnet nuget push --timeout</c>'s default).</summary>
    private const int PushTimeoutSeconds = 300;

    private readonly PackageSource source;
    private readonly string? apiKeyVariable;
    private readonly string? apiKey;

    private NuGetSourceFeed(PackageSource source, string? apiKeyVariable, string? apiKey)
    {
        this.source = source;
        this.apiKeyVariable = apiKeyVariable;
        this.apiKey = apiKey;
    }

    public override string Description => source.Source;

    /// <summary>
    /// The source at <paramref name="serviceIndex"/>. Plain <c>http</c> is refused, as NuGet refuses
    /// it, unless the address is the loopback interface (a test or a local server) or NuGet.Config
    /// configures the same source with <c>allowInsecureConnections</c>.
    /// </summary>
    /// <exception cref="PackageFeedException"><see cref="FeedFailure.Misconfigured"/>.</exception>
    internal static NuGetSourceFeed Create(Uri serviceIndex, string? apiKeyVariable, string? apiKey, string baseDirectory)
    {
        PackageSource? configured = null;
        try
        {
            ISettings settings = Settings.LoadDefaultSettings(baseDirectory);
            configured = new PackageSourceProvider(settings).LoadPackageSources()
                .FirstOrDefault(s => s.IsHttp && string.Equals(s.Source.TrimEnd('/'), serviceIndex.AbsoluteUri.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
        }
        catch (NuGetConfigurationException ex)
        {
            throw new PackageFeedException(FeedFailure.Misconfigured, serviceIndex.AbsoluteUri, MessageText.Escape(
                $"NuGet's configuration could not be read to find credentials for {serviceIndex.AbsoluteUri} ({ex.Message}). Fix the NuGet.Config it names."), ex);
        }

        PackageSource source = configured ?? new PackageSource(serviceIndex.AbsoluteUri);
        if (serviceIndex.Scheme == Uri.UriSchemeHttp && !serviceIndex.IsLoopback && !source.AllowInsecureConnections)
        {
            throw new PackageFeedException(FeedFailure.Misconfigured, serviceIndex.AbsoluteUri, MessageText.Escape(
                $"The feed {serviceIndex.AbsoluteUri} is plain http, which would send the API key and packages unencrypted. Use its https address (or, for a trusted internal server, configure the source in NuGet.Config with allowInsecureConnections)."));
        }

        if (serviceIndex.Scheme == Uri.UriSchemeHttp && serviceIndex.IsLoopback)
        {
            source.AllowInsecureConnections = true;
        }

        return new NuGetSourceFeed(source, apiKeyVariable, apiKey);
    }

    public override async Task<FeedPackage?> FindAsync(string id, NuGetVersion version, CancellationToken cancellationToken = default)
    {
        DirectoryInfo scratch = Directory.CreateTempSubdirectory("governance-find-");
        try
        {
            DownloadedPackage? downloaded = await DownloadAsync(id, version, scratch.FullName, cancellationToken).ConfigureAwait(false);
            return downloaded is null ? null : new FeedPackage(new PackageIdentity(id, version), downloaded.ContentHash, null);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    public override async Task<PublishResult> PublishAsync(StagedPackage package, CancellationToken cancellationToken = default)
    {
        PackageIdentity identity = package.Identity;
        FeedPackage? existing = await FindAsync(identity.Id, identity.Version, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return await SettleAsync(package, existing, cancellationToken).ConfigureAwait(false);
        }

        SourceRepository repository = NewRepository();
        var log = new NuGetLog(apiKey);
        PackageUpdateResource? update = await Resource<PackageUpdateResource>(repository, "the push of", identity, log, cancellationToken).ConfigureAwait(false);
        if (update is null)
        {
            throw new PackageFeedException(FeedFailure.Misconfigured, Description, MessageText.Escape(
                $"{Description} does not accept packages (its service index has no PackagePublish endpoint), so {identity.Id} {identity.Version.ToNormalizedString()} cannot be published there. Use the source's push URL's service index, or a folder feed."));
        }

        SymbolPackageUpdateResourceV3? symbols = package.SymbolsPath is null ? null
            : await Resource<SymbolPackageUpdateResourceV3>(repository, "the push of", identity, log, cancellationToken).ConfigureAwait(false);
        try
        {
            // The staged .snupkg lies beside the staged .nupkg with the same stem, which is where
            // NuGet's push looks for it once a symbol source is given.
            await update.PushAsync(
                new List<string> { package.PackagePath },
                symbols?.SourceUri.AbsoluteUri ?? string.Empty,
                PushTimeoutSeconds,
                disableBuffering: false,
                getApiKey: _ => apiKey,
                getSymbolApiKey: _ => apiKey,
                noServiceEndpoint: false,
                skipDuplicate: false,
                allowSnupkg: symbols is not null,
                allowInsecureConnections: source.AllowInsecureConnections,
                log: log).ConfigureAwait(false);
        }
        catch (Exception ex) when (StatusOf(ex) == HttpStatusCode.Conflict)
        {
            // Pushed by someone else between our look and our push, or a version the source keeps
            // reserved after a delete: what it holds now decides.
            FeedPackage? now = await FindAsync(identity.Id, identity.Version, cancellationToken).ConfigureAwait(false);
            if (now is null)
            {
                throw new PackageFeedException(FeedFailure.Conflict, Description, MessageText.Escape(
                    $"{Description} refused {identity.Id} {identity.Version.ToNormalizedString()} as a duplicate (409) but does not serve it: the version was deleted there and cannot be reused. Give the package a new version and pack again."), ex);
            }

            return await SettleAsync(package, now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsFeedFailure(ex))
        {
            throw Translate(ex, "the push of", identity, log);
        }

        string? note = package.SymbolsPath is not null && symbols is null
            ? $"{Description} has no symbol package endpoint; {Path.GetFileName(package.SymbolsPath)} was not published."
            : null;
        return new PublishResult(package, PublishOutcome.Published, symbols is not null, note);
    }

    public override async Task<DownloadedPackage?> DownloadAsync(string id, NuGetVersion version, string toDirectory, CancellationToken cancellationToken = default)
    {
        var identity = new PackageIdentity(id, version);
        var log = new NuGetLog(apiKey);
        FindPackageByIdResource? find = await Resource<FindPackageByIdResource>(NewRepository(), "the download of", identity, log, cancellationToken).ConfigureAwait(false);
        if (find is null)
        {
            throw new PackageFeedException(FeedFailure.Misconfigured, Description, MessageText.Escape(
                $"{Description} has no package download endpoint (PackageBaseAddress in its service index), so {id} {version.ToNormalizedString()} cannot be fetched from it. Check that the feed is the source's v3 service index."));
        }

        Directory.CreateDirectory(toDirectory);
        string target = Path.Combine(Path.GetFullPath(toDirectory), $"{id}.{version.ToNormalizedString()}.nupkg");
        string temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            bool found;
            using (var cache = new SourceCacheContext { NoCache = true, DirectDownload = true })
            using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                found = await find.CopyNupkgToStreamAsync(id, version, output, cache, log, cancellationToken).ConfigureAwait(false);
                output.Flush(flushToDisk: true);
            }

            if (!found)
            {
                return null;
            }

            (string sha256, string sha512, _) = HashFile(temporary);
            File.Move(temporary, target, overwrite: true);
            string contentHash;
            try
            {
                contentHash = PackageDigests.ContentHash(target, sha512);
            }
            catch (Exception ex) when (ex is InvalidDataException or PackagingException or System.Xml.XmlException)
            {
                throw new PackageFeedException(FeedFailure.Conflict, Description, MessageText.Escape(
                    $"{Description} serves something for {id} {version.ToNormalizedString()} that is not a readable package ({ex.Message}). Ask the feed's owner to check that version."), ex);
            }

            return new DownloadedPackage(target, null, sha256, contentHash, null);
        }
        catch (Exception ex) when (IsFeedFailure(ex))
        {
            throw Translate(ex, "the download of", identity, log);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public override async Task<ListingOutcome> UnlistAsync(string id, NuGetVersion version, CancellationToken cancellationToken = default)
    {
        var identity = new PackageIdentity(id, version);
        var log = new NuGetLog(apiKey);
        PackageUpdateResource update = await RequireUpdate("unlisting", identity, log, cancellationToken).ConfigureAwait(false);
        try
        {
            // NuGet's delete: public sources (nuget.org, GitHub, Azure Artifacts' nuget.org-style
            // feeds) unlist on it; a source that really deletes makes the version unavailable,
            // which rollback then fetches from the next feed or the store.
            await update.Delete(id, version.ToNormalizedString(), _ => apiKey, _ => true, noServiceEndpoint: false, allowInsecureConnections: source.AllowInsecureConnections, log).ConfigureAwait(false);
            return ListingOutcome.Changed;
        }
        catch (Exception ex) when (StatusOf(ex) == HttpStatusCode.NotFound)
        {
            return ListingOutcome.NotFound;
        }
        catch (Exception ex) when (IsFeedFailure(ex))
        {
            throw Translate(ex, "unlisting", identity, log);
        }
    }

    /// <summary>
    /// NuGet's client has no relist call; the push-and-delete protocol's relist is a POST to
    /// <c>&lt;publish endpoint&gt;/&lt;id&gt;/&lt;version&gt;</c>, sent here through NuGet's
    /// <see cref="HttpSource"/> (its retries, proxy and credentials) with the API key header
    /// NuGet's push uses. A source without relist answers 404, 405 or 501.
    /// </summary>
    public override async Task<ListingOutcome> RelistAsync(string id, NuGetVersion version, CancellationToken cancellationToken = default)
    {
        var identity = new PackageIdentity(id, version);
        var log = new NuGetLog(apiKey);
        SourceRepository repository = NewRepository();
        PackageUpdateResource update = await RequireUpdate("relisting", identity, log, cancellationToken, repository).ConfigureAwait(false);
        HttpSourceResource? http = await Resource<HttpSourceResource>(repository, "relisting", identity, log, cancellationToken).ConfigureAwait(false);
        string endpoint = update.SourceUri.AbsoluteUri.TrimEnd('/');
        if (new Uri(endpoint).AbsolutePath.Trim('/').Length == 0)
        {
            endpoint += "/api/v2/package";
        }

        var url = new Uri($"{endpoint}/{Uri.EscapeDataString(id)}/{Uri.EscapeDataString(version.ToNormalizedString())}");
        try
        {
            await http!.HttpSource.ProcessResponseAsync(
                new HttpSourceRequest(() =>
                {
                    HttpRequestMessage request = HttpRequestMessageFactory.Create(HttpMethod.Post, url, new HttpRequestMessageConfiguration(logger: log, promptOn403: false));
                    if (!string.IsNullOrEmpty(apiKey))
                    {
                        request.Headers.Add(ProtocolConstants.ApiKeyHeader, apiKey);
                    }

                    return request;
                }),
                response =>
                {
                    response.EnsureSuccessStatusCode();
                    return Task.FromResult(0);
                },
                log,
                cancellationToken).ConfigureAwait(false);
            return ListingOutcome.Changed;
        }
        catch (Exception ex) when (StatusOf(ex) is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented)
        {
            throw new PackageFeedException(FeedFailure.Misconfigured, Description, MessageText.Escape(
                $"{Description} does not support relisting (it answered {(int)StatusOf(ex)!}); {id} {version.ToNormalizedString()} stays as it is. Relist it in the feed's web interface, or publish the release to a feed that supports it."), ex);
        }
        catch (Exception ex) when (StatusOf(ex) == HttpStatusCode.NotFound)
        {
            return ListingOutcome.NotFound;
        }
        catch (Exception ex) when (IsFeedFailure(ex))
        {
            throw Translate(ex, "relisting", identity, log);
        }
    }

    private static (string Sha256, string Sha512Base64, long Size) HashFile(string path)
    {
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return PackageDigests.CopyHashing(input, Stream.Null);
    }

    /// <summary>The HTTP status behind a NuGet failure, if there was one.</summary>
    private static HttpStatusCode? StatusOf(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { StatusCode: HttpStatusCode status })
            {
                return status;
            }
        }

        return null;
    }

    private static bool IsFeedFailure(Exception ex) =>
        ex is HttpRequestException or FatalProtocolException or IOException or OperationCanceledException or InvalidOperationException or ArgumentException
        || ex.InnerException is not null && IsFeedFailure(ex.InnerException);

    private SourceRepository NewRepository() => Repository.Factory.GetCoreV3(source);

    /// <summary>
    /// A resource from the source's service index. Reading the index is the first request of every
    /// operation, so its failure is reported as that operation's, naming the package: the operator
    /// sees which package of the release could not be published, not only which feed.
    /// </summary>
    private async Task<T?> Resource<T>(SourceRepository repository, string operation, PackageIdentity identity, NuGetLog log, CancellationToken cancellationToken)
        where T : class, INuGetResource
    {
        try
        {
            return await repository.GetResourceAsync<T>(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsFeedFailure(ex))
        {
            throw Translate(ex, operation, identity, log);
        }
    }

    private async Task<PackageUpdateResource> RequireUpdate(string operation, PackageIdentity identity, NuGetLog log, CancellationToken cancellationToken, SourceRepository? repository = null) =>
        await Resource<PackageUpdateResource>(repository ?? NewRepository(), operation, identity, log, cancellationToken).ConfigureAwait(false)
        ?? throw new PackageFeedException(FeedFailure.Misconfigured, Description, MessageText.Escape(
            $"{Description} has no PackagePublish endpoint in its service index, so {identity.Id} {identity.Version.ToNormalizedString()} cannot be unlisted or relisted there."));

    /// <summary>
    /// The package is there already: the same content is success, relisted when the source holds
    /// it unlisted (a failed canary's, or one a rollback returns to), as a folder feed does; other
    /// content is a conflict (GOV4004).
    /// </summary>
    private async Task<PublishResult> SettleAsync(StagedPackage package, FeedPackage existing, CancellationToken cancellationToken)
    {
        if (!string.Equals(existing.ContentHash, package.ContentHash, StringComparison.Ordinal))
        {
            throw Conflict(package.Identity, existing.ContentHash, package.ContentHash);
        }

        if (existing.Listed == false)
        {
            await RelistAsync(package.Identity.Id, package.Identity.Version, cancellationToken).ConfigureAwait(false);
            return new PublishResult(package, PublishOutcome.Relisted, false, null);
        }

        return new PublishResult(package, PublishOutcome.AlreadyPresent, false,
            package.SymbolsPath is null ? null : $"{package.Identity.Id} {package.Identity.Version.ToNormalizedString()} was already on {Description}; its symbol package was not pushed again.");
    }

    /// <summary>A NuGet failure as a message that names the feed and what to do, scrubbed of the key.</summary>
    private PackageFeedException Translate(Exception ex, string operation, PackageIdentity identity, NuGetLog log)
    {
        string what = $"{identity.Id} {identity.Version.ToNormalizedString()}";
        string detail = log.Scrub(ex is HttpRequestException or FatalProtocolException ? Innermost(ex).Message : ex.Message);
        string? nuget = log.LastProblem;
        string said = nuget is null || nuget == detail ? detail : $"{detail}; NuGet said: {nuget}";
        HttpStatusCode? status = StatusOf(ex);
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            string key = apiKeyVariable is null
                ? "No API key is configured: set apiKeyEnvironmentVariable in the environment's policy entry"
                : $"Check the API key in {apiKeyVariable} (not shown) and that it may push and unlist {identity.Id}";
            return new PackageFeedException(FeedFailure.Refused, Description, MessageText.Escape(
                $"{Description} refused {operation} {what} ({(int)status}). {key}."), ex);
        }

        if (status == HttpStatusCode.NotFound)
        {
            return new PackageFeedException(FeedFailure.NotFound, Description, MessageText.Escape(
                $"{Description} does not have {what} ({operation} answered 404)."), ex);
        }

        return new PackageFeedException(FeedFailure.Unavailable, Description, MessageText.Escape(
            $"{operation[0..1].ToUpperInvariant()}{operation[1..]} {what} on {Description} failed ({said}). Check the feed URL and the network, then run the command again."), ex);
    }

    private static Exception Innermost(Exception ex)
    {
        Exception e = ex;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
