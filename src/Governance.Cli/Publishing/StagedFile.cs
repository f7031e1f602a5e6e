namespace Governance.Cli.Publishing;

/// <summary>
/// One file copied into the staging area, with the digests computed while copying: SHA-256 to
/// compare with the bundle manifest, SHA-512 because it is NuGet's content hash of an unsigned
/// package, so an unsigned <c>.nupkg</c> needs no second read to know how feeds will compare it.
/// </summary>
/// <param name="Path">The staged copy.</param>
/// <param name="Size">Bytes copied.</param>
/// <param name="Sha256">Lowercase hex.</param>
/// <param name="Sha512Base64">Base64, the form NuGet writes content hashes in.</param>
public sealed record StagedFile(string Path, long Size, string Sha256, string Sha512Base64);
