using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Governance.Core.Evaluation;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Lineage;
using Governance.Core.Policy;
using Governance.Core.Reports;

namespace Governance.Core.Tests;

public class GateEvaluatorTests
{
    private const string Now = "2026-11-24T12:00:00Z";
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    /// <summary>A small repository: a git HEAD, one built project with its fragment, optionally a policy.</summary>
    private static GateRequest Repository(TempDirectory dir, string? policy, string branch = "main", string? mode = null)
    {
        dir.Write(".git/HEAD", $"ref: refs/heads/{branch}\n");
        dir.Write($".git/refs/heads/{branch}", Sha + "\n");
        string project = dir.Write("src/App/App.csproj", "<Project />");
        string source = dir.Write("src/App/Program.cs", "class P {}");
        string assembly = dir.Write("src/App/bin/App.dll", "binary");
        string fragment = dir.Combine("src/App/obj/governance/collect.json");
        var inputs = new LineageFragmentInputs { Sources = new[] { source, project }, Artifacts = new[] { assembly } };
        AtomicFile.WriteAllBytes(fragment, LineageFragment.Create("App", project, "net10.0", inputs, FileDigestCache.Empty()).ToCanonicalJson());
        string? policyFile = policy is null ? null : dir.Write("governance.json", policy);
        return new GateRequest
        {
            GovernanceRoot = dir.Path,
            PolicyFile = policyFile,
            Now = Now,
            Mode = mode,
            SubjectName = "App",
            SubjectVersion = "1.0.0",
            Projects = new[] { new GateProject(project, fragment, "net10.0") },
            Environment = _ => null,
            UtcNow = () => new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero),
        };
    }

    [Fact]
    public void Policy_checks_and_project_checks_decide_and_reach_the_lineage()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, """
            { "policyVersion": "1", "gate": { "blockingBranches": ["main"] }, "versioning": { "stableOnBlockingBranches": true } }
            """);
        string log = dir.Write("src/App/obj/compiler.sarif", """
            { "version": "2.1.0", "runs": [ { "results": [ { "ruleId": "CA5350", "level": "error", "message": { "text": "Weak hash." } } ] } ] }
            """);
        GateProject project = request.Projects[0] with { PackageId = "App", PackageVersion = "2.0.0-rc.1", SarifLogs = new[] { log } };
        request = request with
        {
            // Two target frameworks naming one log: it is one set of findings.
            Projects = new[] { project, project with { TargetFramework = "net8.0" } },
            ProjectChecks = new[] { new ProjectCheckReport("licenses", project.ProjectFile, ProjectCheckOrigin.Target) { Status = "pass" } },
        };

        GateEvaluation evaluation = GateEvaluator.Evaluate(request);

        CheckResult[] checks = evaluation.Report.Checks.ToArray();
        Assert.Equal("no-go", evaluation.Report.Decision);
        Assert.Equal(CheckStatus.Fail, Assert.Single(checks, c => c.Id == "sarif:CA5350").Status);
        Assert.Equal(CheckStatus.Fail, Assert.Single(checks, c => c.Id == "version:App").Status);
        Assert.Equal(CheckStatus.Pass, Assert.Single(checks, c => c.Id == "custom:licenses").Status);
        Assert.NotNull(evaluation.Lineage.Find("evidence:src/App/obj/compiler.sarif"));
        Assert.Contains(evaluation.Lineage.Edges, e => e.From == "check:custom:licenses" && e.To == "decision:release");
    }

    [Fact]
    public void Without_a_policy_the_gate_is_informational_and_go()
    {
        using var dir = new TempDirectory();

        GateReport report = GateEvaluator.Evaluate(Repository(dir, policy: null)).Report;

        Assert.Equal(("go", GateMode.Informational, PolicyProfile.Strict), (report.Decision, report.Mode, report.Profile));
        Assert.Null(report.Policy.Path);
        Assert.Equal(new GateSubject("App", "1.0.0", "main", Sha), report.Subject);
        ReportProject project = Assert.Single(report.Projects);
        Assert.Equal("src/App/App.csproj", project.Path);
    }

    [Fact]
    public void A_blocking_branch_makes_the_gate_blocking()
    {
        using var dir = new TempDirectory();

        GateReport report = GateEvaluator.Evaluate(Repository(dir, "{ \"policyVersion\": \"1\", \"gate\": { \"blockingBranches\": [\"release/*\"] } }", branch: "release/2.0")).Report;

        Assert.Equal(GateMode.Blocking, report.Mode);
        Assert.Equal("governance.json", report.Policy.Path);
    }

    [Fact]
    public void Other_branches_are_informational()
    {
        using var dir = new TempDirectory();

        GateReport report = GateEvaluator.Evaluate(Repository(dir, "{ \"policyVersion\": \"1\", \"gate\": { \"blockingBranches\": [\"main\"] } }", branch: "feature/a")).Report;

        Assert.Equal(GateMode.Informational, report.Mode);
    }

    [Fact]
    public void Missing_evidence_makes_the_decision_no_go_in_either_mode()
    {
        using var dir = new TempDirectory();
        const string policy = "{ \"policyVersion\": \"1\", \"evidence\": [ { \"kind\": \"branch-protection\", \"path\": \"e.json\" } ] }";

        GateReport report = GateEvaluator.Evaluate(Repository(dir, policy)).Report;

        Assert.Equal("no-go", report.Decision);
        CheckResult failure = Assert.Single(report.Checks, c => c.Status == CheckStatus.Fail);
        Assert.Equal("GOV2001", failure.Code);
    }

    [Fact]
    public void A_policy_that_cannot_be_read_is_no_go_with_mode_unknown()
    {
        using var dir = new TempDirectory();

        GateReport report = GateEvaluator.Evaluate(Repository(dir, "{ \"policyVersion\": \"1\", \"profile\": \"lenient\" }")).Report;

        // The mode comes from the policy's branch rules, which could not be read: not "informational".
        Assert.Equal(("no-go", GateMode.Unknown), (report.Decision, report.Mode));
        Assert.Equal(CheckStatus.Error, Assert.Single(report.Checks, c => c.Code == "GOV1002").Status);
    }

    [Fact]
    public void An_explicit_mode_overrides_the_branch_rules_and_a_bad_one_is_GOV1004()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, "{ \"policyVersion\": \"1\" }", mode: "blocking");

        Assert.Equal(GateMode.Blocking, GateEvaluator.Evaluate(request).Report.Mode);

        GateReport report = GateEvaluator.Evaluate(request with { Mode = "strictest", SettingsFile = dir.Combine("src/App/App.csproj") }).Report;
        CheckResult error = Assert.Single(report.Checks, c => c.Status == CheckStatus.Error);
        Assert.Equal("GOV1004", error.Code);
        Assert.Equal(dir.Combine("src/App/App.csproj"), Assert.Single(error.Locations).Path);

        report = GateEvaluator.Evaluate(request with { Mode = null, Profile = "lenient", Now = "garbage", UtcNow = () => DateTimeOffset.UnixEpoch }).Report;
        Assert.Equal(2, report.Checks.Count(c => c.Code == "GOV1004"));
    }

    [Fact]
    public void A_project_whose_results_are_missing_is_GOV3001()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, policy: null);
        File.Delete(request.Projects[0].FragmentFile);

        GateReport report = GateEvaluator.Evaluate(request).Report;

        CheckResult failure = Assert.Single(report.Checks, c => c.IsBlocking && c.Id.StartsWith("collect:", StringComparison.Ordinal));
        Assert.Equal("GOV3001", failure.Code);
        Assert.Equal("src/App/App.csproj", failure.Project);
        Assert.Contains("has no lineage fragment from this build", failure.Message);
        Assert.Null(Assert.Single(report.Projects).Sha256);
        // With nothing collected, the decision cannot be traced to any source either.
        CheckResult untraced = Assert.Single(report.Checks, c => c.IsBlocking && c.Id == Governance.Core.Lineage.LineageCompleteness.CheckId);
        Assert.Equal("GOV3001", untraced.Code);
        Assert.StartsWith("The decision release does not trace back to any source", untraced.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_fragment_is_reported_not_trusted()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, policy: null);
        File.WriteAllText(request.Projects[0].FragmentFile, "{ \"schemaVersion\": \"2\", \"project\": {} }");

        GateReport report = GateEvaluator.Evaluate(request).Report;

        Assert.Equal("no-go", report.Decision);
        Assert.Contains(report.Checks, c => c.Code == "GOV1002" && c.Status == CheckStatus.Error);

        File.WriteAllText(request.Projects[0].FragmentFile, "{ \"schemaVersion\": \"1\", \"project\": {} }");
        Assert.Contains(GateEvaluator.Evaluate(request).Report.Checks, c => c.Code == "GOV1003" && c.Message.Contains("Rebuild the project"));
    }

    [Fact]
    public void The_same_inputs_give_byte_identical_outputs()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, "{ \"policyVersion\": \"1\", \"evidence\": [ { \"kind\": \"k\", \"path\": \"missing.json\" } ] }");

        Dictionary<string, byte[]> first = WriteAndRead(request);
        Dictionary<string, byte[]> second = WriteAndRead(request);

        Assert.Equal(5, first.Count);
        foreach (KeyValuePair<string, byte[]> file in first)
        {
            Assert.True(file.Value.SequenceEqual(second[file.Key]), $"{file.Key} differs between two runs");
        }
    }

    [Fact]
    public void Outputs_contain_no_absolute_path_and_satisfy_their_schemas()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, "{ \"policyVersion\": \"1\", \"evidence\": [ { \"kind\": \"k\", \"path\": \"missing.json\" } ] }");

        Dictionary<string, byte[]> files = WriteAndRead(request);

        foreach (KeyValuePair<string, byte[]> file in files)
        {
            string text = Encoding.UTF8.GetString(file.Value);
            Assert.DoesNotContain(dir.Path, text);
            Assert.DoesNotContain("\r", text);
            Assert.EndsWith("\n", text);
        }

        Assert.Empty(SchemaValidator.Validate("report", Encoding.UTF8.GetString(files[GateOutputs.ReportFileName]), "release-readiness-gate-report.schema.json"));
        Assert.Empty(SchemaValidator.Validate("lineage", Encoding.UTF8.GetString(files[GateOutputs.LineageFileName]), "lineage.schema.json"));
    }

    [Fact]
    public void The_report_links_the_lineage_by_digest()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, policy: null);

        Dictionary<string, byte[]> files = WriteAndRead(request);

        using var report = System.Text.Json.JsonDocument.Parse(files[GateOutputs.ReportFileName]);
        Assert.Equal(Sha256.OfBytes(files[GateOutputs.LineageFileName]), report.RootElement.GetProperty("lineage").GetProperty("sha256").GetString());
        Assert.Equal("artifacts/governance/lineage.json", report.RootElement.GetProperty("lineage").GetProperty("path").GetString());
    }

    [Fact]
    public void Lineage_traces_the_decision_back_to_sources()
    {
        using var dir = new TempDirectory();
        GateEvaluation evaluation = GateEvaluator.Evaluate(Repository(dir, "{ \"policyVersion\": \"1\" }"));
        LineageGraph graph = evaluation.Lineage;

        var upstream = graph.Edges.ToLookup(e => e.To, e => e.From);
        var reached = new HashSet<string>();
        var pending = new Stack<string>(new[] { "decision:release" });
        while (pending.Count > 0)
        {
            foreach (string from in upstream[pending.Pop()])
            {
                if (reached.Add(from))
                {
                    pending.Push(from);
                }
            }
        }

        Assert.Contains("source:src/App/Program.cs", reached);
        Assert.Contains("artifact:src/App/bin/App.dll", reached);
        Assert.Contains("input:governance.json", reached);
        Assert.All(graph.Edges, e => Assert.Contains(graph.Nodes, n => n.Id == e.From));
        Assert.All(graph.Edges, e => Assert.Contains(graph.Nodes, n => n.Id == e.To));
    }

    [Fact]
    public void Sarif_declares_every_rule_and_reports_each_non_passing_check()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, "{ \"policyVersion\": \"1\", \"gate\": { \"blockingBranches\": [\"main\"] }, \"evidence\": [ { \"kind\": \"k\", \"path\": \"missing.json\" } ] }");

        Dictionary<string, byte[]> files = WriteAndRead(request);

        using var sarif = System.Text.Json.JsonDocument.Parse(files[GateOutputs.SarifFileName]);
        var run = sarif.RootElement.GetProperty("runs")[0];
        string[] rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(Diagnostics.Gov.All.Select(d => d.Code), rules);
        var result = Assert.Single(run.GetProperty("results").EnumerateArray());
        Assert.Equal("GOV2001", result.GetProperty("ruleId").GetString());
        Assert.Equal("error", result.GetProperty("level").GetString());
        Assert.Equal("governance.json", result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
    }

    [Theory]
    [InlineData("transitional", "medium", "go", CheckStatus.Warn)]
    [InlineData("transitional", "low", "go", CheckStatus.Warn)]
    [InlineData("transitional", "info", "go", CheckStatus.Warn)]
    [InlineData("transitional", "high", "no-go", CheckStatus.Fail)]
    [InlineData("transitional", "critical", "no-go", CheckStatus.Fail)]
    [InlineData("strict", "low", "no-go", CheckStatus.Fail)]
    [InlineData("strict", "medium", "no-go", CheckStatus.Fail)]
    public void Under_transitional_low_and_medium_failures_warn_and_everything_else_blocks(string profile, string severity, string decision, CheckStatus status)
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, $$"""{ "policyVersion": "1", "profile": "{{profile}}", "evidence": [ { "kind": "notes", "path": "missing.json", "severity": "{{severity}}" } ] }""");

        GateReport report = GateEvaluator.Evaluate(request).Report;

        Assert.Equal(decision, report.Decision);
        CheckResult evidence = Assert.Single(report.Checks, c => c.Code == "GOV2001");
        Assert.Equal(status, evidence.Status);
        Assert.Equal(status == CheckStatus.Warn, evidence.Message.Contains("Transitional profile", StringComparison.Ordinal));
    }

    [Fact]
    public void Under_transitional_a_configuration_error_still_blocks()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, """{ "policyVersion": "1", "profile": "transitional", "evidence": [ { "kind": "notes", "path": "/etc/passwd", "severity": "low" } ] }""");

        GateReport report = GateEvaluator.Evaluate(request).Report;

        Assert.Equal("no-go", report.Decision);
        Assert.Contains(report.Checks, c => c.Status == CheckStatus.Error && c.Severity == Severity.Low);
    }

    /// <summary>Security review, issue 13 item 5: the gate read the policy's exceptionMaxDays and crashed.</summary>
    [Fact]
    public void A_policy_number_too_large_to_read_is_a_GOV1002_no_go_with_outputs_not_a_crash()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, "{ \"policyVersion\": \"1\", \"gate\": { \"blockingBranches\": [\"main\"] },\n  \"exceptionMaxDays\": 99999999999999999999 }");

        GateReport report = GateEvaluator.Evaluate(request).Report;

        Assert.Equal("no-go", report.Decision);
        CheckResult error = Assert.Single(report.Checks, c => c.Code == "GOV1002");
        Assert.Equal((CheckStatus.Error, 2, 23), (error.Status, error.Locations[0].Line, error.Locations[0].Column));
        Assert.NotEmpty(WriteAndRead(request));
    }

    /// <summary>Security review, issue 13 item 5: a lone surrogate in an exception reached the report writer.</summary>
    [Fact]
    public void A_lone_surrogate_in_the_exceptions_file_is_a_GOV1001_no_go_with_outputs_not_a_crash()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, "{ \"policyVersion\": \"1\", \"exceptions\": \"governance.exceptions.json\" }", branch: "feature/x");
        dir.Write("governance.exceptions.json", "{ \"exceptions\": [ { \"id\": \"EX-\\ud800\", \"check\": \"GOV2001\", \"scope\": \"*\", \"reason\": \"r\",\n  \"requestedBy\": \"dev-a\", \"approvedBy\": \"lead-b\\udc00\", \"created\": \"2026-11-01T00:00:00Z\", \"expires\": \"2026-12-01T00:00:00Z\" } ] }");

        GateReport report = GateEvaluator.Evaluate(request).Report;

        Assert.Equal("no-go", report.Decision);
        CheckResult error = Assert.Single(report.Checks, c => c.Code == "GOV1001");
        Assert.Equal((CheckStatus.Error, 1, 27), (error.Status, error.Locations[0].Line, error.Locations[0].Column));
        Assert.NotEmpty(WriteAndRead(request));
    }

    /// <summary>Security review, issue 13 item 9: the gate holds exceptions to the policy's approvers.</summary>
    [Fact]
    public void An_exception_approved_by_someone_the_policy_does_not_list_waives_nothing()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, """
            { "policyVersion": "1", "gate": { "blockingBranches": ["main"] }, "exceptions": "governance.exceptions.json",
              "evidence": [ { "kind": "notes", "path": "evidence/notes.json" } ],
              "approvers": { "*": ["release-lead"] } }
            """);
        dir.Write("governance.exceptions.json", """
            { "exceptions": [ { "id": "EX-1", "check": "GOV2001", "scope": "*", "reason": "notes pending", "requestedBy": "dev-a",
              "approvedBy": "dev-b", "created": "2026-11-01T00:00:00Z", "expires": "2026-12-20T00:00:00Z" } ] }
            """);

        GateReport report = GateEvaluator.Evaluate(request).Report;

        Assert.Equal("no-go", report.Decision);
        Assert.Empty(report.Waivers);
        Assert.Equal(CheckStatus.Fail, Assert.Single(report.Checks, c => c.Code == "GOV2001").Status);
        CheckResult refused = Assert.Single(report.Checks, c => c.Id == "exception:EX-1");
        Assert.Equal("GOV5102", refused.Code);
        Assert.Contains("approvers[\"*\"]: release-lead", refused.Message);
    }

    private static Dictionary<string, byte[]> WriteAndRead(GateRequest request)
    {
        GateOutputFiles files = GateOutputs.Write(GateEvaluator.Evaluate(request), Path.Combine(request.GovernanceRoot, "artifacts", "governance"));
        return new[] { files.Report, files.Lineage, files.Provenance, files.Sarif, files.Summary }
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
    }
}
