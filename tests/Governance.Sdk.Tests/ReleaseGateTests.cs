using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Core.Json;
using Governance.Sdk.Tests.Infrastructure;

namespace Governance.Sdk.Tests;

/// <summary>ReleaseGate on real repositories: a project, a solution (parallel and graph), a root project.</summary>
[Collection(EndToEnd.Name)]
public class ReleaseGateTests
{
    private readonly SdkPackage sdk;

    public ReleaseGateTests(SdkPackage sdk) => this.sdk = sdk;

    /// <summary>
    /// No policy and no solution: the governance root is the git work tree's root (contract
    /// section 4), so the outputs land there and paths are repository-relative.
    /// </summary>
    [Fact]
    public void A_single_project_adopting_with_the_Sdk_element_gets_a_go_and_every_output()
    {
        var repo = new TestRepository(sdk, "Single", Adoption.SdkElement).AddProject("Contoso.Core");
        string commit = repo.Commit("main");
        string stepSummary = repo.Path("step-summary.md");

        ProcessResult result = repo.Build(new Dictionary<string, string> { ["GITHUB_STEP_SUMMARY"] = stepSummary }, "src/Contoso.Core/Contoso.Core.csproj", "-t:ReleaseGate");

        BuildAssert.Succeeded(result);
        foreach (string file in new[] { "release_readiness_gate_report.json", "lineage.json", "lineage.intoto.json", "findings.sarif", "summary.md" })
        {
            Assert.True(File.Exists(Path.Combine(repo.ArtifactsDirectory, file)), file + " was not written");
        }

        string reportText = File.ReadAllText(repo.ReportFile);
        Assert.Empty(SchemaValidator.Validate(repo.ReportFile, reportText, "release-readiness-gate-report.schema.json"));
        string lineagePath = Path.Combine(repo.ArtifactsDirectory, "lineage.json");
        Assert.Empty(SchemaValidator.Validate(lineagePath, File.ReadAllText(lineagePath), "lineage.schema.json"));
        Assert.DoesNotContain(repo.Root, reportText);

        using JsonDocument report = repo.ReadReport();
        JsonElement root = report.RootElement;
        Assert.Equal("go", root.GetProperty("decision").GetString());
        Assert.Equal("informational", root.GetProperty("mode").GetString());
        Assert.Equal("Contoso.Core", root.GetProperty("subject").GetProperty("name").GetString());
        Assert.Equal("1.2.0", root.GetProperty("subject").GetProperty("version").GetString());
        Assert.Equal("main", root.GetProperty("subject").GetProperty("branch").GetString());
        Assert.Equal(commit, root.GetProperty("subject").GetProperty("commit").GetString());
        JsonElement project = Assert.Single(root.GetProperty("projects").EnumerateArray());
        Assert.Equal("src/Contoso.Core/Contoso.Core.csproj", project.GetProperty("path").GetString());

        using JsonDocument sarif = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(repo.ArtifactsDirectory, "findings.sarif")));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        Assert.Contains("Release gate: go", File.ReadAllText(stepSummary));
    }

    [Fact]
    public void A_solution_built_in_parallel_gets_one_report_and_logs_each_finding_once_and_graph_agrees()
    {
        var repo = new TestRepository(sdk, "Parallel")
            .AddProject("Contoso.Core")
            .AddProject("Contoso.Data", "", "Contoso.Core")
            .AddProject("Contoso.Api", "", "Contoso.Data", "Contoso.Core")
            .AddProject("Contoso.Worker", "", "Contoso.Core")
            .WriteSolution();
        repo.Write("governance.json", """{ "policyVersion": "1", "evidence": [ { "kind": "branch-protection", "path": "evidence/bp.json" } ] }""");
        repo.Commit("main");

        ProcessResult parallel = repo.Build("Parallel.sln", "-t:ReleaseGate", "-m", "-clp:NoSummary");

        BuildAssert.Succeeded(parallel);
        Assert.Equal(1, BuildAssert.Lines(parallel, "Release gate: no-go"));
        Assert.Equal(1, BuildAssert.Lines(parallel, "warning GOV2001"));
        using (JsonDocument report = repo.ReadReport())
        {
            string[] names = report.RootElement.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray();
            Assert.Equal(new[] { "Contoso.Api", "Contoso.Core", "Contoso.Data", "Contoso.Worker" }, names);
            Assert.Equal("Parallel", report.RootElement.GetProperty("subject").GetProperty("name").GetString());
        }

        ProcessResult graph = repo.Build("Parallel.sln", "-t:ReleaseGate", "-graph", "-m", "-clp:NoSummary");

        BuildAssert.Succeeded(graph);
        Assert.Equal(1, BuildAssert.Lines(graph, "Release gate: no-go"));
        Assert.Equal(1, BuildAssert.Lines(graph, "warning GOV2001"));
        using JsonDocument graphReport = repo.ReadReport();
        Assert.Equal(4, graphReport.RootElement.GetProperty("projects").GetArrayLength());
    }

    [Fact]
    public void A_root_project_gate_covers_the_projects_it_references()
    {
        var repo = new TestRepository(sdk, "Root")
            .AddProject("Contoso.Core")
            .AddProject("Contoso.Api", "", "Contoso.Core")
            .AddProject("Release", "", "Contoso.Api", "Contoso.Core");
        repo.Write("governance.json", "{ \"policyVersion\": \"1\" }");
        repo.Commit();

        ProcessResult result = repo.Build("src/Release/Release.csproj", "-t:ReleaseGate", "-m");

        BuildAssert.Succeeded(result);
        using JsonDocument report = repo.ReadReport();
        string[] paths = report.RootElement.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("path").GetString()!).ToArray();
        Assert.Equal(new[] { "src/Contoso.Api/Contoso.Api.csproj", "src/Contoso.Core/Contoso.Core.csproj", "src/Release/Release.csproj" }, paths);
        Assert.Equal("Release", report.RootElement.GetProperty("subject").GetProperty("name").GetString());
    }

    [Fact]
    public void A_multi_targeted_project_contributes_each_target_framework_once()
    {
        var repo = new TestRepository(sdk, "MultiTarget", machineSources: true)
            .AddProject("Contoso.Core", "\n    <TargetFrameworks>net9.0;net10.0</TargetFrameworks>")
            .AddProject("Contoso.Api", "", "Contoso.Core")
            .WriteSolution();
        repo.Write("governance.json", "{ \"policyVersion\": \"1\" }");
        repo.Commit();

        ProcessResult result = repo.Build("MultiTarget.sln", "-t:ReleaseGate", "-m");

        BuildAssert.Succeeded(result);
        Assert.Contains("Release gate: go (informational, strict) for MultiTarget on main: 2 project(s)", result.Output);
        using JsonDocument report = repo.ReadReport();
        string[] builds = report.RootElement.GetProperty("projects").EnumerateArray()
            .Select(p => p.GetProperty("name").GetString() + "/" + p.GetProperty("targetFramework").GetString())
            .ToArray();
        Assert.Equal(new[] { "Contoso.Api/net10.0", "Contoso.Core/net10.0", "Contoso.Core/net9.0" }, builds);
        Assert.True(File.Exists(repo.Path("src/Contoso.Core/obj/Debug/net9.0/governance/collect.json")));
        Assert.True(File.Exists(repo.Path("src/Contoso.Core/obj/Debug/net10.0/governance/collect.json")));
    }

    [Fact]
    public void A_project_with_governance_disabled_keeps_a_no_op_ReleaseGate_in_a_solution()
    {
        var repo = new TestRepository(sdk, "Disabled")
            .AddProject("Contoso.Core")
            .AddProject("Contoso.Tools", "\n    <GovernanceEnabled>false</GovernanceEnabled>")
            .WriteSolution();
        repo.Commit();

        ProcessResult result = repo.Build("Disabled.sln", "-t:ReleaseGate");

        BuildAssert.Succeeded(result);
        Assert.DoesNotContain("MSB4057", result.Output);
        using JsonDocument report = repo.ReadReport();
        Assert.Equal("Contoso.Core", Assert.Single(report.RootElement.GetProperty("projects").EnumerateArray()).GetProperty("name").GetString());
    }
}
