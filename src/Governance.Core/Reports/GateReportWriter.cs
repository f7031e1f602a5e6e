using System;
using System.Linq;
using System.Text.Json;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Exceptions;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Slos;

namespace Governance.Core.Reports;

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

        w.WriteStartArray("overrides");
        foreach (GateOverride setting in report.Overrides)
        {
            w.WriteStartObject();
            w.WriteString("class", setting.Class);
            w.WriteString("setting", setting.Setting);
            w.WriteString("value", setting.Value);
            w.WriteOptionalString("project", setting.Project);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("projects");
        foreach (ReportProject project in report.Projects)
        {
            w.WriteStartObject();
            w.WriteString("name", project.Name);
            w.WriteString("path", project.Path);
            w.WriteOptionalString("targetFramework", project.TargetFramework);
            WriteNullable(w, "sha256", project.Sha256);
            w.WriteOptionalString("kind", project.Kind == Lineage.FragmentKind.Build ? null : Names.Name(project.Kind));
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
            w.WriteString("direction", Names.Of(slo.Slo.Direction));
            WriteNumber(w, "value", slo.Value);
            w.WriteString("tier", Names.Of(slo.Tier));
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
                w.WriteString("tier", Names.Of(point.Tier));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();

        if (report.Tenants is Tenants.TenantSummary tenants)
        {
            WriteTenants(w, tenants, root);
        }

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

    private static void WriteTenants(Utf8JsonWriter w, Tenants.TenantSummary tenants, string root)
    {
        w.WriteStartObject("tenants");
        Tenants.TenantSummaryJson.WriteTotals(w, tenants, root);
        Tenants.TenantSummaryJson.WriteCohorts(w, "cohorts", tenants.Cohorts, withCoverage: false);
        w.WriteEndObject();
    }

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
