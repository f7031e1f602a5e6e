using System.Linq;
using System.Text.Json;
using Governance.Core.Evaluation;
using Governance.Core.IO;
using Governance.Core.Json;

namespace Governance.Core.Tenants;

/// <summary>
/// Serialises the tenant-isolation matrix (<c>tenant-isolation-matrix.json</c>, schema
/// <c>schemas/tenant-isolation-matrix.schema.json</c>): every capability of the registry with its
/// cohort, risk, channel, owner and state, and under it each scenario with each test result and its
/// outcome. Paths are relative to the governance root; the same run gives the same bytes.
/// </summary>
public static class TenantMatrixWriter
{
    public const string SchemaVersion = "1";

    public static byte[] ToJson(TenantRollout rollout, GateReport report, string root) => CanonicalJson.Write(w =>
    {
        TenantSummary summary = rollout.Summary;
        w.WriteStartObject();
        w.WriteString("schemaVersion", SchemaVersion);
        w.WriteStartObject("subject");
        w.WriteString("name", report.Subject.Name);
        w.WriteString("commit", report.Subject.Commit);
        w.WriteEndObject();
        w.WriteString("evaluatedAt", GateClock.Format(report.EvaluatedAt));
        TenantSummaryJson.WriteTotals(w, summary, root);

        w.WriteStartArray("capabilities");
        foreach (CapabilityCoverage coverage in rollout.Capabilities)
        {
            Capability capability = coverage.Capability;
            w.WriteStartObject();
            w.WriteString("id", capability.Id);
            w.WriteString("owner", capability.Owner);
            w.WriteString("channel", Names.Name(capability.Channel));
            w.WriteString("risk", Names.Of(capability.Risk));
            w.WritePropertyName("cohort");
            if (capability.Cohort is int cohort)
            {
                w.WriteNumberValue(cohort);
            }
            else
            {
                w.WriteNullValue();
            }

            w.WriteString("sameTenant", Names.Name(capability.SameTenant));
            w.WriteBoolean("required", coverage.Required);
            w.WriteString("state", Names.Name(coverage.State));
            w.WritePropertyName("problem");
            if (coverage.Problem is null)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteStringValue(coverage.Problem);
            }

            WriteStrings(w, "scenariosRequired", capability.Scenarios.OrderBy(s => s, System.StringComparer.Ordinal));
            WriteStrings(w, "scenariosMissing", coverage.MissingScenarios);
            if (capability.Exemption is CapabilityExemption exemption)
            {
                w.WriteStartObject("exemption");
                w.WriteString("reason", exemption.Reason);
                w.WriteOptionalString("approvedBy", exemption.ApprovedBy);
                w.WriteOptionalString("expires", exemption.Expires is System.DateTimeOffset expires ? GateClock.Format(expires) : null);
                w.WriteEndObject();
            }

            w.WriteStartArray("scenarios");
            foreach (IGrouping<string?, IsolationTest> scenario in coverage.Tests.GroupBy(t => t.Scenario))
            {
                w.WriteStartObject();
                w.WritePropertyName("scenario");
                if (scenario.Key is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    w.WriteStringValue(scenario.Key);
                }

                w.WriteStartArray("tests");
                foreach (IsolationTest test in scenario)
                {
                    WriteTest(w, test, root);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("unknownCapabilities");
        foreach (IsolationTest test in rollout.UnknownCapabilities)
        {
            w.WriteStartObject();
            w.WriteString("capability", test.Capability);
            w.WriteString("scenario", test.Scenario);
            WriteTestFields(w, test, root);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteFiles(w, "testResults", rollout.TestResults, root);
        WriteFiles(w, "testAssemblies", rollout.TestAssemblies, root);
        w.WriteEndObject();
    });

    private static void WriteTest(Utf8JsonWriter w, IsolationTest test, string root)
    {
        w.WriteStartObject();
        WriteTestFields(w, test, root);
        w.WriteEndObject();
    }

    private static void WriteTestFields(Utf8JsonWriter w, IsolationTest test, string root)
    {
        w.WriteString("test", test.Result.TestName);
        w.WriteString("fullName", test.Result.FullName);
        w.WriteString("outcome", Names.Name(test.Result.Outcome));
        w.WriteString("via", test.ByTrait ? "trait" : "tests");
        w.WriteString("results", RepoPath.Relative(root, test.Result.TrxFile));
        w.WriteNumber("line", test.Result.Line);
        w.WriteString("assembly", System.IO.Path.GetFileName(test.Result.Assembly));
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, System.Collections.Generic.IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (string value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void WriteFiles(Utf8JsonWriter w, string name, System.Collections.Generic.IReadOnlyList<EvidenceReference> files, string root)
    {
        w.WriteStartArray(name);
        foreach (EvidenceReference file in files.OrderBy(f => f.Path, System.StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("path", RepoPath.Relative(root, file.Path));
            w.WriteString("sha256", file.Sha256);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
