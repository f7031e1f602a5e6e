using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Store;

namespace Governance.Core.Bundles;

/// <summary>Immutability against the release store: a name and version is one bundle forever (GOV4004).</summary>
internal static class BundleStoreCheck
{
    /// <summary>True when the bundle was recorded now; a different bundle under its name and version is GOV4004.</summary>
    public static bool Check(BundleManifest manifest, byte[] bytes, IReleaseStore store, bool record, SourceLocation at, List<Diagnostic> findings)
    {
        StoreRecord? stored;
        try
        {
            stored = record ? BundleRecords.Add(store, manifest.Name, manifest.Version, bytes) : BundleRecords.Find(store, manifest.Name, manifest.Version);
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
            findings.Add(new Diagnostic(Gov.UnreadableFile, $"The release store {store.Description} cannot be read or written: {RepoPath.DescribeFailure(ex)}. Check GovernanceStore / --store.", at));
            return false;
        }

        if (stored is null)
        {
            return false;
        }

        string recordedFiles = FileSet(stored.Content);
        if (!string.Equals(recordedFiles, FileSet(bytes), StringComparison.Ordinal))
        {
            findings.Add(new Diagnostic(Gov.BundleImmutability,
                $"{manifest.Name} {manifest.Version} is already in the release store ({store.Description}) with different content: a released version never changes. Give this build a new version (bump Version or VersionPrefix) and pack again.",
                at));
            return false;
        }

        return record;
    }

    /// <summary>The content identity of a manifest: its files and digests, not where or when it was built.</summary>
    private static string FileSet(byte[] manifest)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(manifest);
            return string.Join("\n", document.RootElement.GetProperty("files").EnumerateArray()
                .Select(f => f.GetProperty("path").GetString() + " " + f.GetProperty("sha256").GetString())
                .OrderBy(f => f, StringComparer.Ordinal));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return "(unreadable)";
        }
    }
}
