using System;
using System.IO;
using System.Linq;
using Governance.Core;
using Governance.Core.Crypto;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Evidence;
using Governance.Core.IO;
using Governance.Core.Lineage;
using Governance.Core.Reports;
using Microsoft.Build.Framework;

namespace Governance.Sdk.Tasks;

/// <summary>
/// Evaluates the release gate over the collected results of every project in the gate, writes
/// the report, lineage, SARIF and summary, logs the findings, and then records the run in the
/// release store. Fails (returns false) exactly when it logged an error: a configuration error in
/// any mode, a no-go in blocking mode, or a run that could not be recorded.
/// </summary>
public sealed class EvaluateReleaseGate : GovernanceTask
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

    /// <summary><c>GovernanceSubjectName</c> as set (empty by default): a set one is an override.</summary>
    public string SubjectNameSetting { get; set; } = string.Empty;

    /// <summary>
    /// What the projects in the gate returned: project builds (the project file, with
    /// <c>FragmentFile</c>, <c>TargetFramework</c>, <c>PackageId</c>, <c>PackageVersion</c> and
    /// <c>SarifLogs</c> metadata) and, with <c>CheckOrigin</c> metadata (<c>Target</c> or
    /// <c>Command</c>), the results of their own checks (the check id, with <c>ProjectFile</c>,
    /// <c>Status</c>, <c>Severity</c>, <c>Message</c>, <c>File</c>, <c>Line</c>, <c>Column</c>).
    /// One list, because MSBuild returns one list from the targets that gather them.
    /// </summary>
    public ITaskItem[] Projects { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The release store (<c>GovernanceStore</c>) as written: a folder (relative to the governance root) or a backend location; empty for the default.</summary>
    public string Store { get; set; } = string.Empty;

    /// <summary>The project or solution whose properties configure the gate; bad values are reported there.</summary>
    public string SettingsFile { get; set; } = string.Empty;

    [Output]
    public string Decision { get; set; } = string.Empty;

    [Output]
    public string ReportFile { get; set; } = string.Empty;

    /// <summary><c>GovernanceSigningKeyFile</c>: the PEM key that signs the evidence package (as it signs bundles); relative to the settings file's folder.</summary>
    public string SigningKeyFile { get; set; } = string.Empty;

    /// <summary><c>GovernanceSigningKeyEnvironmentVariable</c>: the variable holding the PEM key when no file is set.</summary>
    public string SigningKeyEnvironmentVariable { get; set; } = string.Empty;

    /// <summary>The evidence package written (<c>release-evidence.zip</c>).</summary>
    [Output]
    public string EvidencePackage { get; set; } = string.Empty;

    /// <summary>Its DSSE envelope, or empty when no signing key is configured.</summary>
    [Output]
    public string EvidenceEnvelope { get; set; } = string.Empty;

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
            SubjectNameSetting = SubjectNameSetting,
            DisabledProjects = Projects
                .Where(p => string.Equals(p.GetMetadata(MetadataNames.Disabled), "true", StringComparison.OrdinalIgnoreCase))
                .Select(p => Path.GetFullPath(p.ItemSpec))
                .Distinct(StringComparer.Ordinal)
                .ToArray(),
            SettingsFile = SettingsFile,
            Store = Store,
            Projects = Projects
                .Where(p => p.GetMetadata(MetadataNames.CheckOrigin).Length == 0 && p.GetMetadata(MetadataNames.Disabled).Length == 0)
                .Select(p => new GateProject(
                    Path.GetFullPath(p.ItemSpec),
                    Path.GetFullPath(p.GetMetadata(MetadataNames.FragmentFile)),
                    Optional(p, MetadataNames.TargetFramework))
                {
                    Kind = Names.TryParse(p.GetMetadata(MetadataNames.FragmentKind), out FragmentKind kind, ignoreCase: true) ? kind : FragmentKind.Build,
                    PackageId = Optional(p, MetadataNames.PackageId),
                    PackageVersion = Optional(p, MetadataNames.PackageVersion),
                    VersionExemption = Optional(p, MetadataNames.VersionExemption),
                    VersionSource = Optional(p, MetadataNames.VersionSource),
                    ReleaseNotes = Optional(p, MetadataNames.ReleaseNotes),
                    OptOuts = p.GetMetadata(MetadataNames.OptOuts).Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries),
                    SarifLogs = p.GetMetadata(MetadataNames.SarifLogs)
                        .Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries)
                        .Select(l => l.Trim())
                        .Where(l => l.Length > 0)
                        .Select(l => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(p.ItemSpec))!, l)))
                        .ToArray(),
                })
                .ToArray(),
            ProjectChecks = Projects
                .Where(p => p.GetMetadata(MetadataNames.CheckOrigin).Length > 0)
                .Select(p => new ProjectCheckReport(
                    p.ItemSpec,
                    Path.GetFullPath(p.GetMetadata(MetadataNames.ProjectFile)),
                    p.GetMetadata(MetadataNames.CheckOrigin) == MetadataNames.CommandOrigin ? ProjectCheckOrigin.Command : ProjectCheckOrigin.Target)
                {
                    Status = Optional(p, MetadataNames.Status),
                    Severity = Optional(p, MetadataNames.Severity),
                    Message = Optional(p, MetadataNames.Message),
                    File = Optional(p, MetadataNames.File),
                    Line = Optional(p, MetadataNames.Line),
                    Column = Optional(p, MetadataNames.Column),
                })
                .ToArray(),
        };

        // Decide, write the outputs, then record: a run whose outputs could not be written is not recorded.
        GateEvaluation evaluation = GateEvaluator.Evaluate(request);
        GateOutputFiles files;
        try
        {
            files = GateOutputs.Write(evaluation, ArtifactsPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogError(Gov.UnreadableFile, ArtifactsPath,
                $"The gate outputs cannot be written to {ArtifactsPath}: {RepoPath.DescribeFailure(ex)}. Make the folder writable or set GovernanceArtifactsPath. The run was not recorded in the release store.");
            return false;
        }

        // After the outputs it holds, before the run is recorded: a run with no evidence is not recorded either.
        if (!WriteEvidence(request, evaluation, files))
        {
            return false;
        }

        GateReport report = evaluation.Report;
        var logger = new DiagnosticLogger(this);
        foreach (CheckResult check in report.Checks)
        {
            logger.Log(check, report.Mode);
        }

        foreach (Diagnostic problem in GateRecorder.Record(evaluation))
        {
            LogError(problem, SettingsFile);
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

    private bool WriteEvidence(GateRequest request, GateEvaluation evaluation, GateOutputFiles files)
    {
        string settingsDirectory = SettingsFile.Length > 0 ? Path.GetDirectoryName(Path.GetFullPath(SettingsFile))! : Path.GetFullPath(GovernanceRoot);
        string? pem = null;
        try
        {
            pem = SigningKeyFile.Length > 0 ? File.ReadAllText(Path.GetFullPath(Path.Combine(settingsDirectory, SigningKeyFile)))
                : SigningKeyEnvironmentVariable.Length > 0 && Environment.GetEnvironmentVariable(SigningKeyEnvironmentVariable) is { Length: > 0 } key ? key
                : null;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            (string package, string? envelope) = EvidencePackageWriter.Write(request, evaluation, files, ArtifactsPath, pem);

            // What the package costs, for build/benchmark-evidence.sh (and anyone asking with -v:d).
            Log.LogMessage(MessageImportance.Low, "Evidence package {0}: {1} bytes, {2} inputs, written in {3} ms.",
                package, new FileInfo(package).Length, evaluation.Inputs.Count, clock.ElapsedMilliseconds);
            EvidencePackage = package;
            EvidenceEnvelope = envelope ?? string.Empty;
            return true;
        }
        catch (KeyFormatException ex)
        {
            LogError(Gov.InvalidKey, SigningKeyFile.Length > 0 ? SigningKeyFile : SettingsFile,
                $"The key that signs the evidence package ({(SigningKeyFile.Length > 0 ? "GovernanceSigningKeyFile " + SigningKeyFile : "environment variable " + SigningKeyEnvironmentVariable)}) is not usable: {ex.Message} Fix the key or clear the setting to leave the package unsigned. The run was not recorded in the release store.");
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            LogError(Gov.UnreadableFile, SigningKeyFile.Length > 0 && pem is null ? SigningKeyFile : ArtifactsPath,
                (SigningKeyFile.Length > 0 && pem is null
                    ? $"GovernanceSigningKeyFile '{SigningKeyFile}' (relative to {settingsDirectory}) cannot be read: {RepoPath.DescribeFailure(ex)}. Point it at the PEM private key, or clear it."
                    : $"The evidence package cannot be written to {ArtifactsPath}: {RepoPath.DescribeFailure(ex)}. Make the folder writable or set GovernanceArtifactsPath.") +
                " The run was not recorded in the release store.");
            return false;
        }
        catch (Exception ex) when (ex is InvalidOperationException or OverflowException)
        {
            // The stored zip format's limits (65,535 entries, 4 GiB): inputs far beyond any real gate's.
            LogError(Gov.UnreadableFile, ArtifactsPath,
                $"The evidence package cannot be written to {ArtifactsPath}: {(ex is OverflowException ? "its inputs exceed the 4 GiB a package holds" : ex.Message)} Exclude generated files from what the gate reads (evidence, metrics, SARIF logs). The run was not recorded in the release store.");
            return false;
        }
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
            LogWarning(Gov.UnreadableFile, stepSummary,
                $"The gate summary could not be appended to GITHUB_STEP_SUMMARY: {RepoPath.DescribeFailure(ex)}. The report and summary.md were written; check the variable's path.");
        }
    }
}
