using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Cli.Publishing;
using Governance.Core.Bundles;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Releases;

namespace Governance.Cli.Operations;

/// <summary>
/// The bundles named on a command line, made ready to judge: each copied into the staging area
/// (one read of the user's files), verified there as <c>governance verify</c> verifies (checksums,
/// files, signature against the policy's trusted keys, the store's immutability), then read for
/// the promotion checks (<see cref="PromotionBundleReader"/>) from the copy.
/// </summary>
internal static class ReleaseBundles
{
    public sealed record Prepared(IReadOnlyList<PromotionBundle> Bundles, IReadOnlyList<StagedBundle> Staged, IReadOnlyList<Diagnostic> Problems);

    public static Prepared Prepare(IEnumerable<string> manifestPaths, OperatorSetup setup, bool? requireSignature, StagingArea staging, DateTimeOffset now)
    {
        var bundles = new List<PromotionBundle>();
        var staged = new List<StagedBundle>();
        var problems = new List<Diagnostic>();
        foreach (string path in manifestPaths.Select(Path.GetFullPath).Distinct(RepoPath.Comparer))
        {
            if (!path.EndsWith(BundleManifest.ManifestSuffix, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new Diagnostic(Gov.UnreadableFile, $"{path} is not a bundle manifest. Pass the <PackageId>.<Version>.bundle.json files that dotnet pack wrote.", new SourceLocation(path)));
                continue;
            }

            StagedBundle copy;
            try
            {
                copy = staging.StageBundle(path);
            }
            catch (StagingException ex)
            {
                problems.Add(new Diagnostic(ex.Descriptor, ex.Message, new SourceLocation(ex.File.Length == 0 ? path : ex.File)));
                continue;
            }

            BundleVerification verified = BundleVerifier.Verify(copy.ManifestPath, setup.TrustedKeys, setup.Store, record: false, now, requireGo: false, requireSignature, copy.FileSha256);
            if (!verified.IsVerified || copy.Manifest is null || copy.ManifestSha256 is null)
            {
                // Messages name the staged copy; the user knows the bundle by its own path.
                problems.AddRange(verified.Findings.Select(f => Relocate(f, copy)));
                continue;
            }

            if (copy.Package is null)
            {
                problems.Add(new Diagnostic(Gov.BundleFileSetMismatch, $"{path} lists no package to publish. Pack the project again.", new SourceLocation(path)));
                continue;
            }

            // Read from the staged copy, named by the user's path in every message.
            PromotionBundle? bundle = PromotionBundleReader.Read(copy.ManifestPath, copy.Manifest, copy.ManifestSha256, verified.SignedBy, setup.GovernanceRoot, out IReadOnlyList<Diagnostic> unreadable);
            if (bundle is null)
            {
                problems.AddRange(unreadable.Select(f => Relocate(f, copy)));
                continue;
            }

            bundles.Add(bundle with { ManifestPath = path });
            staged.Add(copy);
        }

        return new Prepared(bundles, staged, problems);
    }

    /// <summary>A finding about the staged copy, told about the user's file (same name, their folder).</summary>
    private static Diagnostic Relocate(Diagnostic finding, StagedBundle copy)
    {
        string stagedFolder = Path.GetDirectoryName(copy.ManifestPath)!;
        string userFolder = Path.GetDirectoryName(copy.SourceManifestPath)!;
        string message = finding.Message.Replace(stagedFolder, userFolder);
        SourceLocation? at = finding.Location is null ? null
            : finding.Location with { Path = finding.Location.Path.Replace(stagedFolder, userFolder) };
        return new Diagnostic(finding.Descriptor, message, at);
    }
}
