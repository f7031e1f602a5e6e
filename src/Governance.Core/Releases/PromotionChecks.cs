using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Policy;
using NuGet.Versioning;

namespace Governance.Core.Releases;

/// <summary>
/// Whether a release may be promoted to an environment (contract section 9, <c>governance promote</c>):
/// pure functions of a <see cref="PromotionRequest"/>. Each refusal names the bundle or ledger it
/// is about and says what to do. Run again just before the final ledger entry is appended (the
/// <c>after</c> ledger or the approvals may have moved: <see cref="Ledger.AppendIfUnmoved"/>).
/// </summary>
public static class PromotionChecks
{
    /// <summary>Every check; the environment unknown (GOV7005) ends it there.</summary>
    public static PromotionDecision Check(PromotionRequest request)
    {
        EnvironmentPolicy? environment = request.Policy.FindEnvironment(request.Environment);
        if (environment is null)
        {
            return new PromotionDecision(null, new[] { UnknownEnvironment(request.Policy, request.Environment) }, Array.Empty<RecordedApproval>());
        }

        var problems = new List<Diagnostic>();
        if (request.Target.Ledger.Problem is Diagnostic broken)
        {
            problems.Add(broken);
        }

        problems.AddRange(Order(environment, request.Release, request.After));
        problems.AddRange(GateReports(environment, request.Bundles, request.CommitOnBlockingBranch));
        problems.AddRange(Signatures(request.Policy, environment, request.Bundles));
        problems.AddRange(Soak(environment, request.Release, request.After, request.Now));
        problems.AddRange(Freeze(request.Policy, environment, request.Now));
        problems.AddRange(Completeness(environment, request.Release, request.Bundles, request.Target, request.GovernedPackages));
        ApprovalDecision approval = ApprovalCheck.Check(
            environment, request.Release, request.Policy.Sha256 ?? string.Empty, request.Promoter, request.Approvals, request.Approvers, request.Target, request.Now);
        problems.AddRange(approval.Problems);
        return new PromotionDecision(environment, problems, problems.Count == 0 ? approval.Consumed : Array.Empty<RecordedApproval>());
    }

    /// <summary>GOV7005: <paramref name="name"/> is no environment of the policy.</summary>
    public static Diagnostic UnknownEnvironment(GovernancePolicy policy, string name) => new(
        Gov.UnknownEnvironment,
        policy.Environments.Count == 0
            ? $"There is no environment '{name}': the policy defines no environments. Add environments[] to the policy (docs/policy.md)."
            : $"There is no environment '{name}' in the policy; it defines {string.Join(", ", policy.Environments.Select(e => e.Name))}. Name one of them.",
        policy.FilePath is null ? null : new SourceLocation(policy.FilePath));

    /// <summary>
    /// GOV7001: the release must hold <c>after</c>, or have held it without being rolled back from
    /// there. The <c>after</c> ledger must verify (GOV7003): order is read from it.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Order(EnvironmentPolicy environment, Release release, EnvironmentState? after)
    {
        if (environment.After is null)
        {
            return Array.Empty<Diagnostic>();
        }

        if (after is null || !EnvironmentPolicy.NameComparer.Equals(after.Environment, environment.After))
        {
            throw new ArgumentException($"The state of '{environment.After}', which '{environment.Name}' comes after, is needed.", nameof(after));
        }

        if (after.Ledger.Problem is Diagnostic broken)
        {
            return new[] { broken };
        }

        if (after.HoldsOrHeld(release.Id))
        {
            return Array.Empty<Diagnostic>();
        }

        string why = after.HistoryOf(release.Id) is ReleaseHistory { RolledBackAt: DateTimeOffset rolledBack }
            ? $"it was rolled back from '{after.Environment}' ({GateClock.Format(rolledBack)}), so it does not count as having reached it. Promote a fixed release through '{after.Environment}' first"
            : $"it has not reached '{after.Environment}', which '{environment.Name}' comes after. Promote it there first: governance promote {string.Join(" ", release.Bundles.Select(b => b.PackageId + "." + b.Version + ".bundle.json"))} --to {after.Environment}";
        return new[] { new Diagnostic(Gov.PromotionOutOfOrder, $"{release} cannot be promoted to '{environment.Name}': {why}.", null) };
    }

    /// <summary>
    /// GOV7002: each bundle carries a gate report deciding <c>go</c>, for the bundle's commit, that
    /// judged the builds the bundle packs (its lineage digests among the report's projects); where
    /// <c>requireBlockingGo</c> is set, of a blocking run, and the commit on a blocking branch.
    /// </summary>
    public static IReadOnlyList<Diagnostic> GateReports(EnvironmentPolicy environment, IReadOnlyList<PromotionBundle> bundles, IReadOnlyDictionary<string, bool> commitOnBlockingBranch)
    {
        var problems = new List<Diagnostic>();
        foreach (PromotionBundle bundle in bundles)
        {
            string name = Path.GetFileName(bundle.ManifestPath);
            void Refuse(string why) => problems.Add(new Diagnostic(Gov.GateDecisionMissing, $"{name} cannot be promoted to '{environment.Name}': {why}", new SourceLocation(bundle.ManifestPath)));

            GateReport? report = bundle.GateReport;
            if (report is null)
            {
                Refuse(bundle.Manifest.GateReportSha256 is null
                    ? "it carries no decision of the release gate (it was packed without a gate run for this build). Run dotnet build -t:ReleaseGate, then dotnet pack --no-build, and promote the new bundle."
                    : $"its gate report cannot be read: {bundle.GateReportProblem ?? "it is missing"}. Pack again right after the gate.");
                continue;
            }

            if (!report.IsGo)
            {
                Refuse($"its gate report decided '{report.Decision}'. Fix what the report lists, run the gate again and pack.");
                continue;
            }

            string commit = bundle.Manifest.Metadata.Commit;
            if (commit.Length == 0 || !string.Equals(report.Subject.Commit, commit, StringComparison.OrdinalIgnoreCase))
            {
                Refuse($"it was packed from commit '{commit}', but its gate report decided on commit '{report.Subject.Commit}': a decision vouches only for the commit it judged. Run the gate and pack from one commit.");
                continue;
            }

            var judged = new HashSet<(string, string)>(report.Projects.Where(p => p.Sha256 is not null).Select(p => (p.TargetFramework ?? string.Empty, p.Sha256!)));
            if (bundle.Manifest.Lineage.Count == 0 || bundle.Manifest.Lineage.Any(l => !judged.Contains((l.TargetFramework, l.Sha256))))
            {
                Refuse($"its package's project is not among the projects its gate report judged (the builds packed are not those the gate decided on). Run the gate over the project (or its solution) and pack right after it.");
                continue;
            }

            if (environment.RequireBlockingGo)
            {
                if (report.Mode != GateMode.Blocking)
                {
                    Refuse($"'{environment.Name}' requires a go of a blocking gate run (requireBlockingGo), and this go is of an {Names.Of(report.Mode)} run. Run the gate on a blocking branch (gate.blockingBranches), then pack.");
                }
                else if (!commitOnBlockingBranch.TryGetValue(commit, out bool reachable) || !reachable)
                {
                    Refuse($"'{environment.Name}' requires a blocking go (requireBlockingGo), and commit {commit} is not reachable from a blocking branch of the repository: a gate report is self-attested, so the commit itself must be on a blocking branch. Merge it, then run the gate and pack there.");
                }
            }
        }

        return problems;
    }

    /// <summary>GOV4003: where a signature is required (the environment's <c>requireSignature</c>, else <c>bundles.requireSignature</c>), every bundle is signed by a trusted key.</summary>
    public static IReadOnlyList<Diagnostic> Signatures(GovernancePolicy policy, EnvironmentPolicy environment, IReadOnlyList<PromotionBundle> bundles) =>
        !policy.SignatureRequiredFor(environment)
            ? Array.Empty<Diagnostic>()
            : bundles.Where(b => b.SignedBy is null).Select(b => new Diagnostic(
                Gov.BundleSignatureInvalid,
                $"{Path.GetFileName(b.ManifestPath)} is not signed by a trusted key, and '{environment.Name}' requires signed bundles (requireSignature). Pack it with a signing key (GovernanceSigningKey) listed in trustedKeys, then promote the signed bundle.",
                new SourceLocation(b.ManifestPath))).ToArray();

    /// <summary>GOV7008: the release has spent <c>minSoakMinutes</c> of wall-clock time in <c>after</c> since it first became current there.</summary>
    public static IReadOnlyList<Diagnostic> Soak(EnvironmentPolicy environment, Release release, EnvironmentState? after, DateTimeOffset now)
    {
        if (environment.MinSoakMinutes is not int minutes || after?.HistoryOf(release.Id) is not ReleaseHistory history)
        {
            // Without a soak there is nothing to wait for; without a history in 'after' the order check refuses.
            return Array.Empty<Diagnostic>();
        }

        DateTimeOffset ready = history.FirstCurrentAt.AddMinutes(minutes);
        if (now >= ready)
        {
            return Array.Empty<Diagnostic>();
        }

        double soaked = Math.Max(0, (now - history.FirstCurrentAt).TotalMinutes);
        return new[]
        {
            new Diagnostic(
                Gov.SoakNotReached,
                $"{release} reached '{after.Environment}' at {GateClock.Format(history.FirstCurrentAt)}, {Math.Floor(soaked).ToString(System.Globalization.CultureInfo.InvariantCulture)} minutes ago; '{environment.Name}' requires {minutes} minutes there first (minSoakMinutes). Promote at or after {GateClock.Format(ready)}.",
                null),
        };
    }

    /// <summary>GOV7010: nothing is promoted inside a freeze window of the environment.</summary>
    public static IReadOnlyList<Diagnostic> Freeze(GovernancePolicy policy, EnvironmentPolicy environment, DateTimeOffset now) =>
        environment.Freeze.Where(w => w.Contains(now)).Select(w => new Diagnostic(
            Gov.FreezeWindow,
            $"'{environment.Name}' is frozen from {GateClock.Format(w.From)} until {GateClock.Format(w.Until)} ({w.Reason}). Promote after the window ends, or change the policy's freeze windows through review.",
            policy.FilePath is null ? null : new SourceLocation(policy.FilePath, w.Line))).ToArray();

    /// <summary>
    /// GOV7011: every dependency of a bundle on a governed package (one that any bundle of the release
    /// or any entry of the environment's ledger names) resolves within the release or to the
    /// environment's current state. Dependencies on other packages are the feed's business.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Completeness(EnvironmentPolicy environment, Release release, IReadOnlyList<PromotionBundle> bundles, EnvironmentState target, IReadOnlyCollection<string>? recorded = null)
    {
        var governed = new HashSet<string>(recorded ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
        foreach (ReleaseBundle bundle in release.Bundles.Concat(target.Ledger.Entries.SelectMany(e => e.Entry.Release.Bundles)))
        {
            governed.Add(bundle.PackageId);
        }

        var problems = new List<Diagnostic>();
        foreach (PromotionBundle bundle in bundles)
        {
            foreach (PackageDependency dependency in bundle.Dependencies.Where(d => governed.Contains(d.Id) && !string.Equals(d.Id, bundle.Bundle.PackageId, StringComparison.OrdinalIgnoreCase)))
            {
                // A dependency without a version is on any version, as NuGet reads it.
                VersionRange? range = dependency.Range.Length == 0 ? VersionRange.All : null;
                if (range is null && !VersionRange.TryParse(dependency.Range, out range))
                {
                    problems.Add(Incomplete(bundle, $"declares a dependency on {dependency.Id} with the version range '{dependency.Range}', which NuGet cannot read. Fix the dependency and pack again."));
                    continue;
                }

                bool Satisfies(ReleaseBundle candidate) =>
                    string.Equals(candidate.PackageId, dependency.Id, StringComparison.OrdinalIgnoreCase) && NuGetVersion.TryParse(candidate.Version, out NuGetVersion? version) && range.Satisfies(version);
                if (release.Bundles.Any(Satisfies) || target.Current.Any(c => Satisfies(c.Bundle)))
                {
                    continue;
                }

                string[] current = target.Current.Where(c => string.Equals(c.Bundle.PackageId, dependency.Id, StringComparison.OrdinalIgnoreCase)).Select(c => c.Bundle.Version).ToArray();
                problems.Add(Incomplete(bundle,
                    $"depends on {dependency.Id} {range.PrettyPrint()}, which is neither in the release nor current in '{environment.Name}' ({(current.Length == 0 ? $"no {dependency.Id} is current there" : $"current there: {dependency.Id} {string.Join(", ", current)}")}). Promote the bundle of {dependency.Id} with it in one command (governance promote <both bundles> --to {environment.Name}), or promote that first."));
            }
        }

        return problems;

        Diagnostic Incomplete(PromotionBundle bundle, string why) => new(
            Gov.ReleaseIncomplete, $"{Path.GetFileName(bundle.ManifestPath)} ({bundle.Bundle}) {why}", new SourceLocation(bundle.ManifestPath));
    }
}
