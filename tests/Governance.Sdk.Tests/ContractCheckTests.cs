using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Sdk.Tests.Infrastructure;

namespace Governance.Sdk.Tests;

/// <summary>
/// The contract checks through the real build: branch-protection evidence, contract files,
/// the version policy, checks a project adds (targets and commands) and SARIF ingestion, each
/// passing and failing with its diagnostic.
/// </summary>
[Collection(EndToEnd.Name)]
public class ContractCheckTests
{
    private const string Now = "-p:GovernanceNow=2026-11-24T00:00:00Z";

    private const string RulesCapture = """
        { "capturedAt": "2026-11-20T08:00:00Z", "branch": "main", "rules": [
          { "type": "deletion" }, { "type": "non_fast_forward" },
          { "type": "pull_request", "parameters": { "required_approving_review_count": 1 } },
          { "type": "required_status_checks", "parameters": { "required_status_checks": [ { "context": "release-gate" } ] } } ] }
        """;

    private readonly SdkPackage sdk;

    public ContractCheckTests(SdkPackage sdk) => this.sdk = sdk;

    [Fact]
    public void Branch_protection_passes_then_fails_closed_without_the_approvals_rule_and_when_unreadable()
    {
        var repo = new TestRepository(sdk, "Rulesets").AddProject("Lib");
        repo.Write("governance.json", """
            { "policyVersion": "1", "gate": { "blockingBranches": ["main"], "allowOverrides": ["clock", "profile"] },
              "evidence": [ { "kind": "branch-protection", "path": "evidence/branch-protection.json", "maxAgeDays": 30,
                              "require": { "minApprovals": 1, "statusChecks": ["release-gate"] } } ] }
            """);
        repo.Write("evidence/branch-protection.json", RulesCapture);
        repo.Commit("main");

        ProcessResult protectedBranch = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", Now);

        BuildAssert.Succeeded(protectedBranch);
        Assert.Contains("Release gate: go (blocking", protectedBranch.Output);

        repo.Write("evidence/branch-protection.json", RulesCapture.Replace("\"pull_request\"", "\"update\""));
        ProcessResult noApprovals = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", Now, "-p:GovernanceGateNoBuild=true");

        BuildAssert.Failed(noApprovals);
        Assert.Matches(@"branch-protection\.json ?: error GOV2002: Branch protection evidence .* for branch 'main' does not show what the policy requires: pull requests are not required\.", noApprovals.Output);

        repo.Write("evidence/branch-protection.json", "{ \"capturedAt\": \"2026-11-20T08:00:00Z\", \"rules\": [ ");
        ProcessResult unreadable = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", Now, "-p:GovernanceGateNoBuild=true");

        BuildAssert.Failed(unreadable);
        Assert.Matches(@"branch-protection\.json\(\d+,\d+\): error GOV2002: .*cannot be read, so it shows nothing", unreadable.Output);
        BuildAssert.NoStackTrace(unreadable);
    }

    [Fact]
    public void Contract_files_pass_against_a_schema_with_a_relative_ref_then_a_violation_is_GOV2101_at_its_line()
    {
        var repo = new TestRepository(sdk, "Contracts").AddProject("Lib");
        repo.Write("governance.json", """
            { "policyVersion": "1", "gate": { "blockingBranches": ["main"], "allowOverrides": ["clock", "profile"] },
              "contracts": [ { "files": "contracts/orders/*.json", "schema": "contracts/schemas/order.schema.json" } ] }
            """);
        repo.Write("contracts/schemas/order.schema.json", """
            { "type": "object", "required": ["id", "lines"],
              "properties": { "id": { "type": "string" }, "lines": { "type": "array", "items": { "$ref": "line.schema.json" } } } }
            """);
        repo.Write("contracts/schemas/line.schema.json", """{ "type": "object", "required": ["qty"], "properties": { "qty": { "type": "integer", "minimum": 1 } } }""");
        repo.Write("contracts/orders/a.json", "{\n  \"id\": \"A-1\",\n  \"lines\": [\n    { \"qty\": 2 }\n  ]\n}\n");
        repo.Commit("main");

        ProcessResult valid = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", Now);

        BuildAssert.Succeeded(valid);
        using (JsonDocument report = repo.ReadReport())
        {
            JsonElement contract = report.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "contract:contracts/orders/a.json");
            Assert.Equal(("pass", "GOV0001"), (contract.GetProperty("status").GetString(), contract.GetProperty("code").GetString()));
        }

        Assert.Contains("\"evidence:contracts/orders/a.json\"", File.ReadAllText(Path.Combine(repo.ArtifactsDirectory, "lineage.json")));

        repo.Write("contracts/orders/a.json", "{\n  \"id\": \"A-1\",\n  \"lines\": [\n    { \"qty\": 0 }\n  ]\n}\n");
        ProcessResult violated = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", Now, "-p:GovernanceGateNoBuild=true");

        BuildAssert.Failed(violated);
        Assert.Matches(@"a\.json\(4,\d+\): error GOV2101: contracts/orders/a\.json violates its contract contracts/schemas/order\.schema\.json at \$\.lines\[0\]\.qty .*expected a number at least 1\. Found 0\.", violated.Output);
        BuildAssert.NoStackTrace(violated);
    }

    [Fact]
    public void The_version_policy_refuses_prereleases_on_a_blocking_branch_and_versions_already_in_the_store()
    {
        var repo = new TestRepository(sdk, "Versions").AddProject("Contoso.Lib");
        repo.Write("governance.json", """
            { "policyVersion": "1", "gate": { "blockingBranches": ["main"], "allowOverrides": ["clock", "profile"] },
              "versioning": { "stableOnBlockingBranches": true, "baseline": "1.0.0" } }
            """);
        repo.Commit("main");

        ProcessResult prerelease = repo.Build("src/Contoso.Lib/Contoso.Lib.csproj", "-t:ReleaseGate", Now, "-p:Version=1.3.0-beta.1");

        BuildAssert.Failed(prerelease);
        Assert.Contains("error GOV2201: Contoso.Lib 1.3.0-beta.1 is a prerelease", prerelease.Output);

        // 1.3.0 is already released: the store records it (as `governance verify --record` does).
        Governance.Core.Bundles.BundleRecords.Add(new Governance.Core.Store.FileSystem.DirectoryReleaseStore(repo.Path(".governance/store")), "Contoso.Lib", "1.3.0", System.Text.Encoding.UTF8.GetBytes("{}"));
        ProcessResult released = repo.Build("src/Contoso.Lib/Contoso.Lib.csproj", "-t:ReleaseGate", Now, "-p:Version=1.3.0", "-p:GovernanceGateNoBuild=true");

        BuildAssert.Failed(released);
        Assert.Contains("error GOV2202: Contoso.Lib 1.3.0 is not greater than 1.3.0, the last version of Contoso.Lib in the release store", released.Output);

        ProcessResult next = repo.Build("src/Contoso.Lib/Contoso.Lib.csproj", "-t:ReleaseGate", Now, "-p:Version=1.4.0", "-p:GovernanceGateNoBuild=true");

        BuildAssert.Succeeded(next);
        Assert.Contains("Release gate: go", next.Output);
    }

    [Fact]
    public void A_check_target_and_command_checks_decide_like_built_in_checks_under_each_profile()
    {
        var repo = new TestRepository(sdk, "Custom").AddProject("Lib").WriteSolution();
        repo.Write("src/Lib/Lib.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <GovernanceCheckTargets>CheckLicenses;CheckForgotten</GovernanceCheckTargets>
              </PropertyGroup>
              <ItemGroup>
                <GovernanceCommandCheck Include="format" Command="echo 2 files need formatting &amp;&amp; exit 3" Severity="medium" />
                <GovernanceCommandCheck Include="smoke" Command="dotnet --version" />
                <GovernanceCommandCheck Include="nowhere" Command="exit 0" WorkingDirectory="does-not-exist" />
                <GovernanceCommandCheck Include="slow" Command="sleep 20" Timeout="500" Condition="!$([MSBuild]::IsOSPlatform('Windows'))" />
              </ItemGroup>
              <Target Name="CheckLicenses" Returns="@(GovernanceCheckResult)">
                <ItemGroup>
                  <GovernanceCheckResult Include="licenses" Status="fail" Severity="high" Message="Package Foo is GPL-3.0." File="licenses.json" Line="3" />
                  <GovernanceCheckResult Include="notices" Status="pass" Message="NOTICE file present." />
                </ItemGroup>
              </Target>
              <!-- Reports by logging only, so it returns nothing: that must not pass. -->
              <Target Name="CheckForgotten">
                <Message Text="all good, I think" />
              </Target>
            </Project>
            """);
        repo.Write("governance.json", """{ "policyVersion": "1", "gate": { "blockingBranches": ["main"], "allowOverrides": ["clock", "profile"] } }""");
        repo.Commit("main");

        ProcessResult strict = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", Now);

        BuildAssert.Failed(strict);
        Assert.Matches(@"licenses\.json\(3\): error GOV2401: Package Foo is GPL-3\.0\.", strict.Output);
        Assert.Contains("error GOV2402: Command check 'format' failed: `echo 2 files need formatting && exit 3` exited with code 3", strict.Output);
        Assert.Contains("2 files need formatting", strict.Output.Split("Command check 'format' output:")[1]);
        Assert.Contains("error GOV2402: Command check 'nowhere' has WorkingDirectory 'does-not-exist', which does not exist, so nothing was run.", strict.Output);
        Assert.True(System.OperatingSystem.IsWindows() || strict.Output.Contains("error GOV2402: Command check 'slow' did not complete"), strict.Output);
        Assert.Contains("error GOV2401: The check target 'CheckForgotten' returned no GovernanceCheckResult items, so it decided nothing. Give it Returns=\"@(GovernanceCheckResult)\"", strict.Output);
        using (JsonDocument report = repo.ReadReport())
        {
            var statuses = report.RootElement.GetProperty("checks").EnumerateArray()
                .Where(c => c.GetProperty("id").GetString()!.StartsWith("custom:") || c.GetProperty("id").GetString()!.StartsWith("command:"))
                .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("status").GetString());
            Assert.Equal("fail", statuses["custom:licenses"]);
            Assert.Equal("pass", statuses["custom:notices"]);
            Assert.Equal("fail", statuses["command:format"]);
            Assert.Equal("pass", statuses["command:smoke"]);
            Assert.Equal("error", statuses["command:nowhere"]);
            Assert.Equal(System.OperatingSystem.IsWindows() ? null : "fail", statuses.GetValueOrDefault("command:slow"));
        }

        string lineage = File.ReadAllText(Path.Combine(repo.ArtifactsDirectory, "lineage.json"));
        Assert.Contains("\"from\":\"check:custom:licenses\",\"to\":\"decision:release\",\"kind\":\"decided\"", lineage.Replace(" ", string.Empty).Replace("\n", string.Empty));
        Assert.Contains("GOV2402", File.ReadAllText(Path.Combine(repo.ArtifactsDirectory, "findings.sarif")));

        // The solution gate gathers the same results through the gate project.
        ProcessResult transitional = repo.Build("Custom.sln", "-t:ReleaseGate", Now, "-p:GovernanceProfile=transitional", "-p:GovernanceGateNoBuild=true");

        BuildAssert.Failed(transitional);
        Assert.Contains("warning GOV2402: Command check 'format' failed", transitional.Output);
        Assert.Contains("error GOV2401: Package Foo is GPL-3.0.", transitional.Output);
    }

    [Fact]
    public void A_multi_targeted_projects_checks_run_once_in_a_solution_gate_through_a_reference_and_on_one_framework()
    {
        var repo = new TestRepository(sdk, "MultiChecks", machineSources: true)
            .AddProject("Contoso.Core", "\n    <TargetFrameworks>net9.0;net10.0</TargetFrameworks>")
            .AddProject("Contoso.Api", "", "Contoso.Core")
            .WriteSolution();
        repo.Write("src/Directory.Build.targets", """
            <Project>
              <Import Project="../Directory.Build.targets" />
              <ItemGroup Condition="'$(MSBuildProjectName)' == 'Contoso.Core'">
                <GovernanceCommandCheck Include="api-compat" Command="echo checked-once &amp;&amp; exit 1" />
              </ItemGroup>
            </Project>
            """);
        repo.Write("governance.json", """{ "policyVersion": "1" }""");
        repo.Commit();

        ProcessResult solution = repo.Build("MultiChecks.sln", "-t:ReleaseGate", "-m", "-clp:NoSummary");
        ProcessResult reference = repo.Build("src/Contoso.Api/Contoso.Api.csproj", "-t:ReleaseGate", "-clp:NoSummary");
        // Entered on one inner build: the project's checks run there, as the outer build would have.
        ProcessResult oneFramework = repo.Build("src/Contoso.Core/Contoso.Core.csproj", "-t:ReleaseGate", "-f", "net9.0", "-clp:NoSummary");

        foreach (ProcessResult result in new[] { solution, reference, oneFramework })
        {
            BuildAssert.Succeeded(result);
            Assert.Equal(1, BuildAssert.Lines(result, "warning GOV2402: Command check 'api-compat' failed"));
            Assert.Equal(1, BuildAssert.Lines(result, "Command check 'api-compat' output:"));
        }
    }

    [Fact]
    public void SARIF_from_the_compiler_and_from_a_tool_become_findings_mapped_by_the_policy()
    {
        var repo = new TestRepository(sdk, "Sarif").AddProject("Lib");
        repo.Write("src/Lib/Lib.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ErrorLog>obj/compiler.sarif</ErrorLog>
              </PropertyGroup>
              <ItemGroup>
                <GovernanceSarifLog Include="scan.sarif" />
              </ItemGroup>
            </Project>
            """);
        repo.Write("src/Lib/Unused.cs", "namespace Lib;\n\npublic static class Unused\n{\n    public static void M()\n    {\n        int unused;\n    }\n}\n");
        repo.Write("src/Lib/scan.sarif", """
            { "version": "2.1.0", "runs": [ { "tool": { "driver": { "name": "scanner" } }, "results": [
              { "ruleId": "SEC001", "level": "error", "message": { "text": "Hard-coded secret." },
                "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "src/Lib/Api.cs" }, "region": { "startLine": 5 } } } ] } ] } ] }
            """);
        repo.Write("governance.json", """
            { "policyVersion": "1", "gate": { "blockingBranches": ["main"], "allowOverrides": ["clock", "profile"] }, "sarif": { "rules": { "CS0168": "high" } } }
            """);
        repo.Commit("main");

        ProcessResult result = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", Now);

        BuildAssert.Failed(result);
        Assert.Matches(@"Unused\.cs\(7,13\): error GOV2301: CS0168 \(warning, high severity\) in src/Lib/obj/compiler\.sarif", result.Output);
        Assert.Matches(@"Api\.cs\(5\): error GOV2301: SEC001 \(error, high severity\) in src/Lib/scan\.sarif: Hard-coded secret\.", result.Output);
        using JsonDocument report = repo.ReadReport();
        Assert.Equal("no-go", report.RootElement.GetProperty("decision").GetString());
        JsonElement secret = report.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "sarif:SEC001");
        Assert.Equal(("fail", "high"), (secret.GetProperty("status").GetString(), secret.GetProperty("severity").GetString()));
    }
}
