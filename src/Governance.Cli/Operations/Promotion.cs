using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Governance.Cli.Publishing;
using Governance.Core.Bundles;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Policy;
using Governance.Core.Releases;
using Governance.Core.Store;
using NuGet.Versioning;

namespace Governance.Cli.Operations;

/// <summary>
/// <c>governance promote</c>: one release (the bundles named) into one environment, all or nothing.
/// The order of work is what makes it safe to interrupt and re-run:
/// <list type="number">
/// <item>stage and verify every bundle (the copy is what is judged and published);</item>
/// <item>judge the promotion (<see cref="PromotionChecks"/>) on the ledgers and approvals as read now;</item>
/// <item>append <c>promote-started</c>, so an interrupted promotion shows in <c>status</c>;</item>
/// <item>record the bundles in the store, publish the packages, run the canary;</item>
/// <item>append <c>promote</c> only if nothing the checks read has moved (else judge again), or
/// <c>promote-failed</c> with the packages unlisted when the canary fails.</item>
/// </list>
/// A re-run repeats each step idempotently: records and packages that are there are kept, and an
/// entry the ledger's newest entry already records is not appended again.
/// </summary>
internal sealed class Promotion
{
    /// <summary>How many times the checks are repeated when another writer moved a ledger under them.</summary>
    private const int MaxRechecks = 5;

    private readonly OperatorSetup setup;
    private readonly Func<string, string?> environmentVariables;

    public Promotion(OperatorSetup setup, Func<string, string?> environmentVariables)
    {
        this.setup = setup;
        this.environmentVariables = environmentVariables;
    }

    public async Task<OperationResult> RunAsync(IReadOnlyList<string> manifests, string environmentName, string? by, string? reason, bool dryRun)
    {
        var result = new OperationResult("promote", environmentName);
        GovernancePolicy policy = setup.Policy!;
        IReleaseStore store = setup.Store!;
        EnvironmentPolicy? environment = setup.EnvironmentNamed(environmentName);
        if (environment is null)
        {
            return result.Refused(PromotionChecks.UnknownEnvironment(policy, environmentName));
        }

        string? promoter = Actor.Resolve(by, environmentVariables, out Diagnostic? actorProblem);
        LedgerSigner? signer = LedgerSigning.FromEnvironment(environmentVariables, setup.TrustedKeys, out Diagnostic? keyProblem);
        if (promoter is null || keyProblem is not null)
        {
            return result.Refused(actorProblem ?? keyProblem!);
        }

        result.By = promoter;
        if (environment.Feed is null && !dryRun)
        {
            return result.Refused(new Diagnostic(Gov.InvalidSetting, $"'{environment.Name}' names no feed to publish to. Add environments[].feed (a folder or a NuGet v3 source) to the policy.", policy.FilePath is null ? null : new SourceLocation(policy.FilePath)));
        }

        using StagingArea staging = StagingArea.Create();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        ReleaseBundles.Prepared prepared = ReleaseBundles.Prepare(manifests, setup, policy.SignatureRequiredFor(environment), staging, now);
        if (prepared.Problems.Count > 0)
        {
            return result.Refused(prepared.Problems.ToArray());
        }

        Release? release = Release.TryCreate(prepared.Bundles.Select(b => b.Bundle), out string? notARelease);
        if (release is null)
        {
            return result.Refused(new Diagnostic(Gov.ReleaseIncomplete, $"The bundles named are not one release: {notARelease}.", null));
        }

        result.Release = release;
        string repository = RepositoryRoot.Of(setup.GovernanceRoot);
        IReadOnlyDictionary<string, bool> reach = environment.RequireBlockingGo
            ? CommitReach.OnBlockingBranches(prepared.Bundles.Select(b => b.Manifest.Metadata.Commit), policy.BlockingBranches, repository)
            : new Dictionary<string, bool>();

        // The release's packages the feed holds with this run's content (published, relisted or
        // already there): what a failure unlists. One the feed refused is someone else's, never unlisted.
        var published = new List<ReleaseBundle>();
        LedgerEntry entry(EnvironmentState target, PromotionDecision decision) => new(LedgerAction.Promote, release, now, promoter)
        {
            Reason = reason,
            PreviousCurrent = target.PreviousCurrentFor(release),
            ApprovalsConsumed = decision.Consumed.Select(a => a.Sha256).OrderBy(d => d, StringComparer.Ordinal).ToArray(),
        };

        for (int attempt = 0; ; attempt++)
        {
            // Judge on what the store says now: the target's and the after environment's ledgers, the approvals.
            store.Refresh();
            var readProblems = new List<Diagnostic>();
            LedgerRead targetLedger = Ledger.Read(store, environment.Name, setup.TrustedKeys);
            var target = EnvironmentState.From(targetLedger);
            LedgerRead? afterLedger = environment.After is null ? null : Ledger.Read(store, environment.After, setup.TrustedKeys);
            // Approvals are read only where they are needed: an unreadable one elsewhere blocks nothing.
            IReadOnlyList<RecordedApproval> approvals = environment.RequireApproval ? ApprovalStore.Read(store, environment.Name, readProblems) : Array.Empty<RecordedApproval>();
            IReadOnlyList<ApproverKey> approvers = environment.RequireApproval ? ApproverKeyLoader.Load(policy, environment, readProblems) : Array.Empty<ApproverKey>();
            PromotionDecision decision = PromotionChecks.Check(new PromotionRequest(policy, environment.Name, release, prepared.Bundles, target, now, promoter)
            {
                After = afterLedger is null ? null : EnvironmentState.From(afterLedger),
                Approvals = approvals,
                Approvers = approvers,
                CommitOnBlockingBranch = reach,
                GovernedPackages = BundleRecords.PackageIds(store),
            });
            result.Checks = decision;

            // A re-run of a promotion that completed converges: its approval is consumed and the
            // soak may have restarted, but nothing is left to do.
            if (target.IsVerified && target.IsWhollyCurrent(release))
            {
                result.Note = $"{release} is already current in '{environment.Name}': nothing to do.";
                return result.Succeeded();
            }

            if (readProblems.Count > 0 || !decision.Allowed)
            {
                Diagnostic[] refusals = readProblems.Concat(decision.Problems).ToArray();

                // Refused on a re-check, after this run published: the promotion failed, and what
                // it published that is not current is unlisted, as after a failed canary.
                return published.Count == 0
                    ? result.Refused(refusals)
                    : await FailAsync(environment, entry(target, decision), refusals, published, target, signer, result).ConfigureAwait(false);
            }

            if (dryRun)
            {
                result.Note = $"Dry run: every check passed; {string.Join(", ", prepared.Staged.Select(s => System.IO.Path.GetFileName(s.Package!.PackagePath)))} would be published to {environment.Feed ?? "(no feed)"} and become current in '{environment.Name}'. Nothing was changed.";
                return result.Succeeded();
            }

            LedgerEntry promote = entry(target, decision);
            if (attempt == 0)
            {
                LedgerAppend started = Ledger.Append(store, environment.Name, promote with { Action = LedgerAction.PromoteStarted, ApprovalsConsumed = Array.Empty<string>() }, signer, setup.TrustedKeys);
                if (started.Status == LedgerAppendStatus.Broken)
                {
                    return result.Refused(started.Problem!);
                }

                targetLedger = started.Ledger;
                FaultPoint.Reach(FaultPoint.PromoteStarted);
                IReadOnlyList<Diagnostic> delivered = await DeliverAsync(environment, prepared, store, now, result, published).ConfigureAwait(false);
                if (delivered.Count > 0)
                {
                    return await FailAsync(environment, promote, delivered, published, target, signer, result).ConfigureAwait(false);
                }

                FaultPoint.Reach(FaultPoint.PromoteCanaryPassed);
            }

            LedgerAppend final = Ledger.AppendIfUnmoved(store, environment.Name, promote, LedgerCheckpoint.Of(targetLedger, afterLedger is null ? Array.Empty<StreamHead>() : new[] { afterLedger.Head }), signer, setup.TrustedKeys);
            switch (final.Status)
            {
                case LedgerAppendStatus.Appended:
                case LedgerAppendStatus.AlreadyRecorded:
                    result.Entry = final.Entry;
                    return result.Succeeded();
                case LedgerAppendStatus.Broken:
                    return result.Refused(final.Problem!);
                case LedgerAppendStatus.Moved when attempt < MaxRechecks:
                    // Another promotion or rollback moved a ledger the checks read: judge again.
                    continue;
                default:
                    return result.Refused(new Diagnostic(Gov.StoreUnavailable,
                        $"The ledgers of '{environment.Name}' kept moving under this promotion ({MaxRechecks + 1} attempts): other promotions are running. Run the command again; it continues where it stopped.", null));
            }
        }
    }

    /// <summary>
    /// Records each bundle (and its package, for a rollback that finds no feed with it) in the
    /// store, publishes the staged packages to the environment's feed and runs its checks. Returns
    /// the problems: a feed that refuses (GOV4004 for other content under a released version), a
    /// failed canary (GOV7004).
    /// </summary>
    private async Task<IReadOnlyList<Diagnostic>> DeliverAsync(EnvironmentPolicy environment, ReleaseBundles.Prepared prepared, IReleaseStore store, DateTimeOffset now, OperationResult result, List<ReleaseBundle> published)
    {
        var problems = new List<Diagnostic>();
        foreach (StagedBundle staged in prepared.Staged)
        {
            BundleVerification recorded = BundleVerifier.Verify(staged.ManifestPath, setup.TrustedKeys, store, record: true, now, requireGo: false, setup.Policy!.SignatureRequiredFor(environment), staged.FileSha256);
            problems.AddRange(recorded.Findings);
            ReleaseStoreCopies.Record(store, staged);
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        FaultPoint.Reach(FaultPoint.PromoteRecorded);
        PackageFeed feed;
        try
        {
            feed = PackageFeed.Open(environment.Feed!, environment.ApiKeyEnvironmentVariable, setup.GovernanceRoot, environmentVariables);
        }
        catch (PackageFeedException ex)
        {
            return new[] { new Diagnostic(ex.Descriptor ?? Gov.InvalidSetting, ex.Message, null) };
        }

        foreach (StagedBundle staged in prepared.Staged)
        {
            try
            {
                PublishResult outcome = await feed.PublishAsync(staged.Package!).ConfigureAwait(false);
                result.Published.Add($"{staged.Package!.Identity.Id} {staged.Package.Identity.Version.ToNormalizedString()}: {OperationResult.Describe(outcome.Outcome)}");

                // Already there counts too: the same content is this release's package (a re-run's).
                published.Add(prepared.Bundles.First(b => b.Manifest == staged.Manifest).Bundle);
            }
            catch (PackageFeedException ex)
            {
                problems.Add(new Diagnostic(ex.Descriptor ?? Gov.StoreUnavailable, ex.Message, null));
                return problems;
            }
        }

        FaultPoint.Reach(FaultPoint.PromotePublished);
        (CanaryReport report, IReadOnlyList<Diagnostic> failed) = await EnvironmentCanary.RunAsync(
            setup.Policy!, environment, prepared.Staged.Select(s => s.Package!.Identity).ToArray(), feed.Description, RepositoryRoot.Of(setup.GovernanceRoot)).ConfigureAwait(false);
        result.Canary = report;
        return failed;
    }

    /// <summary>
    /// The promotion failed after this run published (a feed refusal, a failed canary, a refusal on
    /// re-check): the packages it put on the feed that are not current on their track are unlisted
    /// (pushing is not deploying), and a <c>promote-failed</c> entry records why and what was unlisted.
    /// </summary>
    private async Task<OperationResult> FailAsync(
        EnvironmentPolicy environment, LedgerEntry promote, IReadOnlyList<Diagnostic> problems, IReadOnlyList<ReleaseBundle> published, EnvironmentState target, LedgerSigner? signer, OperationResult result)
    {
        var unlisted = new List<ReleaseBundle>();
        if (published.Count > 0)
        {
            PackageFeed feed = PackageFeed.Open(environment.Feed!, environment.ApiKeyEnvironmentVariable, setup.GovernanceRoot, environmentVariables);
            foreach (ReleaseBundle bundle in published.Where(b => target.CurrentOn(b.Track!)?.Bundle.SameBundle(b) != true))
            {
                try
                {
                    if (await feed.UnlistAsync(bundle.PackageId, NuGetVersion.Parse(bundle.Version)).ConfigureAwait(false) != ListingOutcome.NotFound)
                    {
                        unlisted.Add(bundle);
                    }
                }
                catch (PackageFeedException ex)
                {
                    result.Warnings.Add($"{bundle} could not be unlisted from {feed.Description}: {ex.Message}");
                }
            }
        }

        LedgerAppend failed = Ledger.Append(setup.Store!, environment.Name, promote with
        {
            Action = LedgerAction.PromoteFailed,
            ApprovalsConsumed = Array.Empty<string>(),
            Reason = string.Join(" ", problems.Select(d => d.Code).Distinct()),
            Unlisted = unlisted,
        }, signer, setup.TrustedKeys);
        return result.Refused(failed.Problem is null ? problems.ToArray() : problems.Append(failed.Problem).ToArray());
    }
}
