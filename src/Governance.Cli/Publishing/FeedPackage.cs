using NuGet.Packaging.Core;

namespace Governance.Cli.Publishing;

/// <summary>What a feed holds under an id and version.</summary>
/// <param name="Identity">The id and version asked for.</param>
/// <param name="ContentHash">NuGet's content hash of the package the feed holds (base64 SHA-512, repository signatures excluded).</param>
/// <param name="Listed">Whether consumers see it: false when a folder feed keeps it in <c>.unlisted/</c>; null where the feed does not say (a v3 source's package content endpoint serves unlisted packages too).</param>
public sealed record FeedPackage(PackageIdentity Identity, string ContentHash, bool? Listed);
