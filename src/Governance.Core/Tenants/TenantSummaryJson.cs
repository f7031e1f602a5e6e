using System.Collections.Generic;
using System.Text.Json;
using Governance.Core.IO;
using Governance.Core.Json;

namespace Governance.Core.Tenants;

/// <summary>
/// The rollout's totals and cohort rows as JSON, in one place for every file that carries them: the
/// report's <c>tenants</c> section, the matrix, and <c>governance tenants status --json</c>.
/// </summary>
public static class TenantSummaryJson
{
    /// <summary><c>registry</c> (path relative to <paramref name="root"/>, digest), <c>requiredCohorts</c>, <c>minCoverage</c>, <c>coverage</c>, <c>required</c>, <c>covered</c>.</summary>
    public static void WriteTotals(Utf8JsonWriter w, TenantSummary summary, string root)
    {
        w.WriteStartObject("registry");
        w.WriteString("path", RepoPath.Relative(root, summary.Registry));
        w.WriteString("sha256", summary.RegistrySha256);
        w.WriteEndObject();
        WriteNumbers(w, "requiredCohorts", summary.RequiredCohorts);
        w.WriteNumberOrNull("minCoverage", summary.MinCoverage);
        w.WriteNumberOrNull("coverage", summary.Coverage);
        w.WriteNumber("required", summary.Required);
        w.WriteNumber("covered", summary.Covered);
    }

    /// <summary>One object per cohort (its number, or null for the unscheduled), with each cohort's coverage when <paramref name="withCoverage"/>.</summary>
    public static void WriteCohorts(Utf8JsonWriter w, string name, IReadOnlyList<CohortProgress> cohorts, bool withCoverage)
    {
        w.WriteStartArray(name);
        foreach (CohortProgress cohort in cohorts)
        {
            w.WriteStartObject();
            w.WriteNumberOrNull("cohort", cohort.Cohort);
            w.WriteBoolean("required", cohort.Required);
            w.WriteNumber("capabilities", cohort.Total);
            w.WriteNumber("enforced", cohort.Enforced);
            w.WriteNumber("pending", cohort.Pending);
            w.WriteNumber("exempt", cohort.Exempt);
            w.WriteNumber("covered", cohort.Covered);
            if (withCoverage)
            {
                w.WriteNumberOrNull("coverage", cohort.Coverage);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public static void WriteNumbers(Utf8JsonWriter w, string name, IEnumerable<int> numbers)
    {
        w.WriteStartArray(name);
        foreach (int number in numbers)
        {
            w.WriteNumberValue(number);
        }

        w.WriteEndArray();
    }
}
