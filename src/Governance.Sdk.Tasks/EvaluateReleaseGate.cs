using System;
using System.IO;
using System.Linq;
using Governance.Core.Evaluation;
using Governance.Core.Reports;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Governance.Sdk.Tasks;

/// <summary>
/// Evaluates the release gate over the collected results of every project in the gate, writes
/// the report, lineage, SARIF and summary, and logs the findings. Fails (returns false) exactly
/// when it logged an error: a configuration error in any mode, or a no-go in blocking mode.
/// </summary>
public sealed class EvaluateReleaseGate : Task
{
    [Required]
    public string GovernanceRoot { get; set; } = string.Empty;

    public string PolicyFile { get; set; } = string.Empty;

    [Required]
    public string ArtifactsPath { get; set; } = string.Empty;

    public string Mode { get; set; } = string.Empty;

    public string Profile { get; set; } = string.Empty;

    public string Branch { get; set; } = string.Empty;

    public string Commit { get; set; } = string.Empty;

    public string Now { get; set; } = string.Empty;

    [Required]
    public string SubjectName { get; set; } = string.Empty;

    public string SubjectVersion { get; set; } = string.Empty;

    /// <summary>
    /// What the projects in the gate returned: project builds (the project file, with
    /// <c>FragmentFile</c>, <c>TargetFramework</c>, <c>PackageId</c>, <c>PackageVersion</c> and
    /// <c>SarifLogs</c> metadata) and, with <c>CheckOrigin</c> metadata (<c>Target</c> or
    /// <c>Command</c>), the results of their own checks (the check id, with <c>ProjectFile</c>,
    /// <c>Status</c>, <c>Severity</c>, <c>Message</c>, <c>File</c>, <c>Line</c>, <c>Column</c>).
    /// One list, because MSBuild returns one list from the targets that gather them.
    /// </summary>
    public ITaskItem[] Projects { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The release store (<c>GovernanceStore</c>); released versions count for the version policy.</summary>
    public string Store { get; set; } = string.Empty;

    public string HelpLinkBase { get; set; } = string.Empty;

    /// <summary>The project or solution whose properties configure the gate; bad values are reported there.</summary>
    public string SettingsFile { get; set; } = string.Empty;

    [Output]
    public string Decision { get; set; } = string.Empty;

    [Output]
    public string ReportFile { get; set; } = string.Empty;

    public override bool Execute()
    {
        var request = new GateRequest
        {
            GovernanceRoot = GovernanceRoot,
            PolicyFile = PolicyFile,
            Mode = Mode,
            Profile = Profile,
            Branch = Branch,
            Commit = Commit,
            Now = Now,
            SubjectName = SubjectName,
            SubjectVersion = SubjectVersion,
            SettingsFile = SettingsFile,
            StoreDirectory = Store,
            Projects = Projects
                .Where(p => p.GetMetadata("CheckOrigin").Length == 0)
                .Select(p => new GateProject(
                    Path.GetFullPath(p.ItemSpec),
                    Path.GetFullPath(p.GetMetadata("FragmentFile")),
                    Optional(p, "TargetFramework"))
                {
                    PackageId = Optional(p, "PackageId"),
                    PackageVersion = Optional(p, "PackageVersion"),
                    SarifLogs = p.GetMetadata("SarifLogs")
                        .Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries)
                        .Select(l => l.Trim())
                        .Where(l => l.Length > 0)
                        .Select(l => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(p.ItemSpec))!, l)))
                        .ToArray(),
                })
                .ToArray(),
            ProjectChecks = Projects
                .Where(p => p.GetMetadata("CheckOrigin").Length > 0)
                .Select(p => new ProjectCheckReport(
                    p.ItemSpec,
                    Path.GetFullPath(p.GetMetadata("ProjectFile")),
                    p.GetMetadata("CheckOrigin") == "Command" ? ProjectCheckOrigin.Command : ProjectCheckOrigin.Target)
                {
                    Status = Optional(p, "Status"),
                    Severity = Optional(p, "Severity"),
                    Message = Optional(p, "Message"),
                    File = Optional(p, "File"),
                    Line = Optional(p, "Line"),
                    Column = Optional(p, "Column"),
                })
                .ToArray(),
        };

        GateEvaluation evaluation = GateEvaluator.Evaluate(request);
        GateOutputFiles files;
        try
        {
            files = GateOutputs.Write(evaluation, ArtifactsPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, "GOV1005", null, null, ArtifactsPath, 0, 0, 0, 0,
                "The gate outputs cannot be written to {0}: {1} Make the folder writable or set GovernanceArtifactsPath.", ArtifactsPath, ex.Message);
            return false;
        }

        GateReport report = evaluation.Report;
        var logger = new DiagnosticLogger(Log, HelpLinkBase);
        foreach (CheckResult check in report.Checks)
        {
            logger.Log(check, report.Mode);
        }

        AppendStepSummary(files.Summary);

        Decision = report.Decision;
        ReportFile = files.Report;
        int findings = report.Checks.Count(c => c.Status != CheckStatus.Pass);
        Log.LogMessage(MessageImportance.High,
            "Release gate: {0} ({1}, {2}) for {3}{4}: {5} project(s), {6} check(s), {7} finding(s). Report: {8}",
            report.Decision, Names.Of(report.Mode), Names.Of(report.Profile), report.Subject.Name,
            report.Subject.Branch.Length > 0 ? " on " + report.Subject.Branch : string.Empty,
            report.ProjectCount, report.Checks.Count, findings, files.Report);
        return !Log.HasLoggedErrors;
    }

    private static string? Optional(ITaskItem item, string name) => item.GetMetadata(name) is { Length: > 0 } value ? value : null;

    /// <summary>On GitHub Actions, the summary also goes to the job's step summary page.</summary>
    private void AppendStepSummary(string summaryFile)
    {
        string? stepSummary = Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
        if (string.IsNullOrEmpty(stepSummary))
        {
            return;
        }

        try
        {
            File.AppendAllText(stepSummary, File.ReadAllText(summaryFile) + Environment.NewLine);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.LogWarning(null, "GOV1005", null, null, stepSummary, 0, 0, 0, 0,
                "The gate summary could not be appended to GITHUB_STEP_SUMMARY: {0} The report and summary.md were written; check the variable's path.", ex.Message);
        }
    }
}
