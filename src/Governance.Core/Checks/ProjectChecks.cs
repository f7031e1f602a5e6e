using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.IO;
using Governance.Core.Policy;

namespace Governance.Core.Checks;

/// <summary>
/// Results the projects' own checks reported: <c>GovernanceCheckResult</c> items returned by the
/// targets in <c>GovernanceCheckTargets</c> (GOV2401) and the outcomes of <c>GovernanceCommandCheck</c>
/// items (GOV2402). They become check results exactly like built-in ones; a value that is not
/// one of the allowed ones is a configuration error naming the project, so a typo never passes.
/// </summary>
public sealed class ProjectChecks : IGateCheck
{
    /// <summary>What a project may report: everything but <c>waived</c>, which only an exception decides.</summary>
    private static readonly CheckStatus[] Reportable = { CheckStatus.Pass, CheckStatus.Warn, CheckStatus.Fail, CheckStatus.Error };

    /// <summary>They apply whatever the policy (also one that cannot be read): the project asked for them.</summary>
    public void Run(GateContext context, GateFindings findings) => findings.AddRange(Convert(context.ProjectChecks, context.Root));

    public static IEnumerable<CheckResult> Convert(IEnumerable<ProjectCheckReport> reports, string governanceRoot)
    {
        // A target that adds to the global GovernanceCheckResult list returns the earlier targets'
        // items again; the same report twice is one result.
        return reports
            .Distinct()
            .Select(report => Convert(report, governanceRoot))
            .ToArray();
    }

    private static CheckResult Convert(ProjectCheckReport report, string root) => KeepInside(ConvertRaw(report, root), report, root);

    /// <summary>A location outside the repository would tie the report to this machine: the project file stands in for it.</summary>
    private static CheckResult KeepInside(CheckResult result, ProjectCheckReport report, string root) =>
        result.Locations.All(l => RepoPath.IsUnder(root, l.Path))
            ? result
            : result with { Locations = new[] { new SourceLocation(report.ProjectFile) } };

    private static CheckResult ConvertRaw(ProjectCheckReport report, string root)
    {
        string projectPath = RepoPath.Relative(root, report.ProjectFile);
        string prefix = report.Origin == ProjectCheckOrigin.Command ? "command" : "custom";
        string id = $"{prefix}:{report.Id}";
        DiagnosticDescriptor rule = report.Origin == ProjectCheckOrigin.Command ? Gov.CommandCheckFailed : Gov.CustomCheckFinding;
        string source = report.Origin == ProjectCheckOrigin.Command ? "GovernanceCommandCheck" : "GovernanceCheckResult";

        bool statusValid = Names.TryParse(Default(report.Status, Names.Of(CheckStatus.Fail)), out CheckStatus status, ignoreCase: true) && Reportable.Contains(status);
        bool severityValid = Names.TryParse(Default(report.Severity, Names.Of(Severity.High)), out Severity severity, ignoreCase: true);
        string? problem =
            !statusValid ? $"Status '{report.Status}' is not one of {string.Join(", ", Reportable.Select(Names.Of))}" :
            !severityValid ? $"Severity '{report.Severity}' is not one of {string.Join(", ", Names.All<Severity>())}" :
            !IsLineNumber(report.Line) ? $"Line '{report.Line}' is not a line number" :
            !IsLineNumber(report.Column) ? $"Column '{report.Column}' is not a column number" :
            null;
        if (problem is not null)
        {
            return new CheckResult(id, Gov.InvalidSetting, CheckStatus.Error, Severity.High,
                $"The {source} '{report.Id}' of project {projectPath} is invalid: {problem}. Correct the item metadata in the target that reports it.",
                projectPath, new[] { new SourceLocation(report.ProjectFile) }, Array.Empty<EvidenceReference>());
        }

        string message = string.IsNullOrWhiteSpace(report.Message)
            ? $"{report.Id}: {Names.Of(status)}."
            : report.Message!.Trim();
        return new CheckResult(id, rule, status, severity, message, projectPath,
            new[] { Location(report) }, Array.Empty<EvidenceReference>());
    }

    private static SourceLocation Location(ProjectCheckReport report)
    {
        if (string.IsNullOrWhiteSpace(report.File))
        {
            return new SourceLocation(report.ProjectFile);
        }

        string directory = Path.GetDirectoryName(report.ProjectFile)!;
        string file;
        try
        {
            file = Path.GetFullPath(Path.Combine(directory, report.File!.Trim()));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return new SourceLocation(report.ProjectFile);
        }

        return new SourceLocation(file, Number(report.Line), Number(report.Column));
    }

    private static string Default(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value!;

    private static bool IsLineNumber(string? value) => string.IsNullOrWhiteSpace(value) || Number(value) > 0;

    private static int Number(string? value) =>
        int.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int number) ? number : 0;

}
