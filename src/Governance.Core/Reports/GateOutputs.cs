using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Exceptions;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Lineage;
using Governance.Core.Policy;
using Governance.Core.Slos;

namespace Governance.Core.Reports;

/// <summary>Where the gate's outputs were written.</summary>
public sealed record GateOutputFiles(string Report, string Lineage, string Provenance, string Sarif, string Summary);

/// <summary>
/// Writes the gate's outputs into the artifacts directory, each atomically: the lineage and its
/// in-toto export first (the report records their digests; the export is left out, and an old one
/// removed, when there is no artifact to attest), then SARIF and the summary, and the report last,
/// so a report on disk always describes outputs that are complete.
/// </summary>
public static class GateOutputs
{
    public const string ReportFileName = "release_readiness_gate_report.json";
    public const string LineageFileName = "lineage.json";
    public const string ProvenanceFileName = "lineage.intoto.json";
    public const string SarifFileName = "findings.sarif";
    public const string SummaryFileName = "summary.md";

    public static GateOutputFiles Write(GateEvaluation evaluation, string artifactsDirectory)
    {
        string directory = Path.GetFullPath(artifactsDirectory);
        var files = new GateOutputFiles(
            Path.Combine(directory, ReportFileName),
            Path.Combine(directory, LineageFileName),
            Path.Combine(directory, ProvenanceFileName),
            Path.Combine(directory, SarifFileName),
            Path.Combine(directory, SummaryFileName));

        byte[] lineage = LineageWriter.ToJson(evaluation.Lineage);
        AtomicFile.WriteAllBytes(files.Lineage, lineage);
        var lineageReference = new EvidenceReference(RepoPath.Relative(evaluation.GovernanceRoot, files.Lineage), Sha256.OfBytes(lineage));
        byte[]? provenance = ProvenanceStatement.ToJson(evaluation, lineageReference.Path, lineageReference.Sha256!);
        EvidenceReference? provenanceReference = null;
        if (provenance is null)
        {
            // Nothing to attest: no statement, and none left from an earlier run to be mistaken for this one's.
            File.Delete(files.Provenance);
        }
        else
        {
            AtomicFile.WriteAllBytes(files.Provenance, provenance);
            provenanceReference = new EvidenceReference(RepoPath.Relative(evaluation.GovernanceRoot, files.Provenance), Sha256.OfBytes(provenance));
        }

        AtomicFile.WriteAllBytes(files.Sarif, SarifWriter.ToJson(evaluation.Report, evaluation.GovernanceRoot));
        AtomicFile.WriteAllText(files.Summary, SummaryWriter.ToMarkdown(evaluation.Report, RepoPath.Relative(evaluation.GovernanceRoot, files.Report)));
        AtomicFile.WriteAllBytes(files.Report, GateReportWriter.ToJson(evaluation.Report, evaluation.GovernanceRoot, lineageReference, provenanceReference));
        return files;
    }
}

/// <summary>Serialises <see cref="GateReport"/> in the schema's property order.</summary>
public static class GateReportWriter
{
    public static byte[] ToJson(GateReport report, string root, EvidenceReference lineage, EvidenceReference? provenance) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("schemaVersion", GateReport.SchemaVersion);
        w.WriteString("decision", report.Decision);
        w.WriteString("mode", Names.Of(report.Mode));
        w.WriteString("profile", Names.Of(report.Profile));

        w.WriteStartObject("policy");
        WriteNullable(w, "path", report.Policy.Path);
        w.WriteString("version", report.Policy.Version);
        WriteNullable(w, "sha256", report.Policy.Sha256);
        w.WriteString("source", report.Policy.Path is null ? "built-in defaults" : "file");
        w.WriteEndObject();

        w.WriteStartObject("subject");
        w.WriteString("name", report.Subject.Name);
        w.WriteString("version", report.Subject.Version);
        w.WriteString("branch", report.Subject.Branch);
        w.WriteString("commit", report.Subject.Commit);
        w.WriteEndObject();

        w.WriteString("evaluatedAt", GateClock.Format(report.EvaluatedAt));

        w.WriteStartArray("projects");
        foreach (ReportProject project in report.Projects)
        {
            w.WriteStartObject();
            w.WriteString("name", project.Name);
            w.WriteString("path", project.Path);
            w.WriteOptionalString("targetFramework", project.TargetFramework);
            WriteNullable(w, "sha256", project.Sha256);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("checks");
        foreach (CheckResult check in report.Checks)
        {
            w.WriteStartObject();
            w.WriteString("id", check.Id);
            w.WriteString("code", check.Code);
            w.WriteString("status", Names.Of(check.Status));
            w.WriteString("severity", Names.Of(check.Severity));
            w.WriteString("message", check.Message);
            w.WriteOptionalString("project", check.Project);
            w.WriteOptionalString("waivedBy", check.WaivedBy);
            w.WriteStartArray("locations");
            foreach (SourceLocation location in check.Locations)
            {
                w.WriteStartObject();
                w.WriteString("path", RepoPath.Relative(root, location.Path));
                if (location.Line > 0)
                {
                    w.WriteNumber("line", location.Line);
                }

                if (location.Column > 0)
                {
                    w.WriteNumber("column", location.Column);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("evidence");
            foreach (EvidenceReference evidence in check.Evidence)
            {
                w.WriteStartObject();
                w.WriteString("path", RepoPath.Relative(root, evidence.Path));
                WriteNullable(w, "sha256", evidence.Sha256);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("waivers");
        foreach (Waiver waiver in report.Waivers.OrderBy(v => v.Exception.Id, StringComparer.Ordinal))
        {
            GovernanceException exception = waiver.Exception;
            w.WriteStartObject();
            w.WriteString("exception", exception.Id);
            w.WriteString("check", exception.Check);
            w.WriteString("scope", exception.Scope);
            w.WriteString("reason", exception.Reason);
            w.WriteString("requestedBy", exception.RequestedBy);
            w.WriteString("approvedBy", exception.ApprovedBy);
            w.WriteString("expires", GateClock.Format(exception.Expires));
            w.WriteStartArray("waived");
            foreach (string id in waiver.Waived)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("slos");
        foreach (SloOutcome slo in report.Slos)
        {
            w.WriteStartObject();
            w.WriteString("id", slo.Slo.Id);
            w.WriteString("metric", slo.Slo.Metric);
            w.WriteString("direction", slo.Slo.Direction == SloDirection.Higher ? "higher" : "lower");
            WriteNumber(w, "value", slo.Value);
            w.WriteString("tier", SloHistory.TierName(slo.Tier));
            w.WriteStartObject("thresholds");
            WriteNumber(w, "warn", slo.Slo.Warn);
            WriteNumber(w, "softFail", slo.Slo.SoftFail);
            WriteNumber(w, "hardFail", slo.Slo.HardFail);
            w.WriteEndObject();
            WriteNumber(w, "window", slo.Slo.Window);
            WriteNumber(w, "maxBreaches", slo.Slo.MaxBreaches);
            w.WriteNumber("breaches", slo.Breaches);
            w.WriteStartArray("trend");
            foreach (SloTrendPoint point in slo.Trend)
            {
                w.WriteStartObject();
                WriteNumber(w, "sequence", point.Sequence);
                w.WriteString("commit", point.Commit);
                WriteNumber(w, "value", point.Value);
                w.WriteString("tier", SloHistory.TierName(point.Tier));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartObject("lineage");
        w.WriteString("path", lineage.Path);
        w.WriteString("sha256", lineage.Sha256);
        if (provenance is null)
        {
            w.WriteNull("provenance");
        }
        else
        {
            w.WriteStartObject("provenance");
            w.WriteString("path", provenance.Path);
            w.WriteString("sha256", provenance.Sha256);
            w.WriteEndObject();
        }
        w.WriteEndObject();

        w.WriteStartObject("generator");
        w.WriteString("name", report.Generator.Name);
        w.WriteString("version", report.Generator.Version);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static void WriteNumber(Utf8JsonWriter w, string name, double? value) => w.WriteNumberOrNull(name, value);

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}

/// <summary>
/// SARIF 2.1.0: one run, every rule of <see cref="Gov.All"/> declared, one result per check that
/// did not pass. Locations are relative to the <c>SRCROOT</c> base (the governance root), whose
/// absolute location is deliberately not recorded.
/// </summary>
public static class SarifWriter
{
    public static byte[] ToJson(GateReport report, string root) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();

        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", report.Generator.Name);
        w.WriteString("version", report.Generator.Version);
        w.WriteStartArray("rules");
        foreach (DiagnosticDescriptor rule in Gov.All)
        {
            w.WriteStartObject();
            w.WriteString("id", rule.Code);
            w.WriteStartObject("shortDescription");
            w.WriteString("text", rule.Title);
            w.WriteEndObject();
            w.WriteStartObject("help");
            w.WriteString("text", $"See docs/{rule.HelpPage} in the Governance.Sdk package or repository.");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("originalUriBaseIds");
        w.WriteStartObject("SRCROOT");
        w.WriteStartObject("description");
        w.WriteString("text", "The governance root: the directory holding governance.json.");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartArray("results");
        foreach (CheckResult check in report.Checks.Where(c => c.Status != CheckStatus.Pass))
        {
            w.WriteStartObject();
            w.WriteString("ruleId", check.Code);
            w.WriteNumber("ruleIndex", IndexOf(check.Code));
            w.WriteString("level", Level(check, report.Mode));
            w.WriteStartObject("message");
            w.WriteString("text", check.Message);
            w.WriteEndObject();
            w.WriteStartArray("locations");
            foreach (SourceLocation location in check.Locations)
            {
                w.WriteStartObject();
                w.WriteStartObject("physicalLocation");
                w.WriteStartObject("artifactLocation");
                w.WriteString("uri", RepoPath.Relative(root, location.Path));
                w.WriteString("uriBaseId", "SRCROOT");
                w.WriteEndObject();
                if (location.Line > 0)
                {
                    w.WriteStartObject("region");
                    w.WriteNumber("startLine", location.Line);
                    if (location.Column > 0)
                    {
                        w.WriteNumber("startColumn", location.Column);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("properties");
            w.WriteString("checkId", check.Id);
            w.WriteString("status", Names.Of(check.Status));
            w.WriteString("severity", Names.Of(check.Severity));
            w.WriteOptionalString("project", check.Project);
            w.WriteEndObject();
            if (check.WaivedBy is not null)
            {
                // A waived failure is a suppressed result: SARIF viewers show it as accepted.
                w.WriteStartArray("suppressions");
                w.WriteStartObject();
                w.WriteString("kind", "external");
                w.WriteString("status", "accepted");
                w.WriteString("justification", $"Waived by exception {check.WaivedBy}.");
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>The SARIF level mirrors what the build log shows for the same result.</summary>
    private static string Level(CheckResult check, GateMode mode) => check.Status switch
    {
        CheckStatus.Error => "error",
        CheckStatus.Fail => mode == GateMode.Blocking ? "error" : "warning",
        CheckStatus.Warn => "warning",
        _ => "note",
    };

    private static int IndexOf(string code)
    {
        for (int i = 0; i < Gov.All.Count; i++)
        {
            if (Gov.All[i].Code == code)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>The human summary (<c>summary.md</c>, also appended to <c>$GITHUB_STEP_SUMMARY</c>).</summary>
public static class SummaryWriter
{
    public static string ToMarkdown(GateReport report, string reportPath)
    {
        var text = new StringBuilder();
        string icon = report.IsGo ? "✅" : "⛔";
        text.Append("## ").Append(icon).Append(" Release gate: ").Append(report.Decision).Append('\n').Append('\n');
        text.Append("| | |\n|---|---|\n");
        text.Append("| Subject | ").Append(Escape(report.Subject.Name));
        if (report.Subject.Version.Length > 0)
        {
            text.Append(' ').Append(Escape(report.Subject.Version));
        }

        text.Append(" |\n");
        text.Append("| Branch | ").Append(report.Subject.Branch.Length > 0 ? Escape(report.Subject.Branch) : "(unknown)").Append(" |\n");
        text.Append("| Commit | ").Append(report.Subject.Commit.Length > 0 ? report.Subject.Commit : "(unknown)").Append(" |\n");
        text.Append("| Mode | ").Append(Names.Of(report.Mode)).Append(" |\n");
        text.Append("| Profile | ").Append(Names.Of(report.Profile)).Append(" |\n");
        text.Append("| Policy | ").Append(report.Policy.Path is null ? "built-in defaults" : Escape(report.Policy.Path)).Append(" |\n");
        text.Append("| Evaluated at | ").Append(GateClock.Format(report.EvaluatedAt)).Append(" |\n");
        text.Append("| Projects | ").Append(report.ProjectCount).Append(" |\n");
        int passed = report.Checks.Count(c => c.Status == CheckStatus.Pass);
        text.Append("| Checks | ").Append(report.Checks.Count).Append(" (").Append(passed).Append(" passed) |\n\n");

        CheckResult[] findings = report.Checks.Where(c => c.Status != CheckStatus.Pass).ToArray();
        if (findings.Length == 0)
        {
            text.Append("No findings.\n");
        }
        else
        {
            text.Append("| Code | Status | Severity | Check | Message |\n|---|---|---|---|---|\n");
            foreach (CheckResult check in findings)
            {
                text.Append("| ").Append(check.Code)
                    .Append(" | ").Append(Names.Of(check.Status))
                    .Append(" | ").Append(Names.Of(check.Severity))
                    .Append(" | ").Append(Escape(check.Id))
                    .Append(" | ").Append(Escape(check.Message))
                    .Append(" |\n");
            }
        }

        if (report.Slos.Count > 0)
        {
            text.Append("\n| SLO | Metric | Value | Tier | Breaches | Trend (oldest first) |\n|---|---|---|---|---|---|\n");
            foreach (SloOutcome slo in report.Slos)
            {
                text.Append("| ").Append(Escape(slo.Slo.Id))
                    .Append(" | ").Append(Escape(slo.Slo.Metric))
                    .Append(" | ").Append(slo.Value is double value ? MetricReader.Format(value) : "no data")
                    .Append(" | ").Append(SloHistory.TierName(slo.Tier))
                    .Append(" | ").Append(slo.Slo.MaxBreaches is int max ? $"{slo.Breaches} of {slo.Trend.Count} (max {max})" : slo.Breaches.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Append(" | ").Append(string.Join(" → ", slo.Trend.Select(p => p.Value is double v ? MetricReader.Format(v) : "–")))
                    .Append(" |\n");
            }
        }

        if (report.Waivers.Count > 0)
        {
            text.Append("\n| Exception | Approved by | Expires | Waives |\n|---|---|---|---|\n");
            foreach (Waiver waiver in report.Waivers)
            {
                text.Append("| ").Append(Escape(waiver.Exception.Id))
                    .Append(" | ").Append(Escape(waiver.Exception.ApprovedBy ?? string.Empty))
                    .Append(" | ").Append(GateClock.Format(waiver.Exception.Expires))
                    .Append(" | ").Append(Escape(string.Join(", ", waiver.Waived)))
                    .Append(" |\n");
            }
        }

        text.Append('\n').Append("Report: `").Append(reportPath).Append("`\n");
        return text.ToString();
    }

    private static string Escape(string value) => value.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");
}

/// <summary>The lowercase names every output uses for enum values.</summary>
public static class Names
{
    public static string Of(GateMode mode) => mode == GateMode.Blocking ? "blocking" : "informational";

    public static string Of(PolicyProfile profile) => profile == PolicyProfile.Transitional ? "transitional" : "strict";

    public static string Of(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Warn => "warn",
        CheckStatus.Fail => "fail",
        CheckStatus.Waived => "waived",
        _ => "error",
    };

    public static string Of(Severity severity) => severity switch
    {
        Severity.Info => "info",
        Severity.Low => "low",
        Severity.Medium => "medium",
        Severity.High => "high",
        _ => "critical",
    };
}
