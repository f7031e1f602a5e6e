using System.IO;
using Governance.Cli.Publishing;
using Governance.Core.Bundles;
using Governance.Core.IO;
using Governance.Core.Store;

namespace Governance.Cli.Operations;

/// <summary>
/// What a promotion keeps in the release store besides the manifest (which verification records):
/// the signature envelope, the gate run's evidence package and the package files, create-only. A rollback a year later then needs
/// neither the CI's artifacts nor a feed that still has the package.
/// </summary>
internal static class ReleaseStoreCopies
{
    public static void Record(IReleaseStore store, StagedBundle staged)
    {
        BundleManifest manifest = staged.Manifest!;
        string envelope = BundleManifest.EnvelopePathFor(staged.ManifestPath);
        if (File.Exists(envelope))
        {
            byte[] bytes = File.ReadAllBytes(envelope);
            store.CreateRecord(BundleRecords.EnvelopeKey(manifest.Name, manifest.Version, Sha256.OfBytes(bytes)), bytes);
        }

        // The gate run's evidence package, when the bundle carries one: replayable from the store.
        string evidence = Core.Evidence.EvidenceReplay.PackageFor(staged.ManifestPath);
        if (File.Exists(evidence))
        {
            store.CreateRecord(BundleRecords.EvidenceKey(manifest.Name, manifest.Version), File.ReadAllBytes(evidence));
        }

        foreach (string? file in new[] { staged.Package!.PackagePath, staged.Package.SymbolsPath })
        {
            if (file is not null)
            {
                store.CreateRecord(BundleRecords.PackageKey(manifest.Name, manifest.Version, Path.GetFileName(file)), File.ReadAllBytes(file));
            }
        }
    }
}
