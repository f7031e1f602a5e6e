using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Sdk.Tests.Infrastructure;

namespace Governance.Sdk.Tests;

/// <summary>
/// What adopting real repositories (Serilog, Polly) exposed, each reproduced small: a commit after
/// a pack, a static-graph build of multi-targeted projects that reference each other, dotnet
/// clean, the version rules on test projects and applications, versions set by a versioning
/// tool's target, and analyzer suggestions in SARIF.
/// </summary>
[Collection(EndToEnd.Name)]
public class AdoptionTests
{
    private readonly SdkPackage sdk;

    public AdoptionTests(SdkPackage sdk) => this.sdk = sdk;

    /// <summary>
    /// SourceLink and MinVer change every assembly on every commit, so the last pack's fragment no
    /// longer matches the build: the gate leaves it out with one notice instead of a GOV3001 per
    /// file, and a bundle packed from a build the gate did not judge carries no decision.
    /// </summary>
    [Fact]
    public void A_commit_after_a_pack_is_one_notice_a_pack_of_an_unjudged_build_carries_no_decision_and_a_changed_package_fails()
    {
        var repo = new TestRepository(sdk, "AfterPack").AddProject("Contoso.Lib").WriteSolution();
        repo.Commit();
        BuildAssert.Succeeded(repo.Build("AfterPack.sln", "-t:ReleaseGate"));
        BuildAssert.Succeeded(Pack(repo));
        Assert.Equal(JsonValueKind.Object, Manifest(repo).GetProperty("gateReport").ValueKind);

        File.WriteAllText(repo.Path("src/Contoso.Lib/Api.cs"), File.ReadAllText(repo.Path("src/Contoso.Lib/Api.cs")).Replace("42", "43"));
        repo.Commit();
        ProcessResult gate = repo.Build("AfterPack.sln", "-t:ReleaseGate");

        BuildAssert.Succeeded(gate);
        Assert.Equal(1, BuildAssert.Lines(gate, "GOV0002: The pack of project src/Contoso.Lib/Contoso.Lib.csproj"));
        Assert.DoesNotContain("GOV3001", gate.Output);
        Assert.Contains("Release gate: go", gate.Output);
        Assert.Contains("| Projects | 1 project, 1 build |", File.ReadAllText(Path.Combine(repo.ArtifactsDirectory, "summary.md")));

        // Built again after the gate, then packed: the report judged another build, so it is not this bundle's decision.
        File.WriteAllText(repo.Path("src/Contoso.Lib/Api.cs"), File.ReadAllText(repo.Path("src/Contoso.Lib/Api.cs")).Replace("43", "44"));
        BuildAssert.Succeeded(repo.Build("AfterPack.sln"));
        ProcessResult pack = Pack(repo);

        BuildAssert.Succeeded(pack);
        Assert.Contains("warning GOV3001: The gate report", pack.Output);
        Assert.Contains("it judged other builds of src/Contoso.Lib/Contoso.Lib.csproj than the ones packed (net10.0 changed since the gate ran)", pack.Output);
        Assert.Equal(JsonValueKind.Null, Manifest(repo).GetProperty("gateReport").ValueKind);

        // A package with other contents than its pack recorded is not merely old: something else wrote it.
        string nupkg = Directory.GetFiles(repo.Path("packages"), "*.nupkg").Single();
        File.WriteAllText(nupkg, "not the package that was packed");
        ProcessResult tampered = repo.Build("AfterPack.sln", "-t:ReleaseGate");

        Assert.Contains("Release gate: no-go", tampered.Output);
        Assert.Contains("of project src/Contoso.Lib/Contoso.Lib.csproj is not from this pack: ../../packages/Contoso.Lib.1.2.0.nupkg changed", tampered.Output);
        Assert.Contains("Pack the project again (with GovernanceEnabled=true)", tampered.Output);

        // Gone is only old: nothing is left to release from it.
        File.Delete(nupkg);
        ProcessResult gone = repo.Build("AfterPack.sln", "-t:ReleaseGate");

        BuildAssert.Succeeded(gone);
        Assert.Contains("GOV0002: The pack of project src/Contoso.Lib/Contoso.Lib.csproj", gone.Output);
        Assert.Contains("../../packages/Contoso.Lib.1.2.0.nupkg is gone", gone.Output);
    }

    /// <summary>Serilog's shape: multi-targeted libraries referencing each other, a multi-targeted test project referencing both, an application.</summary>
    [Fact]
    public void A_static_graph_build_of_multi_targeted_projects_that_reference_each_other_gets_one_gate()
    {
        var repo = new TestRepository(sdk, "Graph", machineSources: true)
            .AddProject("Contoso.Core", "\n    <TargetFrameworks>net8.0;net10.0</TargetFrameworks>")
            .AddProject("Contoso.Extensions", "\n    <TargetFrameworks>net8.0;net10.0</TargetFrameworks>", "Contoso.Core")
            .AddProject("Contoso.Tests", "\n    <TargetFrameworks>net8.0;net10.0</TargetFrameworks>\n    <IsTestProject>true</IsTestProject>", "Contoso.Core", "Contoso.Extensions")
            .AddProject("Contoso.App", "\n    <OutputType>Exe</OutputType>", "Contoso.Core")
            .WriteSolution();
        repo.Write("src/Contoso.App/Program.cs", "System.Console.WriteLine(Contoso.Core.Api.Answer());\n");
        repo.Commit();

        foreach (string[] mode in new[] { new[] { "-graph" }, new[] { "-graph", "-m" } })
        {
            ProcessResult gate = repo.Build(new[] { "Graph.sln", "-t:ReleaseGate", "-clp:NoSummary" }.Concat(mode).ToArray());

            BuildAssert.Succeeded(gate);
            Assert.DoesNotContain("MSB4006", gate.Output);
            Assert.Equal(1, BuildAssert.Lines(gate, "Release gate: go"));
            using JsonDocument report = repo.ReadReport();
            Assert.Equal(7, report.RootElement.GetProperty("projects").GetArrayLength());
        }
    }

    [Fact]
    public void Dotnet_clean_removes_everything_the_SDK_wrote_under_obj_also_after_a_pack()
    {
        var repo = new TestRepository(sdk, "Clean", machineSources: true)
            .AddProject("Contoso.Multi", "\n    <TargetFrameworks>net8.0;net10.0</TargetFrameworks>")
            .AddProject("Contoso.Single")
            .WriteSolution();
        repo.Commit();
        BuildAssert.Succeeded(repo.Build("Clean.sln"));
        BuildAssert.Succeeded(Pack(repo));
        Assert.NotEmpty(GovernanceFolders(repo));
        Assert.True(File.Exists(repo.Path("src/Contoso.Multi/obj/Debug/governance/pack.json")));

        BuildAssert.Succeeded(DotNet.Run(repo.Root, sdk.NuGetPackages, null, "clean", "Clean.sln", "-nr:false", "-tl:off"));

        Assert.Empty(GovernanceFolders(repo));
    }

    /// <summary>
    /// The version rules apply to what is released: not to a test project or an application
    /// (packable by default), and a message names the property the project really uses.
    /// </summary>
    [Fact]
    public void Version_rules_skip_test_projects_applications_and_opt_outs_with_a_notice_and_name_the_property_in_use()
    {
        var repo = new TestRepository(sdk, "Versions")
            .AddProject("Contoso.Lib", "\n    <VersionPrefix>2.0.0</VersionPrefix>\n    <VersionSuffix>alpha.1</VersionSuffix>")
            .AddProject("Contoso.Lib.Tests", "\n    <IsTestProject>true</IsTestProject>\n    <VersionPrefix>0.1.0</VersionPrefix>\n    <VersionSuffix>dev</VersionSuffix>", "Contoso.Lib")
            .AddProject("Contoso.Tool", "\n    <OutputType>Exe</OutputType>\n    <VersionPrefix>0.1.0</VersionPrefix>\n    <VersionSuffix>dev</VersionSuffix>", "Contoso.Lib")
            .AddProject("Contoso.Internal", "\n    <GovernanceVersionPolicy>false</GovernanceVersionPolicy>\n    <VersionPrefix>0.3.0</VersionPrefix>\n    <VersionSuffix>dev</VersionSuffix>")
            .WriteSolution();
        // The helper writes Version 1.2.0 into every project; these set their version the way Serilog does.
        foreach (string project in new[] { "Contoso.Lib", "Contoso.Lib.Tests", "Contoso.Tool", "Contoso.Internal" })
        {
            string file = repo.Path($"src/{project}/{project}.csproj");
            File.WriteAllText(file, File.ReadAllText(file).Replace("<Version>1.2.0</Version>", string.Empty));
        }

        repo.Write("src/Contoso.Tool/Program.cs", "System.Console.WriteLine(Contoso.Lib.Api.Answer());\n");
        repo.Write("governance.json", """{ "policyVersion": "1", "gate": { "blockingBranches": ["main"], "allowOverrides": ["optOut"] }, "versioning": { "stableOnBlockingBranches": true } }""");
        repo.Commit("main");

        ProcessResult gate = repo.Build("Versions.sln", "-t:ReleaseGate");

        BuildAssert.Failed(gate);
        Assert.Equal(1, BuildAssert.Lines(gate, "error GOV2201"));
        Assert.Contains("error GOV2201: Contoso.Lib 2.0.0-alpha.1 is a prerelease", gate.Output);
        Assert.Contains("(set VersionPrefix in the project or Directory.Build.props)", gate.Output);
        using JsonDocument report = repo.ReadReport();
        string[] checkedPackages = report.RootElement.GetProperty("checks").EnumerateArray()
            .Select(c => c.GetProperty("id").GetString()!).Where(id => id.StartsWith("version:")).Distinct().ToArray();
        Assert.Equal(new[] { "version:Contoso.Lib", "version:exempt" }, checkedPackages);
        // Never silent: one notice names each package left alone and why (the test project is not packable at all).
        Assert.Contains("GOV0002: The version rules are not applied to packages that are not released: Contoso.Internal (GovernanceVersionPolicy=false), Contoso.Tool (application).", gate.Output);
    }

    /// <summary>
    /// MinVer (like Nerdbank.GitVersioning and GitVersion) sets the version in a target hooked into
    /// NuGet's GetPackageVersionDependsOn: the project gate of a multi-targeted project reports it.
    /// </summary>
    [Fact]
    public void A_version_set_by_a_versioning_tools_target_is_the_subject_version_and_named_in_messages()
    {
        var repo = new TestRepository(sdk, "MinVerShape", machineSources: true)
            .AddProject("Polly.Core", "\n    <TargetFrameworks>net8.0;net10.0</TargetFrameworks>");
        string file = repo.Path("src/Polly.Core/Polly.Core.csproj");
        File.WriteAllText(file, File.ReadAllText(file).Replace("<Version>1.2.0</Version>", string.Empty).Replace("</Project>", """
              <PropertyGroup>
                <GetPackageVersionDependsOn>$(GetPackageVersionDependsOn);SetVersionLikeMinVer</GetPackageVersionDependsOn>
              </PropertyGroup>
              <Target Name="SetVersionLikeMinVer" BeforeTargets="CoreCompile">
                <PropertyGroup>
                  <MinVerVersion>8.4.3-alpha.0.4</MinVerVersion>
                  <Version>$(MinVerVersion)</Version>
                  <PackageVersion>$(MinVerVersion)</PackageVersion>
                </PropertyGroup>
              </Target>
            </Project>
            """));
        repo.Write("governance.json", """{ "policyVersion": "1", "gate": { "blockingBranches": ["main"] }, "versioning": { "stableOnBlockingBranches": true } }""");
        repo.Commit("main");

        ProcessResult gate = repo.Build("src/Polly.Core/Polly.Core.csproj", "-t:ReleaseGate");

        BuildAssert.Failed(gate);
        Assert.Contains("error GOV2201: Polly.Core 8.4.3-alpha.0.4 is a prerelease", gate.Output);
        Assert.Contains("tag a new version (MinVer computes the version from git tags)", gate.Output);
        using JsonDocument report = repo.ReadReport();
        Assert.Equal("8.4.3-alpha.0.4", report.RootElement.GetProperty("subject").GetProperty("version").GetString());
    }

    /// <summary>
    /// An IDE suggestion in the compiler's SARIF log (level note) is counted, never a warning; mapped
    /// higher by the policy, a rule every target framework reports is one finding.
    /// </summary>
    [Fact]
    public void Analyzer_suggestions_stay_out_of_the_warnings_and_a_rule_is_one_finding_across_frameworks()
    {
        var repo = new TestRepository(sdk, "Suggestions", machineSources: true)
            .AddProject("Contoso.Lib", "\n    <TargetFrameworks>net8.0;net10.0</TargetFrameworks>");
        repo.Write("src/Contoso.Lib/Counter.cs", "namespace Contoso.Lib;\n\npublic class Counter\n{\n    public int Next(int value) => value + 1;\n}\n");
        repo.Write(".editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.CA1822.severity = suggestion\n");
        string targets = File.ReadAllText(repo.Path("Directory.Build.targets"));
        repo.Write("Directory.Build.targets", targets.Replace("</Project>", """
              <PropertyGroup>
                <ErrorLog>$(MSBuildProjectDirectory)/obj/analyzers.$(TargetFramework).sarif,version=2.1</ErrorLog>
              </PropertyGroup>
            </Project>
            """));
        repo.Write("governance.json", """{ "policyVersion": "1" }""");
        repo.Commit();

        ProcessResult quiet = repo.Build("src/Contoso.Lib/Contoso.Lib.csproj", "-t:ReleaseGate", "-clp:NoSummary");

        BuildAssert.Succeeded(quiet);
        Assert.DoesNotContain("GOV2301", quiet.Output);
        Assert.True(File.Exists(repo.Path("src/Contoso.Lib/obj/analyzers.net8.0.sarif")) && File.Exists(repo.Path("src/Contoso.Lib/obj/analyzers.net10.0.sarif")));
        Assert.False(File.Exists(repo.Path("src/Contoso.Lib/obj/analyzers..sarif")));
        using (JsonDocument report = repo.ReadReport())
        {
            Assert.Contains(report.RootElement.GetProperty("checks").EnumerateArray(),
                c => c.GetProperty("id").GetString() == "sarif:src/Contoso.Lib/obj/analyzers.net8.0.sarif" && c.GetProperty("message").GetString()!.Contains("1 of them informational"));
        }

        repo.Write("governance.json", """{ "policyVersion": "1", "sarif": { "levels": { "note": "medium" } } }""");
        ProcessResult mapped = repo.Build("src/Contoso.Lib/Contoso.Lib.csproj", "-t:ReleaseGate", "-clp:NoSummary");

        BuildAssert.Succeeded(mapped);
        Assert.Equal(1, BuildAssert.Lines(mapped, "warning GOV2301: CA1822"));
        Assert.Contains("in 2 SARIF logs of src/Contoso.Lib/Contoso.Lib.csproj", mapped.Output);
    }

    /// <summary>
    /// Without a policy file the governance root is the git work tree's: a submodule's (whose .git
    /// is a file) when the project is in one, not the parent repository around it.
    /// </summary>
    [Fact]
    public void The_governance_root_is_the_nearest_work_tree_a_submodules_inside_its_parent()
    {
        var repo = new TestRepository(sdk, "Submodule").AddProject("Contoso.Lib");
        repo.Commit();
        repo.Write("vendor/Widget/.git", "gitdir: ../../.git/modules/Widget\n");
        repo.Write("vendor/Widget/src/Widget/Widget.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n");

        string RootOf(string project) => DotNet.Run(repo.Root, sdk.NuGetPackages, null, "msbuild", project, "-getProperty:GovernanceRoot", "-nr:false").Output.Trim();

        Assert.Equal(repo.Path("vendor/Widget/"), RootOf("vendor/Widget/src/Widget/Widget.csproj"));
        Assert.Equal(repo.Root + "/", RootOf("src/Contoso.Lib/Contoso.Lib.csproj"));
    }

    private ProcessResult Pack(TestRepository repo) =>
        DotNet.Run(repo.Root, sdk.NuGetPackages, null, "pack", "--no-build", "-c", "Debug", "-o", repo.Path("packages"), "-nr:false", "-tl:off");

    private static JsonElement Manifest(TestRepository repo)
    {
        string manifest = Directory.GetFiles(repo.Path("packages"), "*.bundle.json").Single();
        return JsonDocument.Parse(File.ReadAllBytes(manifest)).RootElement.Clone();
    }

    private static string[] GovernanceFolders(TestRepository repo) =>
        Directory.GetDirectories(repo.Root, "governance", SearchOption.AllDirectories)
            .Where(d => d.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar))
            .ToArray();
}
