using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Governance.Cli.Publishing;
using Governance.Core.Bundles;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Policy;
using Governance.Core.Releases;
using Governance.Core.Store;
using NuGet.Versioning;

namespace Governance.Cli.Operations;

/// <summary>
/// <c>governance rollback --env &lt;env&gt;</c>: the environment goes back to its last known good
/// release (the newest that was successfully current there, never rolled back from, and not
/// current), in one command. The release's packages are fetched (the environment's feed, then the
/// feeds of the environments it comes after, then the store's copy: GOV7009 when none has them),
/// checked against the manifests the store kept (whose digests the ledger holds) and re-verified
/// against today's policy (signatures, trusted keys and their validity windows); then re-published
/// and re-listed, the canary runs, the packages replaced are unlisted, <c>rollback_report.json</c>
/// is written and a <c>rollback</c> entry appended. Exit 0 only when all of that holds.
/// </summary>
internal sealed class Rollback
{
    private readonly OperatorSetup setup;
    private readonly Func<string, string?> environmentVariables;

    public Rollback(OperatorSetup setup, Func<string, string?> environmentVariables)
    {
        this.setup = setup;
        this.environmentVariables = environmentVariables;
    }

    public async Task<OperationResult> RunAsync(string environmentName, string? trackSelector, string? toVersion, string? by, string? reason, string reportPath)
    {
        var result = new OperationResult("rollback", environmentName);
        GovernancePolicy policy = setup.Policy!;
        IReleaseStore store = setup.Store!;
        EnvironmentPolicy? environment = setup.EnvironmentNamed(environmentName);
        if (environment is null)
        {
            return result.Refused(PromotionChecks.UnknownEnvironment(policy, environmentName));
        }

        string? packageId = null;
        int? major = null;
        if (trackSelector is not null && (packageId = ReleaseTrack.ParseSelector(trackSelector, out major, out string? badTrack)) is null)
        {
            return result.Refused(new Diagnostic(Gov.InvalidSetting, $"--track: {badTrack}.", null));
        }

        string? actor = Actor.Resolve(by, environmentVariables, out Diagnostic? actorProblem);
        LedgerSigner? signer = LedgerSigning.FromEnvironment(environmentVariables, setup.TrustedKeys, out Diagnostic? keyProblem);
        if (actor is null || keyProblem is not null)
        {
            return result.Refused(actorProblem ?? keyProblem!);
        }

        result.By = actor;
        if (environment.Feed is null)
        {
            return result.Refused(new Diagnostic(Gov.InvalidSetting, $"'{environment.Name}' names no feed to roll back on. Add environments[].feed to the policy.", policy.FilePath is null ? null : new SourceLocation(policy.FilePath)));
        }

        store.Refresh();
        LedgerRead ledger = Ledger.Read(store, environment.Name, setup.TrustedKeys);
        var state = EnvironmentState.From(ledger);
        LastKnownGood lastKnownGood = state.LastKnownGood(packageId, major, toVersion);
        if (lastKnownGood.Target is null)
        {
            return result.Refused(lastKnownGood.Problem!);
        }

        Release release = lastKnownGood.Target.Release;
        result.Release = release;
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using StagingArea staging = StagingArea.Create();
        var packages = new List<StagedPackage>();
        var problems = new List<Diagnostic>();
        foreach (ReleaseBundle bundle in release.Bundles)
        {
            StagedPackage? staged = await FetchAndVerifyAsync(bundle, environment, staging, now, problems, result).ConfigureAwait(false);
            if (staged is not null)
            {
                packages.Add(staged);
            }
        }

        if (problems.Count > 0)
        {
            WriteReport(reportPath, "no-go", result, state, release, null, problems);
            return result.Refused(problems.ToArray());
        }

        PackageFeed feed = PackageFeed.Open(environment.Feed, environment.ApiKeyEnvironmentVariable, setup.GovernanceRoot, environmentVariables);
        try
        {
            // All or nothing: a feed that holds other bytes under one of the versions is found
            // before anything is re-published.
            foreach (StagedPackage package in packages)
            {
                if (await feed.FindAsync(package.Identity.Id, package.Identity.Version).ConfigureAwait(false) is FeedPackage held
                    && !string.Equals(held.ContentHash, package.ContentHash, StringComparison.Ordinal))
                {
                    problems.Add(new Diagnostic(Gov.BundleImmutability,
                        $"{feed.Description} holds {package.Identity.Id} {package.Identity.Version.ToNormalizedString()} with other content than the release recorded (NuGet content hash {held.ContentHash}; the release's is {package.ContentHash}): it was replaced on the feed. Remove or restore that package on the feed, then roll back again. Nothing was re-published.", null));
                }
            }

            if (problems.Count > 0)
            {
                WriteReport(reportPath, "no-go", result, state, release, null, problems);
                return result.Refused(problems.ToArray());
            }

            foreach (StagedPackage package in packages)
            {
                PublishResult published = await feed.PublishAsync(package).ConfigureAwait(false);
                result.Published.Add($"{package.Identity.Id} {package.Identity.Version.ToNormalizedString()}: {OperationResult.Describe(published.Outcome)}");
            }
        }
        catch (PackageFeedException ex)
        {
            problems.Add(new Diagnostic(ex.Descriptor ?? Gov.StoreUnavailable, ex.Message, null));
            WriteReport(reportPath, "no-go", result, state, release, null, problems);
            return result.Refused(problems.ToArray());
        }

        FaultPoint.Reach(FaultPoint.RollbackRepublished);
        (CanaryReport canary, IReadOnlyList<Diagnostic> failed) = await EnvironmentCanary.RunAsync(
            policy, environment, packages.Select(p => p.Identity).ToArray(), feed.Description, RepositoryRoot.Of(setup.GovernanceRoot)).ConfigureAwait(false);
        result.Canary = canary;
        if (failed.Count > 0)
        {
            // The environment stays where it was: no entry, the ledger's current state unchanged.
            WriteReport(reportPath, "no-go", result, state, release, canary, failed);
            return result.Refused(failed.ToArray());
        }

        IReadOnlyList<PreviousCurrent> replaced = state.PreviousCurrentFor(release);
        var unlisted = new List<ReleaseBundle>();
        foreach (PreviousCurrent previous in replaced)
        {
            if (previous.Bundle is ReleaseBundle old && !release.Bundles.Any(b => b.SameBundle(old)))
            {
                try
                {
                    if (await feed.UnlistAsync(old.PackageId, NuGetVersion.Parse(old.Version)).ConfigureAwait(false) != ListingOutcome.NotFound)
                    {
                        unlisted.Add(old);
                    }
                }
                catch (PackageFeedException ex)
                {
                    result.Warnings.Add($"{old} could not be unlisted from {feed.Description}: {ex.Message}");
                }
            }
        }

        var entry = new LedgerEntry(LedgerAction.Rollback, release, now, actor) { Reason = reason, PreviousCurrent = replaced, Unlisted = unlisted };
        LedgerAppend appended = Ledger.AppendIfUnmoved(store, environment.Name, entry, LedgerCheckpoint.Of(ledger), signer, setup.TrustedKeys);
        if (appended.Status is LedgerAppendStatus.Broken or LedgerAppendStatus.Moved)
        {
            Diagnostic problem = appended.Problem ?? new Diagnostic(Gov.StoreUnavailable,
                $"The ledger of '{environment.Name}' moved while rolling back (another promotion or rollback ran): nothing was recorded. Check governance status --env {environment.Name}, then run the rollback again if it is still needed.", null);
            WriteReport(reportPath, "no-go", result, state, release, canary, new[] { problem });
            return result.Refused(problem);
        }

        result.Entry = appended.Entry;
        WriteReport(reportPath, "go", result, state, release, canary, Array.Empty<Diagnostic>());
        return result.Succeeded();
    }

    /// <summary>
    /// The release's package, from the first source that has exactly the bytes its manifest (kept in
    /// the store, and named by digest in the ledger) records, staged and re-verified; null with the
    /// problems when it cannot be.
    /// </summary>
    private async Task<StagedPackage?> FetchAndVerifyAsync(ReleaseBundle bundle, EnvironmentPolicy environment, StagingArea staging, DateTimeOffset now, List<Diagnostic> problems, OperationResult result)
    {
        StoreRecord? record = BundleRecords.Find(setup.Store!, bundle.PackageId, bundle.Version);
        if (record is null || !string.Equals(record.Sha256, bundle.ManifestSha256, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new Diagnostic(record is null ? Gov.LastKnownGoodUnavailable : Gov.StoreTampered, record is null
                ? $"The release store {setup.Store!.Description} does not hold the manifest of {bundle}, which the ledger of '{environment.Name}' names: it cannot be re-verified. Copy the store from a machine that has it (governance store copy)."
                : $"The manifest of {bundle} in the release store {setup.Store!.Description} is not the one the ledger of '{environment.Name}' names (sha256 {record.Sha256}, the ledger says {bundle.ManifestSha256}). Restore the store from a verified copy.", null));
            return null;
        }

        string folder = Path.Combine(staging.Directory, "rollback-" + bundle.ManifestSha256.Substring(0, 16));
        Directory.CreateDirectory(folder);
        string stem = bundle.PackageId + "." + NuGetVersion.Parse(bundle.Version).ToNormalizedString();
        string manifestFile = Path.Combine(folder, stem + BundleManifest.ManifestSuffix);
        File.WriteAllBytes(manifestFile, record.Content);
        BundleManifest? manifest = BundleManifest.Parse(manifestFile, record.Content, out IReadOnlyList<Diagnostic> unreadable, out _);
        if (manifest is null)
        {
            problems.AddRange(unreadable);
            return null;
        }

        // Today's policy decides: keys revoked or expired since the release are not trusted now.
        string? envelope = setup.Store!.ListRecords(BundleRecords.EnvelopesPrefix(manifest.Name, manifest.Version)).FirstOrDefault();
        if (envelope is not null && setup.Store.ReadRecord(envelope) is StoreRecord signature)
        {
            File.WriteAllBytes(BundleManifest.EnvelopePathFor(manifestFile), signature.Content);
        }

        BundleVerifier.VerifySignature(manifestFile, manifest, bundle.ManifestSha256, setup.TrustedKeys,
            setup.Policy!.SignatureRequiredFor(environment), setup.Store, now, problems);
        if (problems.Count > 0)
        {
            return null;
        }

        BundleFile? nupkg = manifest.Files.FirstOrDefault(f => string.Equals(f.Path, stem + ".nupkg", StringComparison.OrdinalIgnoreCase));
        if (nupkg is null)
        {
            problems.Add(new Diagnostic(Gov.BundleFileSetMismatch, $"The manifest of {bundle} lists no {stem}.nupkg.", null));
            return null;
        }

        var tried = new List<string>();
        foreach ((string name, PackageFeed feed) in SourceFeeds(environment))
        {
            tried.Add(feed.Description);
            try
            {
                DownloadedPackage? downloaded = await feed.DownloadAsync(bundle.PackageId, NuGetVersion.Parse(bundle.Version), folder).ConfigureAwait(false);
                if (downloaded is not null && string.Equals(downloaded.Sha256, nupkg.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    Place(downloaded.PackagePath, Path.Combine(folder, stem + ".nupkg"));
                    result.Warnings.AddRange(name == environment.Name ? Array.Empty<string>() : new[] { $"{bundle} was not in '{environment.Name}''s feed; it was fetched from '{name}' ({feed.Description})." });
                    return Stage(staging, manifestFile, manifest, problems);
                }

                if (downloaded is not null)
                {
                    File.Delete(downloaded.PackagePath);
                    result.Warnings.Add($"{feed.Description} holds {bundle} with other bytes than its manifest records: not used.");
                }
            }
            catch (PackageFeedException ex)
            {
                result.Warnings.Add(ex.Message);
            }
        }

        tried.Add("the release store");
        if (setup.Store.ReadRecord(BundleRecords.PackageKey(manifest.Name, manifest.Version, stem + ".nupkg")) is StoreRecord copy
            && string.Equals(copy.Sha256, nupkg.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            File.WriteAllBytes(Path.Combine(folder, stem + ".nupkg"), copy.Content);
            result.Warnings.Add($"{bundle} was taken from the release store's copy: no feed had the bytes its manifest records.");
            return Stage(staging, manifestFile, manifest, problems);
        }

        problems.Add(new Diagnostic(Gov.LastKnownGoodUnavailable,
            $"{bundle}, of the last known good release, is in none of its sources with the bytes its manifest records ({string.Join(", ", tried)}). Restore it to a feed, or promote a fixed release instead.", null));
        return null;
    }

    private static StagedPackage? Stage(StagingArea staging, string manifestFile, BundleManifest manifest, List<Diagnostic> problems)
    {
        try
        {
            return staging.Stage(manifestFile, manifest, symbolsOptional: true);
        }
        catch (StagingException ex)
        {
            problems.Add(new Diagnostic(ex.Descriptor, ex.Message, null));
            return null;
        }
    }

    private static void Place(string downloaded, string destination)
    {
        if (!string.Equals(Path.GetFullPath(downloaded), Path.GetFullPath(destination), StringComparison.Ordinal))
        {
            File.Move(downloaded, destination, overwrite: true);
        }
    }

    /// <summary>The environment's feed, then those of the environments it comes after, nearest first.</summary>
    private IEnumerable<(string Name, PackageFeed Feed)> SourceFeeds(EnvironmentPolicy environment)
    {
        var seen = new HashSet<string>(EnvironmentPolicy.NameComparer);
        for (EnvironmentPolicy? at = environment; at is not null && seen.Add(at.Name); at = at.After is null ? null : setup.EnvironmentNamed(at.After))
        {
            if (at.Feed is not null)
            {
                yield return (at.Name, PackageFeed.Open(at.Feed, at.ApiKeyEnvironmentVariable, setup.GovernanceRoot, environmentVariables));
            }
        }
    }

    private static void WriteReport(string path, string decision, OperationResult result, EnvironmentState before, Release release, CanaryReport? canary, IReadOnlyList<Diagnostic> problems)
    {
        byte[] json = CanonicalJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("schemaVersion", "1");
            w.WriteString("decision", decision);
            w.WriteString("environment", result.Environment);
            w.WriteOptionalString("by", result.By);
            ResultJson.WriteRelease(w, release);
            w.WriteStartArray("previousCurrent");
            foreach (PreviousCurrent previous in before.PreviousCurrentFor(release))
            {
                w.WriteStartObject();
                w.WriteString("track", previous.Track.Key);
                w.WriteOptionalString("version", previous.Bundle?.Version);
                w.WriteOptionalString("manifestSha256", previous.Bundle?.ManifestSha256);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("checks");
            foreach (CanaryCheckResult check in canary?.Checks ?? Array.Empty<CanaryCheckResult>())
            {
                w.WriteStartObject();
                w.WriteString("command", check.Check.Command);
                w.WriteString("status", check.Status.ToString().ToLowerInvariant());
                w.WriteEndObject();
            }

            w.WriteEndArray();
            ResultJson.WriteFindings(w, problems);
            w.WriteEndObject();
        });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllBytes(path, json);
    }
}
