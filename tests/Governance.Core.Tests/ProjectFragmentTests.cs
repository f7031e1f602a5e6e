using System.IO;
using System.Linq;
using Governance.Core.Collect;
using Governance.Core.IO;

namespace Governance.Core.Tests;

public class ProjectFragmentTests
{
    [Fact]
    public void Fragments_are_relative_to_the_project_and_rebased_onto_the_governance_root()
    {
        using var dir = new TempDirectory();
        string project = dir.Write("src/App/App.csproj", "<Project />");
        string source = dir.Write("src/App/Program.cs", "class P {}");
        string shared = dir.Write("src/Shared/Link.cs", "class L {}");
        string assembly = dir.Write("src/App/bin/App.dll", "binary");

        ProjectFragment fragment = ProjectFragment.Create("App", project, "net10.0", new[] { source, shared, dir.Combine("src/App/gone.cs") }, new[] { assembly });

        Assert.Equal("App.csproj", fragment.ProjectPath);
        Assert.Equal(new[] { "../Shared/Link.cs", "Program.cs" }, fragment.Sources.Select(s => s.Path));
        Assert.Equal(Sha256.OfFile(source), fragment.Sources.Single(s => s.Path == "Program.cs").Sha256);

        ProjectFragment rebased = fragment.RebaseOnto(dir.Path, project);

        Assert.Equal("src/App/App.csproj", rebased.ProjectPath);
        Assert.Equal(new[] { "src/App/Program.cs", "src/Shared/Link.cs" }, rebased.Sources.Select(s => s.Path));
        Assert.Equal("src/App/bin/App.dll", Assert.Single(rebased.Artifacts).Path);
    }

    [Fact]
    public void A_fragment_round_trips_through_its_canonical_json()
    {
        using var dir = new TempDirectory();
        string project = dir.Write("App.csproj", "<Project />");
        string source = dir.Write("A.cs", "class A {}");
        ProjectFragment fragment = ProjectFragment.Create("App", project, "net10.0", new[] { source }, new string[0]);
        string file = dir.Combine("obj/collect.json");
        AtomicFile.WriteAllBytes(file, fragment.ToCanonicalJson());

        ProjectFragment? read = ProjectFragment.Read(file, out var diagnostics, out string? digest);

        Assert.Empty(diagnostics);
        Assert.Equal(Sha256.OfFile(file), digest);
        Assert.Equal(fragment.ToCanonicalJson(), read!.ToCanonicalJson());
    }
}
