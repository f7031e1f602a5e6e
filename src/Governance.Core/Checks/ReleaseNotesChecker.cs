using System;
using System.IO;
using System.Linq;
using System.Text;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Inputs;
using Governance.Core.IO;
using Governance.Core.Policy;
using NuGet.Versioning;

namespace Governance.Core.Checks;

/// <summary>
/// Release notes (<c>releaseNotes.required</c>): on a blocking run, every package the gate releases
/// (a packable project that is not a test project or an application) has notes for its version,
/// from its <c>PackageReleaseNotes</c> or from the <c>## &lt;version&gt;</c> section of the file
/// <c>releaseNotes.path</c> names (Keep a Changelog's <c>## [1.4.0] - 2026-11-26</c> counts), else
/// GOV2501 naming the project and the version. The notes found are the passing result's message,
/// so they travel in the gate report (into the bundle and the evidence package) and the summary
/// quotes them.
/// </summary>
public sealed class ReleaseNotesChecker : IGateCheck
{
    /// <summary>The id of a package's release-notes check is this and the package id (the summary finds the notes by it).</summary>
    public const string IdPrefix = "release-notes:";

    /// <summary>Notes longer than this are cut in the report: they are quoted, not archived.</summary>
    private const int MaxQuoted = 4000;

    public void Run(GateContext context, GateFindings findings)
    {
        ReleaseNotesPolicy policy = context.Policy?.ReleaseNotes ?? ReleaseNotesPolicy.None;
        if (!policy.Required || context.Mode != GateMode.Blocking)
        {
            return;
        }

        string? notesFile = policy.Path is null ? null : Path.GetFullPath(Path.Combine(context.Root, policy.Path));
        string? fileProblem = null;
        string? fileText = null;
        if (notesFile is not null)
        {
            try
            {
                fileText = context.Inputs.FileExists(notesFile)
                    ? Encoding.UTF8.GetString(context.Inputs.ReadAllBytes(notesFile, InputRole.ReleaseNotes))
                    : null;
                fileProblem = fileText is null ? $"{policy.Path} (releaseNotes.path) does not exist" : null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                fileProblem = $"{policy.Path} (releaseNotes.path) cannot be read: {RepoPath.DescribeFailure(ex)}";
            }
        }

        foreach (GateProject project in context.Projects
            .Where(p => !string.IsNullOrWhiteSpace(p.PackageId) && p.VersionExemption is null)
            .GroupBy(p => p.PackageId!.Trim(), StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderBy(p => p.ProjectFile, StringComparer.Ordinal).First())
            .OrderBy(p => p.PackageId, StringComparer.OrdinalIgnoreCase))
        {
            string id = project.PackageId!.Trim();
            string version = project.PackageVersion?.Trim() ?? string.Empty;
            string projectPath = RepoPath.Relative(context.Root, project.ProjectFile);
            string? notes = !string.IsNullOrWhiteSpace(project.ReleaseNotes) ? project.ReleaseNotes!.Trim() : fileText is null ? null : Section(fileText, version);
            string source = !string.IsNullOrWhiteSpace(project.ReleaseNotes) ? "PackageReleaseNotes" : policy.Path ?? "PackageReleaseNotes";
            var at = new[] { new SourceLocation(project.ProjectFile) };
            if (notes is null)
            {
                string where = policy.Path is null
                    ? "set PackageReleaseNotes in the project (or Directory.Build.props)"
                    : fileProblem is not null
                        ? $"set PackageReleaseNotes, or fix releaseNotes.path: {fileProblem}"
                        : $"set PackageReleaseNotes, or add a '## {version}' section to {policy.Path}";
                findings.Add(new CheckResult(IdPrefix + id, Gov.ReleaseNotesMissing, CheckStatus.Fail, Severity.High,
                    $"{id} {version} ({projectPath}) has no release notes for its version, and the policy requires them on blocking runs (releaseNotes.required). To fix it, {where}.",
                    projectPath, at, Array.Empty<EvidenceReference>()));
                continue;
            }

            string quoted = notes.Length <= MaxQuoted ? notes : notes.Substring(0, MaxQuoted) + " …";
            findings.Add(new CheckResult(IdPrefix + id, Gov.ReleaseNotesMissing, CheckStatus.Pass, Severity.Info,
                $"{id} {version} release notes ({source}): {quoted}", projectPath, at, Array.Empty<EvidenceReference>()));
        }
    }

    /// <summary>
    /// The text under the <c>## </c> heading that names <paramref name="version"/> (as NuGet
    /// compares versions: <c>1.4</c> is <c>1.4.0</c>; brackets and a leading <c>v</c> allowed, a
    /// date after it ignored) up to the next <c>## </c> heading; null when there is no such
    /// section or it is empty.
    /// </summary>
    public static string? Section(string markdown, string version)
    {
        if (!NuGetVersion.TryParse(version, out NuGetVersion? wanted))
        {
            return null;
        }

        string[] lines = markdown.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("## ", StringComparison.Ordinal) || !HeadingNames(lines[i], wanted))
            {
                continue;
            }

            var body = new StringBuilder();
            for (int j = i + 1; j < lines.Length && !lines[j].StartsWith("## ", StringComparison.Ordinal) && !lines[j].StartsWith("# ", StringComparison.Ordinal); j++)
            {
                body.Append(lines[j]).Append('\n');
            }

            string text = body.ToString().Trim();
            return text.Length == 0 ? null : text;
        }

        return null;
    }

    private static bool HeadingNames(string heading, NuGetVersion wanted)
    {
        string first = heading.Substring(3).Trim().Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
        string bare = first.Trim('[', ']');
        if (bare.StartsWith("v", StringComparison.OrdinalIgnoreCase))
        {
            bare = bare.Substring(1);
        }

        return NuGetVersion.TryParse(bare, out NuGetVersion? named) && named == wanted;
    }
}
