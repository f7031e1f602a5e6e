using System;
using System.Collections.Generic;
using System.IO;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Store;

namespace Governance.Core.Bundles;

/// <summary>
/// Verifies a release bundle offline: every file's size and SHA-256 (GOV4001), that the files are
/// exactly the manifest's, inside its folder (GOV4002), the DSSE signature against the policy's
/// trusted keys and a statement that matches the manifest exactly (GOV4003), and immutability
/// against the release store (GOV4004). When the policy requires signatures (by default as soon as
/// it trusts any key), an unsigned bundle fails.
/// </summary>
public static class BundleVerifier
{
    /// <summary>A manifest lists every file once in about 150 bytes: 256 MiB is well over a million files.</summary>
    public const long MaxManifestBytes = 256L << 20;

    /// <param name="manifestPath">The <c>.bundle.json</c> file.</param>
    /// <param name="trustedKeys">The keys the policy trusts; when there are any, the bundle must be signed by one.</param>
    /// <param name="store">The release store to check immutability against, or null.</param>
    /// <param name="record">Record the bundle in the store when it verifies (what promotion does first).</param>
    /// <param name="now">The verifier's clock: key lifetimes are judged, and a recording is stamped, with it.</param>
    /// <param name="requireGo">Require the bundle to carry a go of the gate for its own builds and commit (GOV7002).</param>
    /// <param name="requireSignature">
    /// Whether an unsigned bundle is GOV4003: the policy's <see cref="Policy.GovernancePolicy.BundleSignatureRequired"/>
    /// (<c>bundles.requireSignature</c>); null: as soon as <paramref name="trustedKeys"/> lists a key, its default.
    /// A signature that is there is verified either way.
    /// </param>
    /// <param name="knownSha256">
    /// Digests of bundle files the caller copied and hashed itself (a staged copy in a private
    /// folder, by full path), so that they are not read a second time; null: every file is hashed.
    /// </param>
    public static BundleVerification Verify(string manifestPath, IReadOnlyList<LoadedTrustedKey> trustedKeys, IReleaseStore? store, bool record, DateTimeOffset now, bool requireGo = false, bool? requireSignature = null, IReadOnlyDictionary<string, string>? knownSha256 = null)
    {
        var findings = new List<Diagnostic>();
        string manifestFile = manifestPath;
        try
        {
            manifestFile = Path.GetFullPath(manifestPath);

            // Read once: everything below checks, and --record stores, exactly these bytes. Only
            // an ordinary file of a sane size: never through a link, a pipe or a device.
            byte[] manifestBytes = RegularFile.ReadAllBytes(manifestFile, MaxManifestBytes);
            BundleManifest? manifest = BundleManifest.Parse(manifestFile, manifestBytes, out IReadOnlyList<Diagnostic> readErrors, out string? manifestSha256);
            findings.AddRange(readErrors);
            if (manifest is null)
            {
                return new BundleVerification(manifestFile, null, null, findings, null, false);
            }

            string directory = Path.GetDirectoryName(manifestFile)!;
            string stem = BundleManifest.StemOfManifest(manifestFile);
            var at = new SourceLocation(manifestFile);

            bool identified = BundleIdentityCheck.CheckNames(manifest, stem, at, findings);
            BundleFileCheck.Check(manifest, directory, stem, at, findings, knownSha256);
            if (identified && findings.Count == 0)
            {
                BundleIdentityCheck.CheckPackage(manifest, stem + ".nupkg", at, findings);
            }

            string? decisionMode = requireGo && findings.Count == 0 ? BundleDecisionCheck.Check(manifest, directory, stem, at, findings) : null;
            LoadedTrustedKey? signer = BundleSignatureCheck.Check(manifest, manifestFile, manifestSha256!, trustedKeys, requireSignature ?? trustedKeys.Count > 0, store, now, at, findings);
            // The recording (when, with which key) is of the release itself, never of re-issued evidence:
            // after the key expires, rollback returns to the manifest first recorded.
            bool reissued = false;
            bool recorded = identified && store is not null && BundleStoreCheck.Check(manifest, manifestBytes, store, record && findings.Count == 0, at, findings, out reissued) &&
                (reissued || KeyLifetimeCheck.Record(manifest, manifestSha256!, signer, store, now, at, findings));
            return new BundleVerification(manifestFile, manifest.Name, manifest.Version, findings, signer?.Id, recorded) { DecisionMode = decisionMode };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            findings.Add(new Diagnostic(Gov.UnreadableFile,
                $"The bundle at {Path.GetFileName(manifestPath)} could not be read: {(ex is ArgumentException or NotSupportedException ? "a path is not valid on this system" : RepoPath.DescribeFailure(ex))}. Check the path and the files' permissions.",
                new SourceLocation(manifestFile)));
            return new BundleVerification(manifestFile, null, null, findings, null, false);
        }
    }

    /// <summary>
    /// Verifies the signature of a bundle manifest kept in the release store (a rollback's target),
    /// against today's trusted keys and their validity windows: the envelope beside
    /// <paramref name="manifestFile"/> must sign exactly these bytes. The package files are the
    /// caller's to check against the manifest.
    /// </summary>
    /// <returns>The id of the trusted key that vouches for it, or null (with findings when a signature is required or wrong).</returns>
    public static string? VerifySignature(string manifestFile, BundleManifest manifest, string manifestSha256, IReadOnlyList<LoadedTrustedKey> trustedKeys, bool required, IReleaseStore? store, DateTimeOffset now, List<Diagnostic> findings) =>
        BundleSignatureCheck.Check(manifest, manifestFile, manifestSha256, trustedKeys, required, store, now, new SourceLocation(manifestFile), findings)?.Id;
}
