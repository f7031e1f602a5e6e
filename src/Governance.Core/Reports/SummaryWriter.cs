using System;
using System.Linq;
using System.Text;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Exceptions;
using Governance.Core.Slos;

namespace Governance.Core.Reports;

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
        text.Append("| Projects | ").Append(report.ProjectCount).Append(report.ProjectCount == 1 ? " project" : " projects")
            .Append(", ").Append(report.BuildCount).Append(report.BuildCount == 1 ? " build" : " builds").Append(" |\n");
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

        // The release notes found (releaseNotes.required): quoted, a package a row.
        CheckResult[] notes = report.Checks.Where(c => c.Status == CheckStatus.Pass && c.Id.StartsWith(Checks.ReleaseNotesChecker.IdPrefix, StringComparison.Ordinal)).ToArray();
        if (notes.Length > 0)
        {
            text.Append("\n| Release notes |\n|---|\n");
            foreach (CheckResult note in notes)
            {
                text.Append("| ").Append(Escape(note.Message)).Append(" |\n");
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
                    .Append(" | ").Append(Names.Of(slo.Tier))
                    .Append(" | ").Append(slo.Slo.MaxBreaches is int max ? $"{slo.Breaches} of {slo.Trend.Count} (max {max})" : slo.Breaches.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Append(" | ").Append(string.Join(" → ", slo.Trend.Select(p => p.Value is double v ? MetricReader.Format(v) : "–")))
                    .Append(" |\n");
            }
        }

        if (report.Tenants is Tenants.TenantSummary tenants)
        {
            text.Append("\nTenant isolation: ").Append(Tenants.TenantRolloutWriter.CoverageText(tenants))
                .Append(" (`").Append(Reports.GateOutputs.TenantRolloutFileName).Append("`, `").Append(Reports.GateOutputs.TenantMatrixFileName).Append("`)\n\n")
                .Append(Tenants.TenantRolloutWriter.CohortTable(tenants));
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

    /// <summary>A table cell: a pipe would end it, and control characters are escaped (<see cref="MessageText"/>).</summary>
    private static string Escape(string value) => MessageText.Escape(value.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ')).Replace("|", "\\|");
}
