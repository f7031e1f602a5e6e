namespace Governance.Cli.Publishing;

/// <summary>
/// A package fetched from a feed into a folder of the caller's, with the digests computed while
/// writing it: <see cref="Sha256"/> to compare with the bundle manifest (rollback re-verifies
/// what it fetched), <see cref="ContentHash"/> to compare with what was published.
/// </summary>
/// <param name="PackagePath">The downloaded <c>&lt;id&gt;.&lt;version&gt;.nupkg</c>.</param>
/// <param name="SymbolsPath">The <c>.snupkg</c>, when the feed had one (folder feeds only).</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the <c>.nupkg</c>.</param>
/// <param name="ContentHash">NuGet's content hash of the <c>.nupkg</c>.</param>
/// <param name="Listed">As in <see cref="FeedPackage.Listed"/>.</param>
public sealed record DownloadedPackage(string PackagePath, string? SymbolsPath, string Sha256, string ContentHash, bool? Listed);
