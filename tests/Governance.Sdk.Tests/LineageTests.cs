using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Governance.Core.Json;
using Governance.Sdk.Tests.Infrastructure;
using NJsonSchema;

namespace Governance.Sdk.Tests;

/// <summary>Lineage through real builds: what is traced, and what a broken graph does to the decision.</summary>
[Collection(EndToEnd.Name)]
public class LineageTests
{
    private const string NewtonsoftJson = "pkg:nuget/Newtonsoft.Json@13.0.3";

    private readonly SdkPackage sdk;

    public LineageTests(SdkPackage sdk) => this.sdk = sdk;

    [Fact]
    public async Task A_solution_with_references_a_package_and_a_multi_targeted_project_is_traced_from_sources_to_the_decision_under_m()
    {
        string packages = TestRepository.MachinePackageFolder;
        var repo = new TestRepository(sdk, "Traced", machineSources: true, extraFeeds: packages)
            .AddProject("Contoso.Core", "\n    <TargetFrameworks>net8.0;net10.0</TargetFrameworks>")
            .AddProject("Contoso.Data", "", "Contoso.Core")
            .AddProject("Contoso.Api", "", "Contoso.Data", "Contoso.Core")
            .WriteSolution();
        AddPackageReference(repo, "Contoso.Core", "Newtonsoft.Json", "13.0.3");
        repo.Write("governance.json", "{ \"policyVersion\": \"1\" }");
        repo.Commit();

        ProcessResult result = repo.Build("Traced.sln", "-t:ReleaseGate", "-m");

        BuildAssert.Succeeded(result);
        Assert.Contains("Release gate: go", result.Output);
        string lineagePath = Path.Combine(repo.ArtifactsDirectory, "lineage.json");
        string lineageText = File.ReadAllText(lineagePath);
        Assert.Empty(SchemaValidator.Validate(lineagePath, lineageText, "lineage.schema.json"));
        Assert.DoesNotContain(repo.Root, lineageText);
        using JsonDocument lineage = JsonDocument.Parse(lineageText);
        JsonElement[] nodes = lineage.RootElement.GetProperty("nodes").EnumerateArray().ToArray();
        // Nothing from outside the repository (the SDK, the package cache): packages are package nodes.
        Assert.All(nodes.Select(n => n.GetProperty("id").GetString()!), id => Assert.DoesNotContain("../", id));
        (string From, string To, string Kind)[] edges = lineage.RootElement.GetProperty("edges").EnumerateArray()
            .Select(e => (e.GetProperty("from").GetString()!, e.GetProperty("to").GetString()!, e.GetProperty("kind").GetString()!))
            .ToArray();
        string Digest(string id) => nodes.Single(n => n.GetProperty("id").GetString() == id).GetProperty("digest").GetString()!;

        // The package, with the content hash NuGet recorded when it installed it (for a signed
        // package, the SHA-512 of its content without the signature), consumed by each assembly.
        string package = "input:" + NewtonsoftJson;
        using (JsonDocument installed = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(sdk.NuGetPackages, "newtonsoft.json", "13.0.3", ".nupkg.metadata"))))
        {
            byte[] contentHash = Convert.FromBase64String(installed.RootElement.GetProperty("contentHash").GetString()!);
            Assert.Equal("sha512:" + Convert.ToHexString(contentHash).ToLowerInvariant(), Digest(package));
        }

        foreach (string framework in new[] { "net8.0", "net10.0" })
        {
            string assembly = $"artifact:src/Contoso.Core/bin/Debug/{framework}/Contoso.Core.dll";
            Assert.Contains((package, assembly, "consumed"), edges);
            Assert.Contains(("source:src/Contoso.Core/Api.cs", assembly, "produced"), edges);
            Assert.Equal("sha256:" + Sha256Of(repo.Path(assembly.Substring("artifact:".Length))), Digest(assembly));
            Assert.True(File.Exists(repo.Path($"src/Contoso.Core/obj/Debug/{framework}/governance/collect.json")), framework + " wrote no fragment of its own");
        }

        // Project references: each assembly consumed the referenced projects' outputs.
        Assert.Contains(("artifact:src/Contoso.Core/bin/Debug/net10.0/Contoso.Core.dll", "artifact:src/Contoso.Data/bin/Debug/net10.0/Contoso.Data.dll", "consumed"), edges);
        Assert.Contains(("artifact:src/Contoso.Data/bin/Debug/net10.0/Contoso.Data.dll", "artifact:src/Contoso.Api/bin/Debug/net10.0/Contoso.Api.dll", "consumed"), edges);
        Assert.Contains(("source:src/Contoso.Api/Contoso.Api.csproj", "artifact:src/Contoso.Api/bin/Debug/net10.0/Contoso.Api.dll", "produced"), edges);
        Assert.Contains(("source:Directory.Build.props", "artifact:src/Contoso.Api/bin/Debug/net10.0/Contoso.Api.dll", "produced"), edges);
        Assert.Contains(("check:lineage", "decision:release", "decided"), edges);

        using JsonDocument report = repo.ReadReport();
        JsonElement lineageCheck = report.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "lineage");
        Assert.Equal("pass", lineageCheck.GetProperty("status").GetString());

        // The in-toto export: every produced assembly is a subject; restore's packages are resolved dependencies.
        string provenancePath = Path.Combine(repo.ArtifactsDirectory, "lineage.intoto.json");
        string provenanceText = File.ReadAllText(provenancePath);
        JsonSchema schema = await JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "intoto-statement-v1-slsa-provenance-v1.schema.json")));
        Assert.Empty(schema.Validate(provenanceText));
        using JsonDocument provenance = JsonDocument.Parse(provenanceText);
        string[] subjects = provenance.RootElement.GetProperty("subject").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToArray();
        Assert.Contains("src/Contoso.Core/bin/Debug/net8.0/Contoso.Core.dll", subjects);
        Assert.Contains("src/Contoso.Api/bin/Debug/net10.0/Contoso.Api.dll", subjects);
        Assert.Contains(provenance.RootElement.GetProperty("predicate").GetProperty("buildDefinition").GetProperty("resolvedDependencies").EnumerateArray(),
            d => d.TryGetProperty("uri", out JsonElement uri) && uri.GetString() == NewtonsoftJson);
        Assert.Equal(Sha256Of(provenancePath), report.RootElement.GetProperty("lineage").GetProperty("provenance").GetProperty("sha256").GetString());
    }

    [Fact]
    public void Breaking_the_graph_gives_its_diagnostic_and_no_go_and_a_rebuild_recovers()
    {
        var repo = new TestRepository(sdk, "Broken")
            .AddProject("Contoso.Core")
            .AddProject("Contoso.Api", "", "Contoso.Core")
            .WriteSolution();
        repo.Write("governance.json", """{ "policyVersion": "1", "gate": { "blockingBranches": ["main"] } }""");
        repo.Commit("main");
        BuildAssert.Succeeded(repo.Build("Broken.sln", "-t:ReleaseGate", "-m"));
        string apiFragment = repo.Path("src/Contoso.Api/obj/Debug/net10.0/governance/collect.json");
        string coreFragment = repo.Path("src/Contoso.Core/obj/Debug/net10.0/governance/collect.json");

        // 1. A deleted fragment, gate without a build: the project's fragment is missing.
        File.Delete(coreFragment);
        ProcessResult deleted = repo.Build("Broken.sln", "-t:ReleaseGate", "-p:GovernanceGateNoBuild=true");
        AssertNoGo(repo, deleted, "error GOV3001", "Project src/Contoso.Core/Contoso.Core.csproj has no lineage fragment from this build");
        // ... and what Api consumed from Core now has no producer in the gate.
        Assert.Contains("artifact src/Contoso.Core/bin/Debug/net10.0/Contoso.Core.dll is consumed by src/Contoso.Api/Contoso.Api.csproj, but no trusted fragment in the gate produced it", deleted.Output);
        BuildAssert.Succeeded(repo.Build("Broken.sln", "-t:ReleaseGate"));

        // 2. A source edited after the build, gate without a build: the fragment is stale, not trusted.
        string source = repo.Path("src/Contoso.Core/Api.cs");
        string original = File.ReadAllText(source);
        File.WriteAllText(source, original.Replace("42", "43"));
        ProcessResult stale = repo.Build("Broken.sln", "-t:ReleaseGate", "-p:GovernanceGateNoBuild=true");
        AssertNoGo(repo, stale, "error GOV3001", "of project src/Contoso.Core/Contoso.Core.csproj is not from this build: Api.cs changed");
        File.WriteAllText(source, original);
        BuildAssert.Succeeded(repo.Build("Broken.sln", "-t:ReleaseGate"));

        // 3. An artifact with no producer: the edges that produce Api's symbols are gone.
        EditFragment(apiFragment, fragment =>
        {
            JsonArray edges = fragment["edges"]!.AsArray();
            foreach (JsonNode? edge in edges.Where(e => e!["kind"]!.GetValue<string>() == "produced" && e["to"]!.GetValue<string>().EndsWith(".pdb", StringComparison.Ordinal)).ToArray())
            {
                edges.Remove(edge);
            }
        });
        ProcessResult noProducer = repo.Build("Broken.sln", "-t:ReleaseGate");
        AssertNoGo(repo, noProducer, "error GOV3001", "The artifact src/Contoso.Api/bin/Debug/net10.0/Contoso.Api.pdb (project src/Contoso.Api/Contoso.Api.csproj) has no producer");

        // 4. An edge to nowhere.
        BuildAssert.Succeeded(repo.Build("Broken.sln", "-t:ReleaseGate", "--no-incremental"));
        EditFragment(apiFragment, fragment => fragment["edges"]!.AsArray().Add(new JsonObject
        {
            ["from"] = "source:Api.cs",
            ["to"] = "artifact:bin/Debug/net10.0/ghost.dll",
            ["kind"] = "produced",
        }));
        ProcessResult dangling = repo.Build("Broken.sln", "-t:ReleaseGate");
        AssertNoGo(repo, dangling, "error GOV3002", "names artifact:bin/Debug/net10.0/ghost.dll, which no project's fragment and no gate input defines");
        Assert.Contains("(project src/Contoso.Api/Contoso.Api.csproj)", dangling.Output);

        // A rebuild writes complete fragments again.
        ProcessResult recovered = repo.Build("Broken.sln", "-t:ReleaseGate", "--no-incremental");
        BuildAssert.Succeeded(recovered);
        Assert.Contains("Release gate: go", recovered.Output);
    }

    [Fact]
    public void Removing_an_item_that_a_glob_matched_makes_the_next_build_collect_again()
    {
        var repo = new TestRepository(sdk, "Removed")
            .AddProject("Lib", "\n  </PropertyGroup>\n  <ItemGroup>\n    <None Include=\"data/*.txt\" CopyToOutputDirectory=\"PreserveNewest\" />\n  </ItemGroup>\n  <PropertyGroup>")
            .WriteSolution();
        repo.Write("src/Lib/data/a.txt", "a");
        repo.Write("src/Lib/data/b.txt", "b");
        repo.Commit();
        BuildAssert.Succeeded(repo.Build("Removed.sln", "-t:ReleaseGate"));
        Assert.Contains("\"source:src/Lib/data/b.txt\"", File.ReadAllText(Path.Combine(repo.ArtifactsDirectory, "lineage.json")));

        // Deleting a globbed file makes no input newer; the item list changed, and that is an input too.
        File.Delete(repo.Path("src/Lib/data/b.txt"));
        ProcessResult rebuilt = repo.Build("Removed.sln", "-t:ReleaseGate");

        BuildAssert.Succeeded(rebuilt);
        Assert.Contains("Release gate: go", rebuilt.Output);
        string lineage = File.ReadAllText(Path.Combine(repo.ArtifactsDirectory, "lineage.json"));
        Assert.Contains("\"source:src/Lib/data/a.txt\"", lineage);
        Assert.DoesNotContain("data/b.txt", lineage);
    }

    private static void AssertNoGo(TestRepository repo, ProcessResult result, string diagnostic, string message)
    {
        BuildAssert.Failed(result);
        BuildAssert.NoStackTrace(result);
        Assert.Contains(result.Output.Split('\n'), line => line.Contains(diagnostic, StringComparison.Ordinal) && line.Contains(message, StringComparison.Ordinal));
        using JsonDocument report = repo.ReadReport();
        Assert.Equal("no-go", report.RootElement.GetProperty("decision").GetString());
    }

    /// <summary>Edits a fragment as a broken build step or a person would, keeping it valid JSON of the right shape.</summary>
    private static void EditFragment(string path, Action<JsonNode> edit)
    {
        JsonNode fragment = JsonNode.Parse(File.ReadAllText(path))!;
        DateTime written = File.GetLastWriteTimeUtc(path);
        edit(fragment);
        File.WriteAllText(path, fragment.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        // Keep it newer than the build's inputs, as it was, so the build does not simply collect again.
        File.SetLastWriteTimeUtc(path, written.AddSeconds(1));
    }

    private static void AddPackageReference(TestRepository repo, string project, string id, string version)
    {
        string file = repo.Path($"src/{project}/{project}.csproj");
        File.WriteAllText(file, File.ReadAllText(file).Replace("</Project>", $"  <ItemGroup>\n    <PackageReference Include=\"{id}\" Version=\"{version}\" />\n  </ItemGroup>\n</Project>"));
    }

    private static string Sha256Of(string path) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();
}
