using System.Collections.Generic;
using Governance.Core.Bundles;

namespace Governance.Cli.Publishing;

/// <summary>A bundle copied into a <see cref="StagingArea"/>: verify <see cref="ManifestPath"/> and publish <see cref="Package"/>, never the user's files.</summary>
/// <param name="SourceManifestPath">The user's manifest, named in messages.</param>
/// <param name="ManifestPath">The staged manifest, beside its staged files.</param>
/// <param name="Manifest">The manifest as read in the one read of it; null when it is not a manifest (verifying the copy says why).</param>
/// <param name="ManifestSha256">SHA-256 of those bytes.</param>
/// <param name="Package">The staged package; null when the manifest lists none (verifying the copy says why).</param>
public sealed record StagedBundle(string SourceManifestPath, string ManifestPath, BundleManifest? Manifest, string? ManifestSha256, StagedPackage? Package)
{
    /// <summary>SHA-256 of every staged file, by full path, computed while copying it: verification of the copy does not read them again.</summary>
    public IReadOnlyDictionary<string, string> FileSha256 { get; init; } = new Dictionary<string, string>();
}
