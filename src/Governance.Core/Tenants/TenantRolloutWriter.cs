using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.IO;

namespace Governance.Core.Tenants;

/// <summary>
/// The rollout progress page (<c>tenant-rollout.md</c>): coverage against the target, each cohort's
/// enforced / pending / exempt counts and coverage, what each capability in a required cohort still
/// lacks, and the trend over the store's history. The cohort table is shared with the gate's
/// summary and <c>governance tenants status</c>, so the three never disagree.
/// </summary>
public static class TenantRolloutWriter
{
    public static string ToMarkdown(TenantRollout rollout, GateReport report, string root)
    {
        TenantSummary summary = rollout.Summary;
        var text = new StringBuilder();
        text.Append("# Tenant isolation rollout: ").Append(Escape(report.Subject.Name)).Append("\n\n");
        text.Append("| | |\n|---|---|\n");
        text.Append("| Registry | `").Append(RepoPath.Relative(root, summary.Registry)).Append("` |\n");
        text.Append("| Commit | ").Append(report.Subject.Commit.Length > 0 ? Escape(report.Subject.Commit) : "(unknown)").Append(" |\n");
        text.Append("| Evaluated at | ").Append(GateClock.Format(report.EvaluatedAt)).Append(" |\n");
        text.Append("| Required cohorts | ").Append(summary.RequiredCohorts.Count == 0 ? "none" : string.Join(", ", summary.RequiredCohorts)).Append(" |\n");
        text.Append("| Coverage | ").Append(CoverageText(summary)).Append(" |\n\n");

        text.Append("## Cohorts\n\n").Append(CohortTable(summary));

        text.Append("\n## What the required cohorts still lack\n\n");
        text.Append(rollout.NotCovered.Count == 0 ? "Nothing: every capability in a required cohort is covered.\n" : NotCoveredTable(rollout));

        CapabilityCoverage[] exempt = rollout.Capabilities.Where(c => c.Capability.SameTenant == SameTenantStatus.Exempt).ToArray();
        if (exempt.Length > 0)
        {
            text.Append("\n## Exemptions\n\n| Capability | Cohort | Approved by | Expires | Valid | Reason |\n|---|---|---|---|---|---|\n");
            foreach (CapabilityCoverage coverage in exempt)
            {
                CapabilityExemption? e = coverage.Capability.Exemption;
                text.Append("| ").Append(Escape(coverage.Capability.Id))
                    .Append(" | ").Append(coverage.Capability.Cohort?.ToString(CultureInfo.InvariantCulture) ?? "–")
                    .Append(" | ").Append(Escape(e?.ApprovedBy ?? "–"))
                    .Append(" | ").Append(e?.Expires is DateTimeOffset expires ? GateClock.Format(expires) : "–")
                    .Append(" | ").Append(coverage.State == CoverageState.Exempt ? "yes" : "no")
                    .Append(" | ").Append(Escape(e?.Reason ?? "(no exemption)"))
                    .Append(" |\n");
            }
        }

        text.Append("\n## Trend (oldest first)\n\n| Run | Recorded at | Commit | Coverage | Covered | Enforced | Pending | Exempt |\n|---|---|---|---|---|---|---|---|\n");
        foreach (TenantTrendPoint point in rollout.Trend)
        {
            text.Append("| ").Append(point.Sequence is long sequence ? "#" + sequence.ToString(CultureInfo.InvariantCulture) : "this run")
                .Append(" | ").Append(point.RecordedAt)
                .Append(" | ").Append(point.Commit.Length == 0 ? "(unknown)" : Escape(point.Commit.Length > 12 ? point.Commit.Substring(0, 12) : point.Commit))
                .Append(" | ").Append(point.Coverage is double coverage ? TenantIsolationCheck.Percent(coverage) : "–")
                .Append(" | ").Append(point.Covered).Append(" of ").Append(point.Required)
                .Append(" | ").Append(point.Enforced)
                .Append(" | ").Append(point.Pending)
                .Append(" | ").Append(point.Exempt)
                .Append(" |\n");
        }

        text.Append("\nMatrix: `tenant-isolation-matrix.json`. How to expand a cohort: docs/tenant-isolation.md#expanding-a-cohort.\n");
        return text.ToString();
    }

    /// <summary>One row per capability of the required cohorts that is not covered: where it stands, the scenarios it lacks, and why.</summary>
    public static string NotCoveredTable(TenantRollout rollout)
    {
        var text = new StringBuilder("| Capability | Cohort | Risk | Channel | Owner | State | Scenarios missing | Why |\n|---|---|---|---|---|---|---|---|\n");
        foreach (CapabilityCoverage coverage in rollout.NotCovered)
        {
            Capability c = coverage.Capability;
            text.Append("| ").Append(Escape(c.Id))
                .Append(" | ").Append(c.Cohort?.ToString(CultureInfo.InvariantCulture) ?? "–")
                .Append(" | ").Append(Names.Of(c.Risk))
                .Append(" | ").Append(Names.Name(c.Channel))
                .Append(" | ").Append(Escape(c.Owner))
                .Append(" | ").Append(Names.Name(coverage.State))
                .Append(" | ").Append(coverage.MissingScenarios.Count == 0 ? "–" : Escape(string.Join(", ", coverage.MissingScenarios)))
                .Append(" | ").Append(Escape(coverage.Problem ?? string.Empty))
                .Append(" |\n");
        }

        return text.ToString();
    }

    /// <summary>One row per cohort: capabilities, enforced, pending, exempt, covered and coverage; required cohorts marked.</summary>
    public static string CohortTable(TenantSummary summary)
    {
        var text = new StringBuilder("| Cohort | Required | Capabilities | Enforced | Pending | Exempt | Covered | Coverage |\n|---|---|---|---|---|---|---|---|\n");
        foreach (CohortProgress cohort in summary.Cohorts)
        {
            text.Append("| ").Append(cohort.Cohort?.ToString(CultureInfo.InvariantCulture) ?? "unscheduled")
                .Append(" | ").Append(cohort.Required ? "yes" : "no")
                .Append(" | ").Append(cohort.Total)
                .Append(" | ").Append(cohort.Enforced)
                .Append(" | ").Append(cohort.Pending)
                .Append(" | ").Append(cohort.Exempt)
                .Append(" | ").Append(cohort.Covered)
                .Append(" | ").Append(cohort.Coverage is double coverage ? TenantIsolationCheck.Percent(coverage) : "–")
                .Append(" |\n");
        }

        return text.ToString();
    }

    /// <summary>"75% (6 of 8), target 100%", or what stands in for it when nothing is required.</summary>
    public static string CoverageText(TenantSummary summary) => summary.Coverage is double coverage
        ? $"{TenantIsolationCheck.Percent(coverage)} ({summary.Covered} of {summary.Required}), target {TenantIsolationCheck.Percent(summary.MinCoverage)}"
        : $"nothing required yet, target {TenantIsolationCheck.Percent(summary.MinCoverage)}";

    private static string Escape(string value) => MessageText.Escape(value.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ')).Replace("|", "\\|");
}
