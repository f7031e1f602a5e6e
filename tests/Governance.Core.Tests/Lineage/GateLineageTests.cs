using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Core.Evaluation;
using Governance.Core.IO;
using Governance.Core.Lineage;
using Governance.Core.Reports;
using NJsonSchema;

namespace Governance.Core.Tests.Lineage;

/// <summary>The gate's side of lineage: which fragments it trusts, what it merges, what it exports.</summary>
public class GateLineageTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    /// <summary>Core (a library) and App (references Core, uses a package), each collected as GovernanceCollect would.</summary>
    private static GateRequest TwoProjects(TempDirectory dir, Func<string, string?>? environment = null)
    {
        dir.Write(".git/HEAD", "ref: refs/heads/main\n");
        dir.Write(".git/refs/heads/main", Sha + "\n");
        GateProject core = Collect(dir, "Core", new LineageFragmentInputs());
        GateProject app = Collect(dir, "App", new LineageFragmentInputs
        {
            UpstreamArtifacts = new[] { dir.Combine("src/Core/bin/Core.dll") },
            Packages = new[] { new PackageDependency("Newtonsoft.Json", "13.0.3", new string('c', 128)) },
        });
        return new GateRequest
        {
            GovernanceRoot = dir.Path,
            Now = "2026-11-24T12:00:00Z",
            SubjectName = "Two",
            Projects = new[] { core, app },
            Environment = environment ?? (_ => null),
        };
    }

    private static GateProject Collect(TempDirectory dir, string name, LineageFragmentInputs extra)
    {
        string project = dir.Write($"src/{name}/{name}.csproj", "<Project />");
        string source = dir.Write($"src/{name}/{name}.cs", $"class {name} {{}}");
        string assembly = dir.Combine($"src/{name}/bin/{name}.dll");
        if (!File.Exists(assembly))
        {
            dir.Write($"src/{name}/bin/{name}.dll", name + " binary");
        }

        string fragment = dir.Combine($"src/{name}/obj/governance/collect.json");
        var digests = FileDigestCache.Load(Path.Combine(Path.GetDirectoryName(fragment)!, LineageFragment.DigestCacheFileName));
        LineageFragment created = LineageFragment.Create(name, project, "net10.0", extra with { Sources = new[] { source, project }, Artifacts = new[] { assembly } }, digests);
        AtomicFile.WriteAllBytes(fragment, created.ToCanonicalJson());
        digests.Save(Path.Combine(Path.GetDirectoryName(fragment)!, LineageFragment.DigestCacheFileName));
        return new GateProject(project, fragment, "net10.0");
    }

    [Fact]
    public void Fragments_merge_into_one_complete_graph_across_project_references()
    {
        using var dir = new TempDirectory();

        GateEvaluation evaluation = GateEvaluator.Evaluate(TwoProjects(dir));

        Assert.Equal("go", evaluation.Report.Decision);
        CheckResult lineage = Assert.Single(evaluation.Report.Checks, c => c.Id == LineageCompleteness.CheckId);
        Assert.Equal(CheckStatus.Pass, lineage.Status);
        Assert.Contains(new LineageEdge("artifact:src/Core/bin/Core.dll", "artifact:src/App/bin/App.dll", EdgeKind.Consumed), evaluation.Lineage.Edges);
        Assert.Contains(new LineageEdge("input:pkg:nuget/Newtonsoft.Json@13.0.3", "artifact:src/App/bin/App.dll", EdgeKind.Consumed), evaluation.Lineage.Edges);
        Assert.Equal("src/Core/Core.csproj", evaluation.Lineage.Find("artifact:src/Core/bin/Core.dll")!.Project);
        Assert.Contains(new LineageEdge("check:lineage", "decision:release", EdgeKind.Decided), evaluation.Lineage.Edges);
    }

    [Fact]
    public void A_fragment_whose_files_changed_after_it_was_written_is_stale_and_not_merged()
    {
        using var dir = new TempDirectory();
        GateRequest request = TwoProjects(dir);
        File.WriteAllText(dir.Combine("src/Core/Core.cs"), "class Eore {}");
        File.SetLastWriteTimeUtc(dir.Combine("src/Core/Core.cs"), DateTime.UtcNow.AddSeconds(5));
        File.Delete(dir.Combine("src/Core/bin/Core.dll"));

        GateEvaluation evaluation = GateEvaluator.Evaluate(request);

        Assert.Equal("no-go", evaluation.Report.Decision);
        CheckResult stale = Assert.Single(evaluation.Report.Checks, c => c.Id == "collect:src/Core/obj/governance/collect.json" && c.Status == CheckStatus.Fail);
        Assert.Equal(("GOV3001", "src/Core/Core.csproj"), (stale.Code, stale.Project));
        Assert.Contains("Core.cs changed", stale.Message);
        Assert.Contains("bin/Core.dll is gone", stale.Message);
        Assert.False(evaluation.Lineage.Contains("source:src/Core/Core.cs"));
        // App consumed Core.dll, which nothing in the gate now vouches for.
        Assert.Contains(evaluation.Report.Checks, c => c.Id == "lineage" && c.Message.Contains("artifact src/Core/bin/Core.dll is consumed by src/App/App.csproj, but no trusted fragment in the gate produced it"));
    }

    [Fact]
    public void A_fragment_of_another_target_framework_or_project_is_not_trusted()
    {
        using var dir = new TempDirectory();
        GateRequest request = TwoProjects(dir);
        GateProject core = request.Projects[0];
        GateProject app = request.Projects[1];

        string[] Untrusted(params GateProject[] projects) => GateEvaluator.Evaluate(request with { Projects = projects }).Report.Checks
            .Where(c => c.Code == "GOV3001" && c.Id.StartsWith("collect:", StringComparison.Ordinal) && c.IsBlocking)
            .Select(c => c.Message)
            .ToArray();

        Assert.Contains("written for target framework 'net10.0', not 'net9.0'", Assert.Single(Untrusted(core with { TargetFramework = "net9.0" })));
        Assert.Contains("written for App.csproj, not Other.csproj", Assert.Single(Untrusted(core, new GateProject(dir.Combine("src/Other/Other.csproj"), app.FragmentFile, "net10.0"))));
        Assert.Empty(Untrusted(core, app));
    }

    [Fact]
    public void A_project_built_against_an_older_copy_of_a_reference_is_a_digest_conflict()
    {
        using var dir = new TempDirectory();
        GateRequest request = TwoProjects(dir);
        // Core is rebuilt with new content and collected again; App is not rebuilt.
        File.WriteAllText(dir.Combine("src/Core/bin/Core.dll"), "Core binary, version 2");
        Collect(dir, "Core", new LineageFragmentInputs());

        GateEvaluation evaluation = GateEvaluator.Evaluate(request);

        CheckResult conflict = Assert.Single(evaluation.Report.Checks, c => c.Id == "lineage" && c.IsBlocking);
        Assert.Equal(("GOV3001", "src/App/App.csproj"), (conflict.Code, conflict.Project));
        Assert.Contains("artifact:src/Core/bin/Core.dll has two different contents", conflict.Message);
        Assert.Contains("Rebuild src/App/App.csproj", conflict.Message);
    }

    [Fact]
    public async System.Threading.Tasks.Task The_in_toto_export_matches_the_published_statement_and_provenance_fields()
    {
        using var dir = new TempDirectory();
        var ci = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true", ["GITHUB_SERVER_URL"] = "https://github.example", ["GITHUB_REPOSITORY"] = "contoso/app",
            ["GITHUB_WORKFLOW_REF"] = "contoso/app/.github/workflows/ci.yml@refs/heads/main", ["GITHUB_RUN_ID"] = "42", ["GITHUB_RUN_ATTEMPT"] = "2",
            ["GITHUB_SHA"] = Sha, ["GITHUB_REF_NAME"] = "main",
        };
        GateRequest request = TwoProjects(dir, name => ci.TryGetValue(name, out string? value) ? value : null);

        GateOutputFiles files = GateOutputs.Write(GateEvaluator.Evaluate(request), dir.Combine("artifacts/governance"));
        string text = File.ReadAllText(files.Provenance);

        JsonSchema schema = await JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "intoto-statement-v1-slsa-provenance-v1.schema.json")));
        Assert.Empty(schema.Validate(text));
        using JsonDocument statement = JsonDocument.Parse(text);
        JsonElement root = statement.RootElement;
        Assert.Equal(
            new[] { "src/App/bin/App.dll", "src/Core/bin/Core.dll" },
            root.GetProperty("subject").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(Sha256.OfFile(dir.Combine("src/App/bin/App.dll")), root.GetProperty("subject")[0].GetProperty("digest").GetProperty("sha256").GetString());
        JsonElement build = root.GetProperty("predicate").GetProperty("buildDefinition");
        Assert.Equal(ProvenanceStatement.BuildType, build.GetProperty("buildType").GetString());
        Assert.Equal("main", build.GetProperty("externalParameters").GetProperty("subject").GetProperty("branch").GetString());
        JsonElement[] dependencies = build.GetProperty("resolvedDependencies").EnumerateArray().ToArray();
        Assert.Equal(Sha, dependencies[0].GetProperty("digest").GetProperty("gitCommit").GetString());
        Assert.Equal("git+https://github.example/contoso/app", dependencies[0].GetProperty("uri").GetString());
        Assert.Equal("pkg:nuget/Newtonsoft.Json@13.0.3", dependencies[1].GetProperty("uri").GetString());
        Assert.Equal(new string('c', 128), dependencies[1].GetProperty("digest").GetProperty("sha512").GetString());
        JsonElement run = root.GetProperty("predicate").GetProperty("runDetails");
        Assert.Equal("https://github.example/contoso/app/.github/workflows/ci.yml@refs/heads/main", run.GetProperty("builder").GetProperty("id").GetString());
        Assert.Equal("https://github.example/contoso/app/actions/runs/42/attempts/2", run.GetProperty("metadata").GetProperty("invocationId").GetString());
        Assert.Equal(Sha256.OfFile(files.Lineage), run.GetProperty("byproducts")[0].GetProperty("digest").GetProperty("sha256").GetString());

        using JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(files.Report));
        JsonElement provenance = report.RootElement.GetProperty("lineage").GetProperty("provenance");
        Assert.Equal("artifacts/governance/lineage.intoto.json", provenance.GetProperty("path").GetString());
        Assert.Equal(Sha256.OfFile(files.Provenance), provenance.GetProperty("sha256").GetString());
    }

    [Fact]
    public void Outside_CI_the_builder_is_the_local_build_and_there_is_no_invocation_id()
    {
        BuildRun run = BuildRun.Detect(_ => null);

        Assert.Equal(BuildRun.LocalBuilderId, run.BuilderId);
        Assert.Null(run.InvocationId);
    }

    [Fact]
    public void With_nothing_collected_there_is_no_statement_to_attest_and_an_old_one_is_removed()
    {
        using var dir = new TempDirectory();
        GateRequest request = TwoProjects(dir);
        string artifacts = dir.Combine("artifacts/governance");
        GateOutputFiles first = GateOutputs.Write(GateEvaluator.Evaluate(request), artifacts);
        Assert.True(File.Exists(first.Provenance));

        GateOutputFiles empty = GateOutputs.Write(GateEvaluator.Evaluate(request with { Projects = Array.Empty<GateProject>() }), artifacts);

        Assert.False(File.Exists(empty.Provenance));
        using JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(empty.Report));
        Assert.Equal(JsonValueKind.Null, report.RootElement.GetProperty("lineage").GetProperty("provenance").ValueKind);
        Assert.Empty(Json.SchemaValidator.Validate(empty.Report, File.ReadAllText(empty.Report), "release-readiness-gate-report.schema.json"));
        Assert.Equal("no-go", report.RootElement.GetProperty("decision").GetString());
    }

    [Theory]
    [InlineData(FragmentKind.Pack, "The pack of project", false)]
    [InlineData(FragmentKind.Publish, "The publish of project", false)]
    [InlineData(FragmentKind.Pack, "The pack of project", true)]
    public void A_pack_or_publish_older_than_the_build_is_left_out_of_the_decision_with_one_notice(FragmentKind kind, string named, bool versionBumped)
    {
        using var dir = new TempDirectory();
        GateRequest request = TwoProjects(dir);
        string project = request.Projects[0].ProjectFile;
        string nupkg = dir.Write("packages/Core.1.0.0.nupkg", "package");
        string packFragment = dir.Combine("src/Core/obj/governance/" + LineageFragment.PackFragmentFileName);
        LineageFragment pack = LineageFragment.Create("Core", project, string.Empty, new LineageFragmentInputs
        {
            Sources = new[] { project },
            UpstreamArtifacts = new[] { dir.Combine("src/Core/bin/Core.dll") },
            Artifacts = new[] { nupkg },
        }, FileDigestCache.Empty());
        AtomicFile.WriteAllBytes(packFragment, pack.ToCanonicalJson());
        request = request with { Projects = request.Projects.Append(new GateProject(project, packFragment) { Kind = kind }).ToArray() };
        GateEvaluation fresh = GateEvaluator.Evaluate(request);
        Assert.Equal("go", fresh.Report.Decision);
        Assert.NotNull(fresh.Lineage.Find("artifact:packages/Core.1.0.0.nupkg"));

        // A commit after the pack (with the version bumped in the project file, the usual next
        // commit), and a build: the assembly and the builds' fragments are new, the pack still names the old one.
        if (versionBumped)
        {
            File.AppendAllText(project, "<!-- Version 1.1.0 -->");
        }

        dir.Write("src/Core/bin/Core.dll", "rebuilt after a commit");
        GateRequest rebuilt = TwoProjects(dir);
        GateEvaluation evaluation = GateEvaluator.Evaluate(rebuilt with { Projects = rebuilt.Projects.Append(request.Projects.Last()).ToArray() });

        Assert.True(evaluation.Report.IsGo, string.Join("\n", evaluation.Report.Checks.Where(c => c.IsBlocking).Select(c => c.Message)));
        CheckResult notice = Assert.Single(evaluation.Report.Checks, c => c.Code == "GOV0002");
        Assert.Equal((CheckStatus.Pass, Governance.Core.Policy.Severity.Info, "src/Core/Core.csproj"), (notice.Status, notice.Severity, notice.Project));
        Assert.StartsWith(named, notice.Message);
        Assert.Contains("bin/Core.dll changed", notice.Message);
        Assert.Contains("is not part of this decision", notice.Message);
        Assert.Null(evaluation.Lineage.Find("artifact:packages/Core.1.0.0.nupkg"));
        Assert.DoesNotContain(evaluation.Report.Projects, p => p.TargetFramework is null);
        Assert.DoesNotContain(evaluation.Report.Checks, c => c.Code == "GOV3001");
    }
}
