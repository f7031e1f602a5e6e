using NuGet.Packaging.Core;

namespace Governance.Cli.Publishing;

/// <summary>
/// A package copied into a <see cref="StagingArea"/> and checked against its bundle manifest: what
/// a feed is given. Everything here was computed from the one read of the user's file, so nothing
/// downstream needs (or is allowed) to look at the user's folder again.
/// </summary>
/// <param name="Identity">The id and version read from the staged copy's nuspec; equal to the manifest's name and version.</param>
/// <param name="PackagePath">The staged <c>.nupkg</c>, named <c>&lt;id&gt;.&lt;version&gt;.nupkg</c> as pack wrote it.</param>
/// <param name="SymbolsPath">The staged <c>.snupkg</c> beside it with the same stem, when the bundle has one.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the <c>.nupkg</c>: the digest the bundle manifest records.</param>
/// <param name="ContentHash">NuGet's content hash of the <c>.nupkg</c> (base64 SHA-512, repository signatures excluded): what feeds are compared by.</param>
/// <param name="Size">The <c>.nupkg</c>'s length in bytes.</param>
public sealed record StagedPackage(PackageIdentity Identity, string PackagePath, string? SymbolsPath, string Sha256, string ContentHash, long Size)
{
    /// <summary>Lowercase hex SHA-256 of the <c>.snupkg</c>, when there is one.</summary>
    public string? SymbolsSha256 { get; init; }
}
