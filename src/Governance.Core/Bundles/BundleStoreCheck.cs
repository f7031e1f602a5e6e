using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Store;

namespace Governance.Core.Bundles;

/// <summary>
/// Immutability against the release store: a name and version is one package forever (GOV4004).
/// What consumers get (the <c>.nupkg</c> and <c>.snupkg</c>) never changes; the evidence beside it
/// (the gate report, other bundle files) may be re-issued by a rerun of the same commit, and is
/// then recorded beside the first manifest, never over it.
/// </summary>
internal static class BundleStoreCheck
{
    /// <summary>
    /// True when <paramref name="record"/> was asked and this exact manifest is in the store
    /// afterwards (recorded now, before, or beside the first as re-issued evidence); false
    /// otherwise, with a finding when another package holds the slot.
    /// </summary>
    /// <param name="reissued">True when this manifest is recorded beside the first one (evidence re-issued), not as the release itself.</param>
    public static bool Check(BundleManifest manifest, byte[] bytes, IReleaseStore store, bool record, SourceLocation at, List<Diagnostic> findings, out bool reissued)
    {
        reissued = false;
        StoreRecord? stored;
        try
        {
            stored = record ? BundleRecords.Add(store, manifest.Name, manifest.Version, bytes) : BundleRecords.Find(store, manifest.Name, manifest.Version);
            if (stored is null)
            {
                return false;
            }

            if (stored.Content.AsSpan().SequenceEqual(bytes))
            {
                return record;
            }

            // Compared as validated documents: a stored manifest that cannot be read is never "the same".
            BundleManifest? first = BundleManifest.Parse(stored.Location, stored.Content, out _, out _);
            if (first is null || !SamePackage(first, manifest) || first.Metadata.Commit != manifest.Metadata.Commit)
            {
                string why = first is null ? "a manifest that cannot be read"
                    : !SamePackage(first, manifest) ? "a package with other content"
                    : $"the same package built from commit {Short(first.Metadata.Commit)}, not {Short(manifest.Metadata.Commit)} (only a rerun of the same commit may re-issue a bundle's evidence)";
                findings.Add(new Diagnostic(Gov.BundleImmutability,
                    $"{manifest.Name} {manifest.Version} is already in the release store ({store.Description}) as {why}: a released version never changes. Give this build a new version (bump Version or VersionPrefix) and pack again.",
                    at));
                return false;
            }

            if (record)
            {
                BundleRecords.AddReissue(store, manifest.Name, manifest.Version, bytes);
                reissued = true;
            }

            return record;
        }
        catch (StoreIntegrityException ex)
        {
            findings.Add(new Diagnostic(Gov.StoreTampered, $"The release store {store.Description} cannot be trusted: {ex.Message}. Restore the store from a backup, then verify again.", new SourceLocation(ex.Location)));
            return false;
        }
        catch (ArgumentException)
        {
            findings.Add(new Diagnostic(Gov.BundleImmutability, $"The bundle's name '{manifest.Name}' or version '{manifest.Version}' cannot be recorded in a release store. Pack with a valid package id and version.", at));
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            findings.Add(new Diagnostic(ex is StoreUnavailableException ? Gov.StoreUnavailable : Gov.UnreadableFile, $"The release store {store.Description} cannot be read or written: {RepoPath.DescribeFailure(ex)}. Check GovernanceStore / --store.", at));
            return false;
        }
    }

    /// <summary>The same packages: the <c>.nupkg</c> and <c>.snupkg</c> at the bundle's root, with the same digests.</summary>
    private static bool SamePackage(BundleManifest first, BundleManifest second) =>
        Packages(first).SequenceEqual(Packages(second));

    private static IEnumerable<string> Packages(BundleManifest manifest) => manifest.Files
        .Where(f => f.Path.IndexOf('/') < 0 && (f.Path.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase) || f.Path.EndsWith(".snupkg", StringComparison.OrdinalIgnoreCase)))
        .Select(f => f.Path.ToLowerInvariant() + " " + f.Sha256)
        .OrderBy(f => f, StringComparer.Ordinal);

    private static string Short(string commit) => commit.Length == 0 ? "(unknown)" : commit.Length > 12 ? commit.Substring(0, 12) : commit;
}
