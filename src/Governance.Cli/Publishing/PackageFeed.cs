using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Governance.Core.Diagnostics;
using NuGet.Packaging.Core;
using NuGet.Versioning;

namespace Governance.Cli.Publishing;

/// <summary>
/// An environment's <c>feed</c>: where promotion publishes packages, rollback fetches them from,
/// and failed or rolled-back releases are unlisted. Feeds only distribute; the ledger says what is
/// current. A version is never overwritten: identical content already there is a no-op,
/// different content is a <see cref="FeedFailure.Conflict"/> (GOV4004). Packages are compared by
/// NuGet's content hash, so a repository signature a feed adds does not count as a change.
/// </summary>
public abstract class PackageFeed
{
    /// <summary>The feed for display: a folder path or a source URL (never a key).</summary>
    public abstract string Description { get; }

    /// <summary>
    /// Opens the feed an environment names: an <c>https://</c> NuGet v3 source (its service index;
    /// <c>http://</c> only on the loopback address or where NuGet.Config allows it), a
    /// <c>file://</c> URI, or a folder, relative to <paramref name="baseDirectory"/> (the
    /// repository root). The API key, for sources, is read from the environment variable
    /// <paramref name="apiKeyEnvironmentVariable"/> names.
    /// </summary>
    /// <exception cref="PackageFeedException"><see cref="FeedFailure.Misconfigured"/>: the location or the key variable is unusable.</exception>
    public static PackageFeed Open(string location, string? apiKeyEnvironmentVariable, string baseDirectory, Func<string, string?> environment)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            throw new PackageFeedException(FeedFailure.Misconfigured, string.Empty, "The environment's feed is empty. Set feed to a folder or a NuGet v3 source URL in the policy.");
        }

        if (Uri.TryCreate(location, UriKind.Absolute, out Uri? uri) && !uri.IsFile)
        {
            if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            {
                throw new PackageFeedException(FeedFailure.Misconfigured, location,
                    MessageText.Escape($"The feed {MessageText.Value(location)} is neither a folder nor an http(s) NuGet v3 source. Use a folder path or the source's service index URL (…/index.json)."));
            }

            string? apiKey = null;
            if (!string.IsNullOrWhiteSpace(apiKeyEnvironmentVariable))
            {
                apiKey = environment(apiKeyEnvironmentVariable!);
                if (string.IsNullOrEmpty(apiKey))
                {
                    throw new PackageFeedException(FeedFailure.Misconfigured, uri.AbsoluteUri,
                        MessageText.Escape($"The feed {uri.AbsoluteUri} needs the API key from the environment variable {apiKeyEnvironmentVariable} (apiKeyEnvironmentVariable in the policy), which is not set. Set it in the CI job's secrets."));
                }
            }

            return NuGetSourceFeed.Create(uri, apiKeyEnvironmentVariable, apiKey, baseDirectory);
        }

        string folder = uri is not null && uri.IsFile ? uri.LocalPath : Path.GetFullPath(Path.Combine(baseDirectory, location));
        return new FolderFeed(folder);
    }

    /// <summary>What the feed holds under <paramref name="id"/> and <paramref name="version"/>, listed or not; null when nothing.</summary>
    /// <exception cref="PackageFeedException">The feed cannot be read, or holds an unreadable file there (<see cref="FeedFailure.Conflict"/>).</exception>
    public abstract Task<FeedPackage?> FindAsync(string id, NuGetVersion version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes a staged package and its symbol package. Identical content already there: nothing
    /// is written (<see cref="PublishOutcome.AlreadyPresent"/>, or <see cref="PublishOutcome.Relisted"/>
    /// when a folder feed held it unlisted). Re-running after an interruption converges.
    /// </summary>
    /// <exception cref="PackageFeedException"><see cref="FeedFailure.Conflict"/> (GOV4004) when other content is there, or the feed failed.</exception>
    public abstract Task<PublishResult> PublishAsync(StagedPackage package, CancellationToken cancellationToken = default);

    /// <summary>
    /// Fetches the package (listed or not) into <paramref name="toDirectory"/> as
    /// <c>&lt;id&gt;.&lt;version&gt;.nupkg</c>, hashing it as it is written; null when the feed does not have it.
    /// </summary>
    /// <exception cref="PackageFeedException">The feed cannot be read, or what it holds is not a package.</exception>
    public abstract Task<DownloadedPackage?> DownloadAsync(string id, NuGetVersion version, string toDirectory, CancellationToken cancellationToken = default);

    /// <summary>Hides the package from consumers without destroying it (a folder feed moves it into <c>.unlisted/</c>; a v3 source gets NuGet's delete, which public sources treat as unlist).</summary>
    /// <exception cref="PackageFeedException">The feed refused or failed.</exception>
    public abstract Task<ListingOutcome> UnlistAsync(string id, NuGetVersion version, CancellationToken cancellationToken = default);

    /// <summary>Makes an unlisted package visible again.</summary>
    /// <exception cref="PackageFeedException">The feed refused or failed, or does not support relisting.</exception>
    public abstract Task<ListingOutcome> RelistAsync(string id, NuGetVersion version, CancellationToken cancellationToken = default);

    /// <summary>The refusal to replace a version: the caller reports it as GOV4004.</summary>
    protected PackageFeedException Conflict(PackageIdentity identity, string held, string ours) =>
        new(FeedFailure.Conflict, Description, MessageText.Escape(
            $"{Description} already holds {identity.Id} {identity.Version.ToNormalizedString()} with other content (NuGet content hash {held}; the bundle's is {ours}). " +
            "A released version is never replaced: give the package a new version and pack again."));
}
