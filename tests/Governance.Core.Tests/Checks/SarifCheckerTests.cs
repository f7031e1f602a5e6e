using System.Collections.Generic;
using System.Linq;
using Governance.Core.Checks;
using Governance.Core.Evaluation;
using Governance.Core.Policy;

namespace Governance.Core.Tests.Checks;

public class SarifCheckerTests
{
    private const string Sarif21 = """
        { "version": "2.1.0", "runs": [ { "tool": { "driver": { "name": "scanner" } }, "results": [
          { "ruleId": "SEC001", "level": "error", "message": { "text": "Hard-coded secret." },
            "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "src/App/Keys.cs" }, "region": { "startLine": 12, "startColumn": 5 } } } ] },
          { "ruleId": "SEC001", "level": "error", "message": { "text": "Another secret." },
            "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "src/App/More.cs" }, "region": { "startLine": 3 } } } ] },
          { "ruleId": "STY002", "message": { "text": "Style." } },
          { "ruleId": "SEC003", "level": "error", "message": { "text": "Suppressed." }, "suppressions": [ { "kind": "inSource" } ] },
          { "ruleId": "SEC004", "kind": "pass", "message": { "text": "Fine." } },
          { "ruleId": "DOC005", "level": "note", "message": { "text": "A note." } } ] } ] }
        """;

    /// <summary>What csc writes for ErrorLog without ",version=2.1".</summary>
    private const string Sarif10 = """
        { "$schema": "http://json.schemastore.org/sarif-1.0.0", "version": "1.0.0", "runs": [ { "tool": { "name": "Microsoft (R) Visual C# Compiler" },
          "results": [ { "ruleId": "CS0168", "level": "warning", "message": "The variable 'unused' is declared but never used",
            "locations": [ { "resultFile": { "uri": "file:///repo/src/App/Program.cs", "region": { "startLine": 5, "startColumn": 13 } } } ] },
            { "ruleId": "CA1822", "level": "warning", "message": "Suppressed.", "suppressionStates": [ "suppressedInSource" ] } ] } ] }
        """;

    private static CheckResult[] Check(TempDirectory dir, string log, SarifPolicy? policy = null)
    {
        string file = dir.Write("artifacts/scan.sarif", log);
        return SarifChecker.Check(file, dir.Path, "src/App/App.csproj", policy ?? SarifPolicy.Default, new Governance.Core.Inputs.FileSystemInputs()).ToArray();
    }

    [Fact]
    public void Error_level_results_fail_as_high_grouped_per_rule_and_warnings_warn()
    {
        using var dir = new TempDirectory();

        CheckResult[] results = Check(dir, Sarif21);

        CheckResult secret = Assert.Single(results, r => r.Id == "sarif:SEC001");
        Assert.Equal(("GOV2301", CheckStatus.Fail, Severity.High), (secret.Code, secret.Status, secret.Severity));
        Assert.Equal(new[] { (dir.Combine("src/App/Keys.cs"), 12, 5), (dir.Combine("src/App/More.cs"), 3, 0) },
            secret.Locations.Select(l => (l.Path, l.Line, l.Column)));
        Assert.Contains("2 results", secret.Message);
        CheckResult style = Assert.Single(results, r => r.Id == "sarif:STY002");
        Assert.Equal((CheckStatus.Warn, Severity.Medium), (style.Status, style.Severity));
        // A note is an IDE suggestion: counted, never a warning, unless the policy maps it higher.
        Assert.DoesNotContain(results, r => r.Id == "sarif:DOC005");
        Assert.DoesNotContain(results, r => r.Id is "sarif:SEC003" or "sarif:SEC004");
        CheckResult summary = Assert.Single(results, r => r.Id == "sarif:artifacts/scan.sarif");
        Assert.Equal(CheckStatus.Pass, summary.Status);
        Assert.Contains("1 of them informational", summary.Message);
    }

    [Fact]
    public void The_policy_maps_rules_over_levels_and_sets_where_failing_starts()
    {
        using var dir = new TempDirectory();
        var policy = new SarifPolicy(
            new Dictionary<string, Severity> { ["error"] = Severity.Medium, ["note"] = Severity.Info },
            new Dictionary<string, Severity> { ["STY002"] = Severity.Critical },
            Severity.Medium);

        CheckResult[] results = Check(dir, Sarif21, policy);

        Assert.Equal((CheckStatus.Fail, Severity.Medium), Pick("sarif:SEC001"));
        Assert.Equal((CheckStatus.Fail, Severity.Critical), Pick("sarif:STY002"));
        Assert.DoesNotContain(results, r => r.Id == "sarif:DOC005");
        Assert.Contains("1 of them informational", Assert.Single(results, r => r.Id == "sarif:artifacts/scan.sarif").Message);

        (CheckStatus, Severity) Pick(string id) => results.Where(r => r.Id == id).Select(r => (r.Status, r.Severity)).Single();
    }

    /// <summary>One log per target framework, the same results in each: one finding per rule, each result once.</summary>
    [Fact]
    public void A_projects_logs_from_several_target_frameworks_give_one_finding_per_rule()
    {
        using var dir = new TempDirectory();
        string net8 = dir.Write("src/App/obj/analyzers.net8.0.sarif", Sarif21);
        string net10 = dir.Write("src/App/obj/analyzers.net10.0.sarif", Sarif21);

        CheckResult[] results = SarifChecker.Check(new[] { net8, net10 }, dir.Path, "src/App/App.csproj", SarifPolicy.Default, new Governance.Core.Inputs.FileSystemInputs()).ToArray();

        CheckResult secret = Assert.Single(results, r => r.Id == "sarif:SEC001");
        Assert.Contains("(2 results;", secret.Message);
        Assert.Contains("in 2 SARIF logs of src/App/App.csproj", secret.Message);
        Assert.Equal(2, secret.Evidence.Count);
        Assert.Equal(2, secret.Locations.Count);
        Assert.Equal(2, results.Count(r => r.Status == CheckStatus.Pass));
    }

    [Fact]
    public void The_compilers_SARIF_1_log_is_read_and_suppressed_results_are_not_findings()
    {
        using var dir = new TempDirectory();
        var policy = new SarifPolicy(SarifPolicy.Default.Levels, new Dictionary<string, Severity> { ["CS0168"] = Severity.High }, Severity.High);

        CheckResult[] results = Check(dir, Sarif10.Replace("file:///repo/", new System.Uri(dir.Path + "/").AbsoluteUri), policy);

        CheckResult unused = Assert.Single(results, r => r.Id == "sarif:CS0168");
        Assert.Equal((CheckStatus.Fail, 5, 13), (unused.Status, unused.Locations[0].Line, unused.Locations[0].Column));
        Assert.Equal(dir.Combine("src/App/Program.cs"), unused.Locations[0].Path);
        Assert.DoesNotContain(results, r => r.Id == "sarif:CA1822");
    }

    [Fact]
    public void A_result_without_a_level_takes_its_rules_default_level()
    {
        using var dir = new TempDirectory();
        string log = """
            { "version": "2.1.0", "runs": [ { "tool": { "driver": { "name": "t", "rules": [ { "id": "R1", "defaultConfiguration": { "level": "error" } } ] } },
              "results": [ { "ruleId": "R1", "message": { "text": "x" } }, { "ruleId": "R2", "message": { "text": "y" } } ] } ] }
            """;

        CheckResult[] results = Check(dir, log);

        Assert.Equal(CheckStatus.Fail, Assert.Single(results, r => r.Id == "sarif:R1").Status);
        Assert.Equal(CheckStatus.Warn, Assert.Single(results, r => r.Id == "sarif:R2").Status);
    }

    [Fact]
    public void Odd_shapes_from_other_tools_are_read_without_crashing_and_bases_and_machine_paths_are_resolved()
    {
        using var dir = new TempDirectory();
        string root = new System.Uri(dir.Path + "/").AbsoluteUri;
        string log = $$"""
            { "version": "2.1.0", "runs": [
              { "tool": 1, "results": [ { "ruleId": "A1", "level": "error", "message": { "text": "x" }, "locations": [ null ] } ] },
              { "tool": { "driver": "d" }, "originalUriBaseIds": { "SRC": { "uri": "{{root}}src/" } },
                "results": [
                  { "ruleId": "A2", "level": "error", "message": { "text": "Analyzer {{dir.Path}}/tools/a.dll failed" },
                    "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "App/P.cs", "uriBaseId": "SRC" }, "region": { "startLine": "7" } } } ] },
                  { "ruleId": "A3", "level": "error", "message": { "text": "y" },
                    "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "file:///usr/share/dotnet/sdk/x.targets" } } } ] } ] } ] }
            """;

        CheckResult[] results = Check(dir, log);

        Assert.Equal(new[] { dir.Combine("artifacts/scan.sarif") }, Assert.Single(results, r => r.Id == "sarif:A1").Locations.Select(l => l.Path));
        CheckResult a2 = Assert.Single(results, r => r.Id == "sarif:A2");
        Assert.Equal((dir.Combine("src/App/P.cs"), 0), (a2.Locations[0].Path, a2.Locations[0].Line));
        Assert.DoesNotContain(dir.Path, a2.Message);
        Assert.Contains("tools/a.dll", a2.Message);
        Assert.Equal(dir.Combine("artifacts/scan.sarif"), Assert.Single(results, r => r.Id == "sarif:A3").Locations.Single().Path);
    }

    [Theory]
    [InlineData("{ \"version\": \"2.1.0\" }", "GOV1002", "no \"runs\" array")]
    [InlineData("{ \"version\": \"3.0\", \"runs\": [] }", "GOV1002", "\"3.0\"")]
    [InlineData("{ \"runs\": [", "GOV1001", "not well-formed")]
    public void A_log_that_is_not_SARIF_is_a_configuration_error(string log, string code, string named)
    {
        using var dir = new TempDirectory();

        CheckResult result = Assert.Single(Check(dir, log));

        Assert.Equal((code, CheckStatus.Error), (result.Code, result.Status));
        Assert.Contains(named, result.Message);
    }

    [Fact]
    public void A_missing_log_is_GOV1005()
    {
        using var dir = new TempDirectory();

        CheckResult result = Assert.Single(SarifChecker.Check(dir.Combine("none.sarif"), dir.Path, null, SarifPolicy.Default, new Governance.Core.Inputs.FileSystemInputs()));

        Assert.Equal(("GOV1005", CheckStatus.Error), (result.Code, result.Status));
    }
}

public class ProjectChecksTests
{
    [Fact]
    public void Reported_results_keep_their_status_severity_and_location_and_duplicates_count_once()
    {
        using var dir = new TempDirectory();
        string project = dir.Combine("src/App/App.csproj");
        var report = new ProjectCheckReport("licenses", project, ProjectCheckOrigin.Target)
        {
            Status = "Fail", Severity = "medium", Message = "GPL dependency.", File = "deps.json", Line = "3", Column = "7",
        };

        CheckResult result = Assert.Single(ProjectChecks.Convert(new[] { report, report with { } }, dir.Path));

        Assert.Equal(("custom:licenses", "GOV2401", CheckStatus.Fail, Severity.Medium), (result.Id, result.Code, result.Status, result.Severity));
        Assert.Equal((dir.Combine("src/App/deps.json"), 3, 7), (result.Locations[0].Path, result.Locations[0].Line, result.Locations[0].Column));
        Assert.Equal("src/App/App.csproj", result.Project);
    }

    [Fact]
    public void Defaults_fail_closed_at_high_severity_and_commands_are_GOV2402()
    {
        using var dir = new TempDirectory();

        CheckResult result = Assert.Single(ProjectChecks.Convert(new[] { new ProjectCheckReport("format", dir.Combine("App.csproj"), ProjectCheckOrigin.Command) }, dir.Path));

        Assert.Equal(("command:format", "GOV2402", CheckStatus.Fail, Severity.High), (result.Id, result.Code, result.Status, result.Severity));
    }

    [Theory]
    [InlineData("passed", null, null, "Status 'passed'")]
    [InlineData("pass", "severe", null, "Severity 'severe'")]
    [InlineData("pass", "low", "three", "Line 'three'")]
    public void An_invalid_value_is_GOV1004_naming_the_project(string status, string? severity, string? line, string named)
    {
        using var dir = new TempDirectory();
        var report = new ProjectCheckReport("x", dir.Combine("src/App/App.csproj"), ProjectCheckOrigin.Target) { Status = status, Severity = severity, Line = line };

        CheckResult result = Assert.Single(ProjectChecks.Convert(new[] { report }, dir.Path));

        Assert.Equal(("GOV1004", CheckStatus.Error), (result.Code, result.Status));
        Assert.Contains(named, result.Message);
        Assert.Contains("src/App/App.csproj", result.Message);
    }
}
