using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Collect;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Policy;
using Governance.Core.SourceControl;

namespace Governance.Core.Evaluation;

/// <summary>The outcome of one evaluation: the report and the lineage it rests on, not yet written.</summary>
public sealed record GateEvaluation(GateReport Report, LineageGraph Lineage, string GovernanceRoot);

/// <summary>
/// Evaluates the release gate: loads the policy, resolves mode, profile, clock and subject, reads
/// every project's collected results, runs the checks, builds the lineage and decides. Pure with
/// respect to its request: the same request over the same files gives the same evaluation.
/// </summary>
public static class GateEvaluator
{
    public const string DecisionNode = "release";

    public static GateEvaluation Evaluate(GateRequest request)
    {
        string root = Path.GetFullPath(request.GovernanceRoot);
        var checks = new List<CheckResult>();
        var lineage = new LineageGraph();
        string decision = lineage.AddNode("decision", DecisionNode);

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

        if (policy is not null)
        {
            foreach (EvidenceRequirement requirement in policy.Evidence)
            {
                CheckResult result = EvidenceChecker.Check(requirement, root, policy.FilePath!, now);
                checks.Add(result);
                foreach (EvidenceReference file in result.Evidence.Where(e => e.Sha256 is not null))
                {
                    string node = lineage.AddNode("evidence", RepoPath.Relative(root, file.Path), file.Sha256);
                    lineage.AddEdge(node, lineage.AddNode("check", result.Id), "checked");
                }
            }
        }

        CheckResult[] sorted = checks
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .ThenBy(c => c.Code, StringComparer.Ordinal)
            .ThenBy(c => c.Project ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(c => c.Message, StringComparer.Ordinal)
            .ToArray();
        foreach (CheckResult check in sorted)
        {
            lineage.AddEdge(lineage.AddNode("check", check.Id), decision, "decided");
        }

        var report = new GateReport
        {
            IsGo = !sorted.Any(c => c.IsBlocking),
            Mode = mode,
            Profile = profile,
            Policy = policyReference,
            Subject = new GateSubject(request.SubjectName, request.SubjectVersion, sourceControl.Branch, sourceControl.Commit),
            EvaluatedAt = now,
            Projects = projects,
            Checks = sorted,
        };
        return new GateEvaluation(report, lineage, root);
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
        string input = lineage.AddNode("input", relative, digest);
        lineage.AddEdge(input, decision, "consumed");
        lineage.AddEdge(input, lineage.AddNode("check", checkId), "checked");

        if (load.Policy is null)
        {
            return (null, new PolicyReference(relative, PolicyLoader.SupportedVersion, digest));
        }

        checks.Add(new CheckResult(checkId, Gov.SchemaViolation, CheckStatus.Pass, Severity.High,
            $"Policy {relative} (policyVersion {load.Policy.PolicyVersion}) is valid.", null,
            new[] { new SourceLocation(policyFile) }, new[] { new EvidenceReference(policyFile, load.Policy.Sha256) }));
        return (load.Policy, new PolicyReference(relative, load.Policy.PolicyVersion, load.Policy.Sha256));
    }

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
            string checkId = $"collect:{RepoPath.Relative(root, project.FragmentFile)}";
            string name = Path.GetFileNameWithoutExtension(project.ProjectFile);
            string check = lineage.AddNode("check", checkId);

            if (!File.Exists(project.FragmentFile))
            {
                checks.Add(new CheckResult(checkId, Gov.LineageIncomplete, CheckStatus.Fail, Severity.High,
                    $"Project {projectPath} has no collected results ({RepoPath.Relative(root, project.FragmentFile)} is missing), so nothing it produced can be traced. Build it with GovernanceEnabled=true and run the gate again.",
                    projectPath, new[] { new SourceLocation(project.ProjectFile) }, Array.Empty<EvidenceReference>()));
                projects.Add(new ReportProject(name, projectPath, null, null));
                continue;
            }

            ProjectFragment? fragment = ProjectFragment.Read(project.FragmentFile, out IReadOnlyList<Diagnostic> diagnostics, out string? digest)?.RebaseOnto(root, project.ProjectFile);
            foreach (Diagnostic diagnostic in diagnostics)
            {
                checks.Add(CheckResult.FromDiagnostic(checkId, diagnostic, projectPath));
            }

            if (fragment is null)
            {
                projects.Add(new ReportProject(name, projectPath, null, digest));
                continue;
            }

            projects.Add(new ReportProject(fragment.ProjectName, projectPath, fragment.TargetFramework.Length == 0 ? null : fragment.TargetFramework, digest));
            checks.Add(new CheckResult(checkId, Gov.LineageIncomplete, CheckStatus.Pass, Severity.High,
                $"Project {projectPath} ({Describe(fragment.TargetFramework)}): {fragment.Sources.Count} source(s) and {fragment.Artifacts.Count} artifact(s) collected.",
                projectPath, new[] { new SourceLocation(project.ProjectFile) },
                new[] { new EvidenceReference(project.FragmentFile, digest) }));

            foreach (FileDigest artifact in fragment.Artifacts)
            {
                string artifactNode = lineage.AddNode("artifact", artifact.Path, artifact.Sha256, projectPath);
                foreach (FileDigest source in fragment.Sources)
                {
                    lineage.AddEdge(lineage.AddNode("source", source.Path, source.Sha256, projectPath), artifactNode, "produced");
                }

                lineage.AddEdge(artifactNode, check, "checked");
            }
        }

        return projects
            .OrderBy(p => p.Path, StringComparer.Ordinal)
            .ThenBy(p => p.TargetFramework ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToArray();
    }

    private static string Describe(string targetFramework) => targetFramework.Length == 0 ? "no target framework" : targetFramework;
}
