using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.IO;
using Governance.Core.Policy;

namespace Governance.Core.Lineage;

/// <summary>
/// The lineage fragments of every project build in the gate (<c>collect:&lt;fragment&gt;</c>): each
/// must exist, be readable, belong to this project build, and still describe the files on disk.
/// A trusted fragment is merged into the gate's lineage; every project build is listed in the
/// report with the digest of its fragment. A pack's or publish's fragment older than the build
/// (a commit since the last pack changes every assembly) or whose outputs are gone is left out of
/// the decision with one notice: what was packed before is judged when its bundle is made or promoted, against the
/// bundle's own lineage. Applies whatever the policy says.
/// </summary>
public sealed class FragmentCheck : IGateCheck
{
    /// <summary>How many changed files a stale-fragment message names before it says "and N more".</summary>
    private const int StaleFilesNamed = 3;

    public void Run(GateContext context, GateFindings findings)
    {
        var projects = new List<ReportProject>();
        IEnumerable<GateProject> distinct = context.Projects
            .GroupBy(p => Path.GetFullPath(p.FragmentFile), RepoPath.Comparer)
            .Select(g => g.First());
        foreach (GateProject project in distinct)
        {
            Collect(context, project, findings.Results, projects);
        }

        findings.Projects.AddRange(projects
            .OrderBy(p => p.Path, StringComparer.Ordinal)
            .ThenBy(p => p.TargetFramework ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(p => p.Name, StringComparer.Ordinal));
    }

    private static void Collect(GateContext context, GateProject project, List<CheckResult> checks, List<ReportProject> projects)
    {
        string root = context.Root;
        LineageGraph lineage = context.Lineage;
        string projectPath = RepoPath.Relative(root, project.ProjectFile);
        string fragmentPath = RepoPath.Relative(root, project.FragmentFile);
        string checkId = $"collect:{fragmentPath}";
        string name = Path.GetFileNameWithoutExtension(project.ProjectFile);
        string check = lineage.AddNode(NodeKind.Check, checkId);
        var at = new[] { new SourceLocation(project.ProjectFile) };
        CheckResult Fail(string message, string? digest) => new(checkId, Gov.LineageIncomplete, CheckStatus.Fail, Severity.High, message, projectPath, at,
            digest is null ? Array.Empty<EvidenceReference>() : new[] { new EvidenceReference(project.FragmentFile, digest) });

        if (!context.Inputs.FileExists(project.FragmentFile))
        {
            checks.Add(Fail($"Project {projectPath} has no lineage fragment from this build ({fragmentPath} is missing), so nothing it produced can be traced. Build it with GovernanceEnabled=true (without GovernanceGateNoBuild) and run the gate again.", null));
            projects.Add(new ReportProject(name, projectPath, project.TargetFramework, null));
            return;
        }

        LineageFragment? fragment = LineageFragment.Read(context.Inputs, project.FragmentFile, out IReadOnlyList<Diagnostic> diagnostics, out string? digest);
        foreach (Diagnostic diagnostic in diagnostics)
        {
            checks.Add(CheckResult.FromDiagnostic(checkId, diagnostic, projectPath));
        }

        if (fragment is null)
        {
            projects.Add(new ReportProject(name, projectPath, project.TargetFramework, digest));
            return;
        }

        // A fragment is trusted only if it is this project build's and still describes the files on disk.
        string? foreign = DescribeForeign(fragment, project);
        IReadOnlyList<StaleFile> stale = foreign is null ? FindStale(fragment, project, context) : Array.Empty<StaleFile>();
        string? untrusted = foreign ?? DescribeStale(stale);
        var reported = new ReportProject(fragment.ProjectName, projectPath, fragment.TargetFramework.Length == 0 ? null : fragment.TargetFramework, digest) { Kind = project.Kind };
        string step = project.Kind == FragmentKind.Pack ? "pack" : "publish";
        if (untrusted is not null && project.Kind != FragmentKind.Build && foreign is null && !stale.Any(f => f.Own && !f.Gone))
        {
            // A build since the pack or publish replaced what it took, or what it made is gone: what
            // was packed or published before this build is not what this decision is about.
            checks.Add(new CheckResult(checkId, Gov.Notice, CheckStatus.Pass, Severity.Info,
                $"The {step} of project {projectPath} ({fragmentPath}) is older than this build, so the {(project.Kind == FragmentKind.Pack ? "package" : "published executable")} it made is not part of this decision: {untrusted} {(project.Kind == FragmentKind.Pack ? "Pack" : "Publish")} after the gate to release this build; a bundle's lineage is checked against the gate report when the bundle is made.",
                projectPath, at, new[] { new EvidenceReference(project.FragmentFile, digest) }));
            return;
        }

        projects.Add(reported);
        if (untrusted is not null)
        {
            // What the pack or publish made has other contents than it recorded: something other
            // than this SDK's pack wrote it, so it is not passed over as merely old.
            string remedy = project.Kind == FragmentKind.Build
                ? "Rebuild the project (without GovernanceGateNoBuild) and run the gate again."
                : $"{(project.Kind == FragmentKind.Pack ? "Pack" : "Publish")} the project again (with GovernanceEnabled=true), or delete {fragmentPath}, and run the gate again.";
            checks.Add(Fail($"The lineage fragment {fragmentPath} of project {projectPath} is not from this {(project.Kind == FragmentKind.Build ? "build" : step)}: {untrusted} {remedy}", digest));
            return;
        }

        LineageFragment rebased = fragment.RebaseOnto(root, project.ProjectFile);
        var origin = new LineageOrigin(projectPath, project.Kind);
        foreach (FragmentNode node in rebased.Nodes)
        {
            // Upstream artifacts belong to the project that produced them; its own fragment says so.
            lineage.AddNodeWithId(node.Id, node.Kind, node.Digest, node.Upstream ? null : projectPath, origin);
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

    /// <summary>A file a fragment recorded that is gone or has other contents now.</summary>
    /// <param name="Own">
    /// True for the step's own file: for a build its sources, inputs and artifacts; for a pack or
    /// publish only what it made. A source edited since a pack (the version bumped in the project
    /// file) makes the pack old, like a rebuilt assembly, not foreign.
    /// </param>
    private sealed record StaleFile(string Path, bool Gone, bool Own);

    /// <summary>
    /// Which of the files the fragment recorded as this build's own (sources, inputs, artifacts)
    /// are gone or have other contents now. For a pack or publish the upstream files count too:
    /// they are the project's own build outputs it packed, and a build since then replaced them.
    /// Digests come through the build's digest cache beside the fragment, so unchanged files are
    /// not read again.
    /// </summary>
    private static IReadOnlyList<StaleFile> FindStale(LineageFragment fragment, GateProject project, GateContext context)
    {
        string projectDirectory = Path.GetDirectoryName(Path.GetFullPath(project.ProjectFile))!;
        string cache = Path.Combine(Path.GetDirectoryName(project.FragmentFile)!, LineageFragment.DigestCacheFileName);
        var changed = new List<StaleFile>();
        foreach (FragmentNode node in fragment.Nodes.Where(n => n.Path is not null && (!n.Upstream || project.Kind != FragmentKind.Build) && n.Digest is not null && n.Digest.StartsWith("sha256:", StringComparison.Ordinal)))
        {
            string file = Path.GetFullPath(Path.Combine(projectDirectory, node.Path!));
            string? now = context.Inputs.DigestOf(file, cache) is string digest ? "sha256:" + digest : null;
            if (now is null || !string.Equals(now, node.Digest, StringComparison.Ordinal))
            {
                changed.Add(new StaleFile(node.Path!, now is null, !node.Upstream && (project.Kind == FragmentKind.Build || node.Kind == "artifact")));
            }
        }

        return changed;
    }

    /// <summary>The stale files for a message, or null when there are none.</summary>
    private static string? DescribeStale(IReadOnlyList<StaleFile> stale)
    {
        if (stale.Count == 0)
        {
            return null;
        }

        string named = string.Join(", ", stale.Take(StaleFilesNamed).Select(f => f.Path + (f.Gone ? " is gone" : " changed")));
        return $"{named}{(stale.Count > StaleFilesNamed ? $" and {stale.Count - StaleFilesNamed} more" : string.Empty)} since it was written (paths relative to the project).";
    }

    private static string Describe(string targetFramework) => targetFramework.Length == 0 ? "no target framework" : targetFramework;
}
