using System.Linq;
using Governance.Core.IO;
using Governance.Core.Lineage;

namespace Governance.Core.Tests.Lineage;

public class LineageFragmentTests
{
    [Fact]
    public void A_fragment_records_sources_packages_and_upstream_artifacts_as_producing_each_artifact()
    {
        using var dir = new TempDirectory();
        string project = dir.Write("src/App/App.csproj", "<Project />");
        string source = dir.Write("src/App/Program.cs", "class P {}");
        string linked = dir.Write("src/Shared/Link.cs", "class L {}");
        string input = dir.Write("src/App/model.xml", "<model />");
        string upstream = dir.Write("src/Core/bin/Core.dll", "core");
        string assembly = dir.Write("src/App/bin/App.dll", "binary");
        string symbols = dir.Write("src/App/bin/App.pdb", "symbols");
        var package = new PackageDependency("Newtonsoft.Json", "13.0.3", new string('a', 128));

        LineageFragment fragment = LineageFragment.Create("App", project, "net10.0", new LineageFragmentInputs
        {
            Sources = new[] { source, linked, project, dir.Combine("src/App/gone.cs") },
            Inputs = new[] { input },
            Packages = new[] { package },
            UpstreamArtifacts = new[] { upstream },
            Artifacts = new[] { assembly, symbols },
        }, FileDigestCache.Empty());

        Assert.Equal("App.csproj", fragment.ProjectPath);
        Assert.Equal(
            new[] { "artifact:../Core/bin/Core.dll", "artifact:bin/App.dll", "artifact:bin/App.pdb", "input:model.xml", "input:pkg:nuget/Newtonsoft.Json@13.0.3", "source:../Shared/Link.cs", "source:App.csproj", "source:Program.cs" },
            fragment.Nodes.Select(n => n.Id));
        Assert.Equal("sha256:" + Sha256.OfFile(source), fragment.Nodes.Single(n => n.Id == "source:Program.cs").Digest);
        Assert.Equal("sha512:" + package.Sha512, fragment.Nodes.Single(n => n.Kind == NodeKind.Input && n.Path is null).Digest);
        Assert.True(fragment.Nodes.Single(n => n.Id == "artifact:../Core/bin/Core.dll").Upstream);
        Assert.Equal(new[] { "artifact:bin/App.dll", "artifact:bin/App.pdb" }, fragment.ProducedArtifacts.Select(a => a.Id));

        // Every source produced each artifact; everything else was consumed by it.
        foreach (string artifact in new[] { "artifact:bin/App.dll", "artifact:bin/App.pdb" })
        {
            Assert.Equal(new[] { "source:../Shared/Link.cs", "source:App.csproj", "source:Program.cs" },
                fragment.Edges.Where(e => e.To == artifact && e.Kind == EdgeKind.Produced).Select(e => e.From));
            Assert.Equal(new[] { "artifact:../Core/bin/Core.dll", "input:model.xml", "input:pkg:nuget/Newtonsoft.Json@13.0.3" },
                fragment.Edges.Where(e => e.To == artifact && e.Kind == EdgeKind.Consumed).Select(e => e.From));
        }
    }

    [Fact]
    public void Rebasing_moves_every_file_node_and_the_edges_that_name_it_but_not_package_ids()
    {
        using var dir = new TempDirectory();
        string project = dir.Write("src/App/App.csproj", "<Project />");
        string source = dir.Write("src/App/Program.cs", "class P {}");
        string assembly = dir.Write("src/App/bin/App.dll", "binary");
        LineageFragment fragment = LineageFragment.Create("App", project, "net10.0", new LineageFragmentInputs
        {
            Sources = new[] { source },
            Packages = new[] { new PackageDependency("A", "1.0.0", new string('b', 128)) },
            Artifacts = new[] { assembly },
        }, FileDigestCache.Empty());

        LineageFragment rebased = fragment.RebaseOnto(dir.Path, project);

        Assert.Equal("src/App/App.csproj", rebased.ProjectPath);
        Assert.Equal(new[] { "artifact:src/App/bin/App.dll", "input:pkg:nuget/A@1.0.0", "source:src/App/Program.cs" }, rebased.Nodes.Select(n => n.Id));
        Assert.Equal("src/App/bin/App.dll", rebased.Nodes[0].Path);
        Assert.Equal(
            new[] { ("input:pkg:nuget/A@1.0.0", "artifact:src/App/bin/App.dll"), ("source:src/App/Program.cs", "artifact:src/App/bin/App.dll") },
            rebased.Edges.Select(e => (e.From, e.To)));
    }

    [Fact]
    public void A_fragment_round_trips_through_its_canonical_json_and_validates()
    {
        using var dir = new TempDirectory();
        string project = dir.Write("App.csproj", "<Project />");
        string source = dir.Write("A.cs", "class A {}");
        string assembly = dir.Write("bin/App.dll", "binary");
        LineageFragment fragment = LineageFragment.Create("App", project, "net10.0",
            new LineageFragmentInputs { Sources = new[] { source }, Artifacts = new[] { assembly }, UpstreamArtifacts = new[] { source } }, FileDigestCache.Empty());
        string file = dir.Combine("obj/collect.json");
        AtomicFile.WriteAllBytes(file, fragment.ToCanonicalJson());

        LineageFragment? read = LineageFragment.Read(file, out var diagnostics, out string? digest);

        Assert.Empty(diagnostics);
        Assert.Equal(Sha256.OfFile(file), digest);
        Assert.Equal(fragment.ToCanonicalJson(), read!.ToCanonicalJson());
    }

    [Fact]
    public void An_old_fragment_is_GOV1003_and_an_edited_node_id_is_GOV1002()
    {
        using var dir = new TempDirectory();
        string old = dir.Write("old.json", "{ \"schemaVersion\": \"1\", \"project\": {}, \"sources\": [], \"artifacts\": [] }");
        string edited = dir.Write("edited.json", """
            { "schemaVersion": "2", "project": { "name": "A", "path": "A.csproj", "targetFramework": "" },
              "nodes": [ { "id": "source:B.cs", "kind": "source", "path": "A.cs" } ], "edges": [] }
            """);

        Assert.Null(LineageFragment.Read(old, out var oldDiagnostics, out _));
        Assert.Equal("GOV1003", Assert.Single(oldDiagnostics).Code);
        Assert.Null(LineageFragment.Read(edited, out var editedDiagnostics, out _));
        Assert.Contains("source:B.cs", Assert.Single(editedDiagnostics, d => d.Code == "GOV1002").Message);
    }

    [Fact]
    public void Files_under_excluded_folders_such_as_a_package_s_content_files_are_left_out()
    {
        using var dir = new TempDirectory();
        string project = dir.Write("repo/src/App/App.csproj", "<Project />");
        string source = dir.Write("repo/src/App/Program.cs", "class P {}");
        string contentFile = dir.Write("nuget/packages/some.package/1.0.0/contentFiles/cs/any/Helper.cs", "class H {}");
        string assembly = dir.Write("repo/src/App/bin/App.dll", "binary");

        LineageFragment fragment = LineageFragment.Create("App", project, "net10.0", new LineageFragmentInputs
        {
            Sources = new[] { source, contentFile },
            Artifacts = new[] { assembly },
            ExcludedDirectories = new[] { dir.Combine("nuget/packages") + "/" },
        }, FileDigestCache.Empty());

        Assert.Equal(new[] { "artifact:bin/App.dll", "source:Program.cs" }, fragment.Nodes.Select(n => n.Id));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("A\\u0000.cs")] // the JSON escape for NUL, which System.Text.Json reads into the path
    public void A_fragment_naming_a_rooted_or_invalid_path_is_GOV1002_not_a_read_of_that_file(string path)
    {
        using var dir = new TempDirectory();
        string file = dir.Write("collect.json", $$"""
            { "schemaVersion": "2", "project": { "name": "A", "path": "A.csproj", "targetFramework": "" },
              "nodes": [ { "id": "source:{{path}}", "kind": "source", "path": "{{path}}" } ], "edges": [] }
            """);

        Assert.Null(LineageFragment.Read(file, out var diagnostics, out _));
        Assert.Contains("not a relative file path", Assert.Single(diagnostics, d => d.Code == "GOV1002").Message);
    }
}
