using System;
using Governance.Core.Bundles;

namespace Governance.Core.Releases;

/// <summary>
/// One verified bundle as a release and the ledger name it: the package, its version as NuGet
/// compares it, the SHA-256 of its manifest (which names every file, so it identifies the bundle),
/// the SHA-256 of the gate report that decided it, and the commit it was built from.
/// </summary>
/// <param name="PackageId">The package id as the manifest writes it.</param>
/// <param name="Version">The version normalised as the release store keys it (<see cref="BundleRecords.NormalizeVersion"/>).</param>
/// <param name="ManifestSha256">SHA-256 (hex) of the manifest's bytes.</param>
/// <param name="GateReportSha256">SHA-256 (hex) of the gate report the bundle carries, or null when it carries none.</param>
/// <param name="Commit">The commit the bundle was packed from (empty when unknown).</param>
public sealed record ReleaseBundle(string PackageId, string Version, string ManifestSha256, string? GateReportSha256, string Commit)
{
    /// <summary>The bundle of a verified manifest.</summary>
    public static ReleaseBundle FromManifest(BundleManifest manifest, string manifestSha256) =>
        new(manifest.Name.Trim(), BundleRecords.NormalizeVersion(manifest.Version), manifestSha256, manifest.GateReportSha256, manifest.Metadata.Commit);

    /// <summary>The track the bundle moves; null when its version is not a NuGet version (such a bundle is never a release).</summary>
    public ReleaseTrack? Track => ReleaseTrack.Of(PackageId, Version);

    /// <summary>True when <paramref name="other"/> is the same bundle: the same manifest.</summary>
    public bool SameBundle(ReleaseBundle? other) => other is not null && string.Equals(ManifestSha256, other.ManifestSha256, StringComparison.Ordinal);

    /// <summary>For messages: <c>Contoso.Core 1.4.0</c>.</summary>
    public override string ToString() => PackageId + " " + Version;
}
