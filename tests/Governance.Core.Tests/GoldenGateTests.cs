using System;
using System.IO;
using System.Linq;
using System.Text;
using Governance.Core.Evaluation;
using Governance.Core.IO;
using Governance.Core.Lineage;
using Governance.Core.Reports;

namespace Governance.Core.Tests;

/// <summary>
/// Gate outputs for policies the sample does not exercise (SLOs with history, exceptions, the
/// transitional profile, evidence, contracts, versions), byte for byte against the copies under
/// <c>tests/Governance.Core.Tests/Golden/</c>, together with the SLO history entries the runs
/// append. A deliberate change: GOVERNANCE_UPDATE_GOLDEN=1, run, review the diff, commit.
/// </summary>
public class GoldenGateTests
{
    private const string Sha = "89abcdef0123456789abcdef0123456789abcdef";

    private const string Policy = """
        {
          "policyVersion": "1",
          "profile": "PROFILE",
          "gate": { "blockingBranches": ["main"] },
          "evidence": [ { "kind": "release-notes", "path": "evidence/notes.json", "maxAgeDays": 10 } ],
          "contracts": [ { "files": "contracts/*.json", "schema": "contracts/order.schema.json", "severity": "medium" } ],
          "versioning": { "stableOnBlockingBranches": true, "baseline": "1.0.0" },
          "metrics": ["metrics/*.json"],
          "slos": [
            { "id": "pass-rate", "metric": "tests.passRate", "direction": "higher", "warn": 0.99, "softFail": 0.97, "hardFail": 0.90, "window": 3, "maxBreaches": 2 },
            { "id": "latency", "metric": "latency.p95Ms", "direction": "lower", "warn": 200, "softFail": 300, "hardFail": 500, "severity": "medium" },
            { "id": "errors", "metric": "errors.rate", "direction": "lower", "warn": 0.01, "softFail": 0.02, "hardFail": 0.05 }
          ],
          "exceptions": "governance.exceptions.json",
          "exceptionMaxDays": 60
        }
        """;

    [Theory]
    [InlineData("strict", "main", "strict-blocking")]
    [InlineData("transitional", "main", "transitional-blocking")]
    [InlineData("transitional", "feature/x", "transitional-informational")]
    public void Reports_and_history_entries_are_byte_identical_to_the_golden_copies(string profile, string branch, string name)
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, profile, branch);

        // Two runs of two commits: the second sees the first in its history (on a blocking branch).
        GateEvaluation first = GateEvaluator.Evaluate(request);
        GateOutputs.Write(first, dir.Combine("artifacts/first"));
        Assert.Empty(GateRecorder.Record(first));
        dir.Write("metrics/run.json", """{ "metrics": { "tests.passRate": 0.95, "latency.p95Ms": 250, "errors.rate": 0.03 } }""");
        dir.Write($".git/refs/heads/{branch}", "fedcba9876543210fedcba9876543210fedcba98\n");
        GateEvaluation second = GateEvaluator.Evaluate(request);
        GateOutputs.Write(second, dir.Combine("artifacts/second"));
        Assert.Empty(GateRecorder.Record(second));

        var outputs = new (string Name, byte[] Bytes)[]
        {
            ("first.report.json", File.ReadAllBytes(dir.Combine("artifacts/first/" + GateOutputs.ReportFileName))),
            ("second.report.json", File.ReadAllBytes(dir.Combine("artifacts/second/" + GateOutputs.ReportFileName))),
            ("second.summary.md", File.ReadAllBytes(dir.Combine("artifacts/second/" + GateOutputs.SummaryFileName))),
            ("second.findings.sarif", File.ReadAllBytes(dir.Combine("artifacts/second/" + GateOutputs.SarifFileName))),
        }.Concat(Directory.Exists(dir.Combine(".governance/store/streams"))
            ? Directory.GetFiles(dir.Combine(".governance/store/streams"), "*.json", SearchOption.AllDirectories)
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => (Name: "history." + Path.GetFileName(f), Bytes: File.ReadAllBytes(f)))
            : Enumerable.Empty<(string Name, byte[] Bytes)>()).ToArray();

        string golden = Path.Combine(RepositoryRoot(), "tests", "Governance.Core.Tests", "Golden", name);
        if (Environment.GetEnvironmentVariable("GOVERNANCE_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(golden);
            foreach (string stale in Directory.GetFiles(golden))
            {
                File.Delete(stale);
            }

            foreach ((string file, byte[] bytes) in outputs)
            {
                File.WriteAllBytes(Path.Combine(golden, file), bytes);
            }

            return;
        }

        Assert.Equal(
            Directory.GetFiles(golden).Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal).ToArray(),
            outputs.Select(o => o.Name).OrderBy(f => f, StringComparer.Ordinal).ToArray());
        foreach ((string file, byte[] bytes) in outputs)
        {
            string expected = File.ReadAllText(Path.Combine(golden, file));
            Assert.True(expected == Encoding.UTF8.GetString(bytes),
                $"{file} differs from the golden copy in {golden}. If the change is deliberate, run with GOVERNANCE_UPDATE_GOLDEN=1 and commit the reviewed files.\nNow:\n{Encoding.UTF8.GetString(bytes)}");
        }
    }

    internal static GateRequest Repository(TempDirectory dir, string profile, string branch)
    {
        dir.Write(".git/HEAD", $"ref: refs/heads/{branch}\n");
        dir.Write($".git/refs/heads/{branch}", Sha + "\n");
        string project = dir.Write("src/App/App.csproj", "<Project />");
        string source = dir.Write("src/App/Program.cs", "class P {}");
        string assembly = dir.Write("src/App/bin/App.dll", "binary");
        string fragment = dir.Combine("src/App/obj/governance/collect.json");
        var inputs = new LineageFragmentInputs { Sources = new[] { source, project }, Artifacts = new[] { assembly } };
        AtomicFile.WriteAllBytes(fragment, LineageFragment.Create("App", project, "net10.0", inputs, FileDigestCache.Empty()).ToCanonicalJson());
        dir.Write("governance.json", Policy.Replace("PROFILE", profile));
        dir.Write("evidence/notes.json", """{ "capturedAt": "2026-11-01T00:00:00Z" }""");
        dir.Write("contracts/order.schema.json", """{ "type": "object", "required": ["id"], "properties": { "id": { "type": "string" } } }""");
        dir.Write("contracts/a.json", """{ "id": "a" }""");
        dir.Write("contracts/b.json", """{ "id": 7 }""");
        dir.Write("metrics/run.json", """{ "metrics": { "tests.passRate": 0.96, "latency.p95Ms": 350, "errors.rate": 0.06 } }""");
        dir.Write("governance.exceptions.json", """
            { "exceptions": [
              { "id": "EX-1", "check": "GOV2101", "scope": "*", "reason": "contract migration", "requestedBy": "dev-a", "approvedBy": "lead-b",
                "created": "2026-11-01T00:00:00Z", "expires": "2026-11-28T00:00:00Z" },
              { "id": "EX-2", "check": "slo:errors", "scope": "*", "reason": "self approved", "requestedBy": "dev-a", "approvedBy": "DEV-A",
                "created": "2026-11-01T00:00:00Z", "expires": "2026-11-28T00:00:00Z" },
              { "id": "EX-3", "check": "GOV9999", "scope": "*", "reason": "matches nothing", "requestedBy": "dev-a", "approvedBy": "lead-b",
                "created": "2026-11-01T00:00:00Z", "expires": "2026-12-20T00:00:00Z" }
            ] }
            """);
        return new GateRequest
        {
            GovernanceRoot = dir.Path,
            PolicyFile = dir.Combine("governance.json"),
            Now = "2026-11-24T12:00:00Z",
            SubjectName = "App",
            SubjectVersion = "1.0.0",
            Projects = new[] { new GateProject(project, fragment, "net10.0") { PackageId = "App", PackageVersion = "1.1.0-rc.1" } },
            Environment = _ => null,
            // The wall clock at the pinned time: a GovernanceNow behind it would be refused on main.
            UtcNow = () => new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero),
        };
    }

    internal static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Governance.Sdk.sln")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException("Governance.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
