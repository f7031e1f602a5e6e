using System;
using System.Collections.Generic;
using System.IO;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.IO;
using Governance.Core.Store;

namespace Governance.Core.Bundles;

/// <summary>
/// Whether a trusted key that verifiably signed a bundle may vouch for it now, by the key's
/// lifetime (<c>validFrom</c>, <c>validUntil</c>): within it, yes; before it, no; after it, only
/// when the release store recorded this very manifest, signed by this very key, while the key was
/// valid. Also writes that recording when a verified bundle is recorded. Compromise and use are
/// judged before (<see cref="BundleSignatureCheck"/>): no recording redeems them.
/// </summary>
internal static class KeyLifetimeCheck
{
    /// <summary>
    /// True when <paramref name="key"/> vouches for the bundle at <paramref name="now"/>. Otherwise
    /// <paramref name="why"/> completes "&lt;envelope&gt; is signed by ...", or is null when the store
    /// could not be read (that finding is added here instead).
    /// </summary>
    public static bool Vouches(LoadedTrustedKey key, BundleManifest manifest, string manifestSha256, IReleaseStore? store, DateTimeOffset now, SourceLocation at, List<Diagnostic> findings, out string? why)
    {
        why = null;
        if (key.ValidFrom is DateTimeOffset from && now < from)
        {
            why = $"'{key.Id}', a key valid only from {GateClock.Format(from)} (validFrom), and it is {GateClock.Format(now)} now. Sign with a key valid now, or correct validFrom if it is wrong.";
            return false;
        }

        if (key.IsValidAt(now))
        {
            return true;
        }

        string expired = $"'{key.Id}', a key that expired at {GateClock.Format(key.ValidUntil!.Value)} (validUntil),";
        const string Remedy = " After validUntil a key vouches only for bundles recorded in the release store (governance verify --record, promotion) while it was valid. Sign the bundle again with a current release key, or correct validUntil if the key was not retired.";
        if (store is null)
        {
            why = $"{expired} and there is no release store to show when the bundle was recorded.{Remedy}";
            return false;
        }

        BundleRecording? recording;
        try
        {
            StoreRecord? record = BundleRecords.FindRecording(store, manifest.Name, manifest.Version);
            if (record is null)
            {
                why = $"{expired} and the release store {store.Description} has no recording of {manifest.Name} {manifest.Version}.{Remedy}";
                return false;
            }

            recording = BundleRecording.Parse(record.Content);
            if (recording is null)
            {
                findings.Add(new Diagnostic(Gov.StoreTampered,
                    $"The release store {store.Description} holds a recording of {manifest.Name} {manifest.Version} that is not one Governance.Sdk writes, so when the bundle was recorded cannot be known. Restore the store from a backup, then verify again.",
                    new SourceLocation(record.Location)));
                return false;
            }
        }
        catch (StoreIntegrityException ex)
        {
            findings.Add(new Diagnostic(Gov.StoreTampered, $"The release store {store.Description} cannot be trusted: {ex.Message}. Restore the store from a backup, then verify again.", new SourceLocation(ex.Location)));
            return false;
        }
        catch (ArgumentException)
        {
            why = $"{expired} and the bundle's name '{MessageText.Value(manifest.Name)}' or version '{MessageText.Value(manifest.Version)}' cannot name a recording in a release store.{Remedy}";
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            findings.Add(new Diagnostic(ex is StoreUnavailableException ? Gov.StoreUnavailable : Gov.UnreadableFile, $"The release store {store.Description} cannot be read: {RepoPath.DescribeFailure(ex)}. Check GovernanceStore / --store.", at));
            return false;
        }

        if (!string.Equals(recording.ManifestSha256, manifestSha256, StringComparison.Ordinal))
        {
            why = $"{expired} and the manifest recorded in the release store under {manifest.Name} {manifest.Version} is another one (SHA-256 {recording.ManifestSha256}, this one has {manifestSha256}).{Remedy}";
            return false;
        }

        if (!string.Equals(recording.KeyId, key.KeyId, StringComparison.OrdinalIgnoreCase))
        {
            why = $"{expired} and the release store recorded this bundle as {(recording.KeyId is null ? "unsigned" : $"signed by another key ({recording.TrustedKey ?? recording.KeyId})")}.{Remedy}";
            return false;
        }

        if (!key.IsValidAt(recording.RecordedAt))
        {
            why = $"{expired} and the release store recorded this bundle at {GateClock.Format(recording.RecordedAt)}, when the key was not valid.{Remedy}";
            return false;
        }

        return true;
    }

    /// <summary>
    /// Records when the verified bundle was recorded and which key signed it, unless that was
    /// recorded before (the first recording stands). False, with a finding, when the store refuses.
    /// </summary>
    public static bool Record(BundleManifest manifest, string manifestSha256, LoadedTrustedKey? signer, IReleaseStore store, DateTimeOffset now, SourceLocation at, List<Diagnostic> findings)
    {
        try
        {
            BundleRecords.AddRecording(store, new BundleRecording(manifest.Name, manifest.Version, now.ToUniversalTime(), manifestSha256, signer?.KeyId, signer?.Id));
            return true;
        }
        catch (StoreIntegrityException ex)
        {
            findings.Add(new Diagnostic(Gov.StoreTampered, $"The release store {store.Description} cannot be trusted: {ex.Message}. Restore the store from a backup, then verify again.", new SourceLocation(ex.Location)));
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            findings.Add(new Diagnostic(ex is StoreUnavailableException ? Gov.StoreUnavailable : Gov.UnreadableFile, $"The release store {store.Description} cannot be written: {RepoPath.DescribeFailure(ex)}. Check GovernanceStore / --store.", at));
            return false;
        }
    }
}
