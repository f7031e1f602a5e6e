using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Checks;
using Governance.Core.Diagnostics;
using Governance.Core.Exceptions;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Lineage;
using Governance.Core.Policy;
using Governance.Core.Slos;
using Governance.Core.SourceControl;
using Governance.Core.Store;

namespace Governance.Core.Evaluation;

/// <summary>The outcome of one evaluation: the report, the lineage it rests on and the run that made it, not yet written.</summary>
public sealed record GateEvaluation(GateReport Report, LineageGraph Lineage, string GovernanceRoot, BuildRun Run);

/// <summary>
/// Evaluates the release gate: loads the policy, resolves mode, profile, clock and subject, reads
/// every project's collected results, runs the checks (policy checks, SLOs, the projects' own),
/// builds the lineage, applies the profile and then the exceptions, and decides. The same request
/// over the same files gives the same evaluation. Its one write: a blocking run with SLOs appends
/// its outcomes to the SLO history in the release store (not again for a rerun of the same
/// commit with the same outcomes, so a rerun gives the same report).
/// </summary>
public static class GateEvaluator
{
    public const string DecisionNode = "release";

    /// <summary>The check id of every lineage completeness result.</summary>
    public const string LineageCheckId = "lineage";

    /// <summary>How many changed files a stale-fragment message names before it says "and N more".</summary>
    private const int StaleFilesNamed = 3;

    public static GateEvaluation Evaluate(GateRequest request)
    {
        string root = Path.GetFullPath(request.GovernanceRoot);
        var checks = new List<CheckResult>();
        var lineage = new LineageGraph();
        string decision = lineage.AddNode(NodeKind.Decision, DecisionNode);

        DateTimeOffset now = GateClock.Resolve(request.Now, request.Environment("SOURCE_DATE_EPOCH"), request.UtcNow, out Diagnostic? clockError);
        SourceLocation? settings = string.IsNullOrWhiteSpace(request.SettingsFile) ? null : new SourceLocation(Path.GetFullPath(request.SettingsFile));
        if (clockError is not null)
        {
            checks.Add(CheckResult.FromDiagnostic("configuration.settings", clockError with { Location = settings }));
        }

        (GovernancePolicy? policy, PolicyReference policyReference) = LoadPolicy(request, root, checks, lineage, decision);

        SourceControlInfo sourceControl = SourceControlInfo.Detect(root, request.Environment, request.Branch, request.Commit);
        GateMode mode = ResolveMode(request.Mode, policy, sourceControl.Branch, settings, checks);
        PolicyProfile profile = ResolveProfile(request.Profile, policy, settings, checks);

        IReadOnlyList<ReportProject> projects = CollectProjects(request, root, checks, lineage);

        var subject = new GateSubject(request.SubjectName, request.SubjectVersion, sourceControl.Branch, sourceControl.Commit);
        IReleaseStore? store = string.IsNullOrWhiteSpace(request.StoreDirectory) ? null : new DirectoryReleaseStore(request.StoreDirectory!);
        IReadOnlyList<SloOutcome> slos = Array.Empty<SloOutcome>();
        ExceptionSet exceptions = ExceptionSet.None;
        if (policy is not null)
        {
            checks.AddRange(RunPolicyChecks(request, policy, root, mode, now, store));

            MetricSet metrics = policy.Slos.Count == 0 ? MetricSet.Empty : MetricReader.Read(policy.Metrics, root, policy.FilePath!);
            checks.AddRange(metrics.Problems);
            SloEvaluation evaluation = SloEvaluator.Evaluate(policy, metrics, profile, mode, store, subject.Name, subject.Branch, subject.Commit, now);
            checks.AddRange(evaluation.Checks);
            slos = evaluation.Outcomes;

            exceptions = ExceptionFile.Load(policy, root);
            checks.AddRange(exceptions.Problems);
        }

        // Results the projects' own checks reported apply whatever the policy: the project asked for them.
        checks.AddRange(ProjectChecks.Convert(request.ProjectChecks, root));

        // Every file a check looked at is evidence in the lineage, checked by that check.
        foreach (CheckResult result in checks)
        {
            foreach (EvidenceReference file in result.Evidence.Where(e => e.Sha256 is not null))
            {
                string node = lineage.AddNode(NodeKind.Evidence, RepoPath.Relative(root, file.Path), "sha256:" + file.Sha256);
                lineage.AddEdge(node, lineage.AddNode(NodeKind.Check, result.Id), EdgeKind.Checked);
            }
        }

        // Each exception is a check of its own (its findings come after matching), read from the exceptions file.
        foreach (GovernanceException exception in exceptions.Exceptions)
        {
            string node = lineage.AddNode(NodeKind.Evidence, RepoPath.Relative(root, exceptions.File!), "sha256:" + exceptions.Sha256);
            lineage.AddEdge(node, lineage.AddNode(NodeKind.Check, ExceptionApplier.CheckId(exception)), EdgeKind.Checked);
        }

        // Every check decides; the lineage check decides too, so it is in the graph it validates.
        foreach (string checkId in checks.Select(c => c.Id)
            .Concat(exceptions.Exceptions.Select(ExceptionApplier.CheckId))
            .Append(LineageCheckId)
            .Distinct(StringComparer.Ordinal))
        {
            lineage.AddEdge(lineage.AddNode(NodeKind.Check, checkId), decision, EdgeKind.Decided);
        }

        checks.AddRange(CheckLineage(lineage));

        // The profile first, then exceptions: an exception waives what would still block.
        (IReadOnlyList<CheckResult> decided, IReadOnlyList<Waiver> waivers) = ExceptionApplier.Apply(
            checks.Select(c => ApplyProfile(c, profile)).ToArray(), exceptions, now, policy?.ExceptionMaxDays);
        CheckResult[] sorted = decided
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .ThenBy(c => c.Code, StringComparer.Ordinal)
            .ThenBy(c => c.Project ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(c => c.Message, StringComparer.Ordinal)
            .ToArray();

        var report = new GateReport
        {
            IsGo = !sorted.Any(c => c.IsBlocking),
            Mode = mode,
            Profile = profile,
            Policy = policyReference,
            Subject = subject,
            EvaluatedAt = now,
            Projects = projects,
            Checks = sorted,
            Slos = slos,
            Waivers = waivers,
        };
        return new GateEvaluation(report, lineage, root, BuildRun.Detect(request.Environment));
    }

    private static (GovernancePolicy? Policy, PolicyReference Reference) LoadPolicy(
        GateRequest request, string root, List<CheckResult> checks, LineageGraph lineage, string decision)
    {
        if (string.IsNullOrWhiteSpace(request.PolicyFile))
        {
            return (GovernancePolicy.BuiltInDefaults, new PolicyReference(null, PolicyLoader.SupportedVersion, null));
        }

        string policyFile = Path.GetFullPath(request.PolicyFile);
        string relative = RepoPath.Relative(root, policyFile);
        PolicyLoadResult load = PolicyLoader.Load(policyFile);
        const string checkId = "configuration.policy";
        foreach (Diagnostic diagnostic in load.Diagnostics)
        {
            checks.Add(CheckResult.FromDiagnostic(checkId, diagnostic));
        }

        string? digest = load.Sha256;
        string input = lineage.AddNode(NodeKind.Input, relative, digest is null ? null : "sha256:" + digest);
        lineage.AddEdge(input, decision, EdgeKind.Consumed);
        lineage.AddEdge(input, lineage.AddNode(NodeKind.Check, checkId), EdgeKind.Checked);

        if (load.Policy is null)
        {
            return (null, new PolicyReference(relative, PolicyLoader.SupportedVersion, digest));
        }

        checks.Add(new CheckResult(checkId, Gov.SchemaViolation, CheckStatus.Pass, Severity.High,
            $"Policy {relative} (policyVersion {load.Policy.PolicyVersion}) is valid.", null,
            new[] { new SourceLocation(policyFile) }, new[] { new EvidenceReference(policyFile, load.Policy.Sha256) }));
        return (load.Policy, new PolicyReference(relative, load.Policy.PolicyVersion, load.Policy.Sha256));
    }

    /// <summary>
    /// The checks the policy asks for: evidence, contract files, the version policy over the
    /// packable projects, and the SARIF logs the projects produced, mapped by the policy's
    /// <c>sarif</c> section. Policy-relative paths resolve against the governance root.
    /// </summary>
    private static IEnumerable<CheckResult> RunPolicyChecks(GateRequest request, GovernancePolicy policy, string root, GateMode mode, DateTimeOffset now, IReleaseStore? store)
    {
        var schemas = new RepositorySchemas(root);
        foreach (EvidenceRequirement requirement in policy.Evidence)
        {
            yield return EvidenceChecker.Check(requirement, root, policy.FilePath!, now, schemas, policy.BlockingBranches);
        }

        foreach (ContractRequirement contract in policy.Contracts)
        {
            foreach (CheckResult result in ContractChecker.Check(contract, root, policy.FilePath!, schemas))
            {
                yield return result;
            }
        }

        IEnumerable<GatePackage> packages = request.Projects
            .Where(p => !string.IsNullOrWhiteSpace(p.PackageId))
            .Select(p => new GatePackage(p.PackageId!.Trim(), p.PackageVersion?.Trim() ?? string.Empty, p.ProjectFile, RepoPath.Relative(root, p.ProjectFile)));
        foreach (CheckResult result in VersionChecker.Check(packages, policy.Versioning, policy.FilePath, mode, store))
        {
            yield return result;
        }

        // One log read once, even when several target frameworks of a project name the same file.
        foreach (IGrouping<string, GateProject> log in request.Projects
            .SelectMany(p => p.SarifLogs.Select(l => (Log: Path.GetFullPath(l), Project: p)))
            .GroupBy(x => x.Log, x => x.Project, RepoPath.Comparer)
            .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (CheckResult result in SarifChecker.Check(log.Key, root, RepoPath.Relative(root, log.First().ProjectFile), policy.Sarif))
            {
                yield return result;
            }
        }
    }

    /// <summary>
    /// The profile's rule (docs/policy.md): under <c>strict</c> a failure of any severity blocks;
    /// under <c>transitional</c> a failure of <c>info</c>, <c>low</c> or <c>medium</c> severity is
    /// reported as a warning and does not block. Errors (configuration) and <c>high</c> or
    /// <c>critical</c> failures block under both.
    /// </summary>
    public static CheckResult ApplyProfile(CheckResult check, PolicyProfile profile) =>
        profile == PolicyProfile.Transitional && check.Status == CheckStatus.Fail && check.Severity <= Severity.Medium
            ? check with
            {
                Status = CheckStatus.Warn,
                Message = $"{check.Message} (Transitional profile: a {Reports.Names.Of(check.Severity)}-severity failure warns instead of blocking; under strict it blocks.)",
            }
            : check;

    private static GateMode ResolveMode(string? setting, GovernancePolicy? policy, string branch, SourceLocation? settings, List<CheckResult> checks) =>
        ParseSetting(setting, "GovernanceGateMode", "derive the mode from gate.blockingBranches", settings, checks,
            ("informational", GateMode.Informational), ("blocking", GateMode.Blocking))
        ?? (policy is not null && policy.BlockingBranches.Any(glob => BranchGlob.IsMatch(glob, branch))
            ? GateMode.Blocking
            : GateMode.Informational);

    private static PolicyProfile ResolveProfile(string? setting, GovernancePolicy? policy, SourceLocation? settings, List<CheckResult> checks) =>
        ParseSetting(setting, "GovernanceProfile", "take the policy's profile", settings, checks,
            ("strict", PolicyProfile.Strict), ("transitional", PolicyProfile.Transitional))
        ?? policy?.Profile
        ?? PolicyProfile.Strict;

    /// <summary>
    /// Reads an MSBuild property with a fixed set of values (case-insensitive). Empty means "use the
    /// default" (null); anything else unknown is GOV1004, and the default applies.
    /// </summary>
    private static T? ParseSetting<T>(string? setting, string property, string defaultDescription, SourceLocation? settings, List<CheckResult> checks, params (string Name, T Value)[] choices)
        where T : struct
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return null;
        }

        foreach ((string name, T value) in choices)
        {
            if (string.Equals(setting!.Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        string allowed = string.Join(" or ", choices.Select(c => $"'{c.Name}'"));
        checks.Add(CheckResult.FromDiagnostic("configuration.settings", new Diagnostic(Gov.InvalidSetting,
            $"{property} '{setting}' is not one of {allowed}. Set it (in a project file, Directory.Build.props or with -p:) to one of those, or leave it empty to {defaultDescription}.", settings)));
        return null;
    }

    private static IReadOnlyList<ReportProject> CollectProjects(GateRequest request, string root, List<CheckResult> checks, LineageGraph lineage)
    {
        var projects = new List<ReportProject>();
        IEnumerable<GateProject> distinct = request.Projects
            .GroupBy(p => Path.GetFullPath(p.FragmentFile), RepoPath.Comparer)
            .Select(g => g.First());
        foreach (GateProject project in distinct)
        {
            string projectPath = RepoPath.Relative(root, project.ProjectFile);
            string fragmentPath = RepoPath.Relative(root, project.FragmentFile);
            string checkId = $"collect:{fragmentPath}";
            string name = Path.GetFileNameWithoutExtension(project.ProjectFile);
            string check = lineage.AddNode(NodeKind.Check, checkId);
            var at = new[] { new SourceLocation(project.ProjectFile) };
            CheckResult Fail(string message, string? digest) => new(checkId, Gov.LineageIncomplete, CheckStatus.Fail, Severity.High, message, projectPath, at,
                digest is null ? Array.Empty<EvidenceReference>() : new[] { new EvidenceReference(project.FragmentFile, digest) });

            if (!File.Exists(project.FragmentFile))
            {
                checks.Add(Fail($"Project {projectPath} has no lineage fragment from this build ({fragmentPath} is missing), so nothing it produced can be traced. Build it with GovernanceEnabled=true (without GovernanceGateNoBuild) and run the gate again.", null));
                projects.Add(new ReportProject(name, projectPath, project.TargetFramework, null));
                continue;
            }

            LineageFragment? fragment = LineageFragment.Read(project.FragmentFile, out IReadOnlyList<Diagnostic> diagnostics, out string? digest);
            foreach (Diagnostic diagnostic in diagnostics)
            {
                checks.Add(CheckResult.FromDiagnostic(checkId, diagnostic, projectPath));
            }

            if (fragment is null)
            {
                projects.Add(new ReportProject(name, projectPath, project.TargetFramework, digest));
                continue;
            }

            projects.Add(new ReportProject(fragment.ProjectName, projectPath, fragment.TargetFramework.Length == 0 ? null : fragment.TargetFramework, digest));

            // A fragment is trusted only if it is this project build's and still describes the files on disk.
            bool isPack = Path.GetFileName(project.FragmentFile) == LineageFragment.PackFragmentFileName;
            string? untrusted = DescribeForeign(fragment, project) ?? DescribeStale(fragment, project);
            if (untrusted is not null)
            {
                // A rebuild never rewrites a pack's fragment: only packing again (or dropping it) does.
                string remedy = isPack
                    ? $"Pack the project again, or delete {fragmentPath} if its package is no longer wanted, and run the gate again."
                    : "Rebuild the project (without GovernanceGateNoBuild) and run the gate again.";
                checks.Add(Fail($"The lineage fragment {fragmentPath} of project {projectPath} is not from this build: {untrusted} {remedy}", digest));
                continue;
            }

            LineageFragment rebased = fragment.RebaseOnto(root, project.ProjectFile);
            string origin = isPack ? projectPath + " (its pack)" : projectPath;
            foreach (FragmentNode node in rebased.Nodes)
            {
                // Upstream artifacts belong to the project that produced them; its own fragment says so.
                lineage.AddNodeWithId(node.Id, node.Kind, node.Digest, node.Upstream ? null : projectPath, origin: origin);
            }

            foreach (LineageEdge edge in rebased.Edges)
            {
                lineage.AddEdge(edge.From, edge.To, edge.Kind, origin: projectPath);
            }

            int artifacts = 0;
            foreach (FragmentNode artifact in rebased.ProducedArtifacts)
            {
                lineage.AddEdge(artifact.Id, check, EdgeKind.Checked);
                artifacts++;
            }

            checks.Add(new CheckResult(checkId, Gov.LineageIncomplete, CheckStatus.Pass, Severity.High,
                $"Project {projectPath} ({Describe(fragment.TargetFramework)}): {rebased.Nodes.Count} node(s) and {rebased.Edges.Count} edge(s) collected, {artifacts} artifact(s) produced.",
                projectPath, at, new[] { new EvidenceReference(project.FragmentFile, digest) }));
        }

        return projects
            .OrderBy(p => p.Path, StringComparer.Ordinal)
            .ThenBy(p => p.TargetFramework ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Why the fragment belongs to another project or target framework, or null when it is this build's.</summary>
    private static string? DescribeForeign(LineageFragment fragment, GateProject project)
    {
        string expectedFile = Path.GetFileName(project.ProjectFile);
        if (!RepoPath.Comparer.Equals(fragment.ProjectPath, expectedFile))
        {
            return $"it was written for {fragment.ProjectPath}, not {expectedFile}.";
        }

        return project.TargetFramework is not null && !string.Equals(fragment.TargetFramework, project.TargetFramework, StringComparison.OrdinalIgnoreCase)
            ? $"it was written for target framework '{fragment.TargetFramework}', not '{project.TargetFramework}'."
            : null;
    }

    /// <summary>
    /// Which of the files the fragment recorded as this build's own (sources, inputs, artifacts)
    /// are gone or have other contents now, or null when none. Digests come through the build's
    /// digest cache beside the fragment, so unchanged files are not read again.
    /// </summary>
    private static string? DescribeStale(LineageFragment fragment, GateProject project)
    {
        string projectDirectory = Path.GetDirectoryName(Path.GetFullPath(project.ProjectFile))!;
        FileDigestCache cache = FileDigestCache.Load(Path.Combine(Path.GetDirectoryName(project.FragmentFile)!, LineageFragment.DigestCacheFileName));
        var changed = new List<string>();
        foreach (FragmentNode node in fragment.Nodes.Where(n => n.Path is not null && !n.Upstream && n.Digest is not null && n.Digest.StartsWith("sha256:", StringComparison.Ordinal)))
        {
            string file = Path.GetFullPath(Path.Combine(projectDirectory, node.Path!));
            string? now;
            try
            {
                now = File.Exists(file) ? "sha256:" + cache.Digest(file) : null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                now = null;
            }

            if (now is null)
            {
                changed.Add(node.Path! + " is gone");
            }
            else if (!string.Equals(now, node.Digest, StringComparison.Ordinal))
            {
                changed.Add(node.Path! + " changed");
            }
        }

        if (changed.Count == 0)
        {
            return null;
        }

        string named = string.Join(", ", changed.Take(StaleFilesNamed));
        return $"{named}{(changed.Count > StaleFilesNamed ? $" and {changed.Count - StaleFilesNamed} more" : string.Empty)} since it was written (paths relative to the project).";
    }

    /// <summary>The lineage completeness results: digest conflicts between fragments, then the graph rules of <see cref="LineageValidator"/>.</summary>
    private static IEnumerable<CheckResult> CheckLineage(LineageGraph lineage)
    {
        var results = new List<CheckResult>();
        foreach (DigestConflict conflict in lineage.Conflicts)
        {
            results.Add(new CheckResult(LineageCheckId, Gov.LineageIncomplete, CheckStatus.Fail, Severity.High,
                $"{conflict.NodeId} has two different contents in one gate: {conflict.RecordedBy} recorded {conflict.RecordedDigest} and {conflict.ConflictingBy} recorded {conflict.ConflictingDigest}, so one was built against an out-of-date copy. {(conflict.ConflictingBy.EndsWith(" (its pack)", StringComparison.Ordinal) ? "Pack the project again" : "Rebuild " + conflict.ConflictingBy)} and run the gate again.",
                conflict.ConflictingBy == "the gate" ? null : conflict.ConflictingBy.Replace(" (its pack)", string.Empty), Array.Empty<SourceLocation>(), Array.Empty<EvidenceReference>()));
        }

        foreach (LineageFinding finding in LineageValidator.Validate(lineage))
        {
            results.Add(new CheckResult(LineageCheckId, finding.Rule, CheckStatus.Fail, Severity.High, finding.Message, finding.Project,
                Array.Empty<SourceLocation>(), Array.Empty<EvidenceReference>()));
        }

        if (results.Count == 0)
        {
            results.Add(new CheckResult(LineageCheckId, Gov.LineageIncomplete, CheckStatus.Pass, Severity.High,
                $"The lineage is complete: {lineage.NodeCount} node(s) and {lineage.EdgeCount} edge(s); every artifact has a producer, every node reaches the decision and the decision traces back to sources.",
                null, Array.Empty<SourceLocation>(), Array.Empty<EvidenceReference>()));
        }

        return results;
    }

    private static string Describe(string targetFramework) => targetFramework.Length == 0 ? "no target framework" : targetFramework;
}
