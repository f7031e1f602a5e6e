using System.Collections.Generic;
using System.IO;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Governance.Sdk.Tests.Infrastructure;

namespace Governance.Sdk.Tests;

/// <summary>The inner loop: design-time builds, no-op builds and reruns.</summary>
[Collection(EndToEnd.Name)]
public class IncrementalityTests
{
    private readonly SdkPackage sdk;

    public IncrementalityTests(SdkPackage sdk) => this.sdk = sdk;

    [Fact]
    public void A_design_time_build_with_a_broken_policy_does_no_governance_work_and_does_not_fail()
    {
        var repo = new TestRepository(sdk, "DesignTime").AddProject("Lib").WriteSolution();
        repo.Write("governance.json", "{ this is not json");
        repo.Commit();

        ProcessResult result = repo.Build("-t:Build;ReleaseGate", "-p:DesignTimeBuild=true", "-p:BuildingInsideVisualStudio=true");

        BuildAssert.Succeeded(result);
        Assert.DoesNotContain("GOV", result.Output);
        Assert.False(Directory.Exists(repo.ArtifactsDirectory), "the gate wrote outputs in a design-time build");
        Assert.Empty(Directory.GetFiles(repo.Path("src/Lib/obj"), "collect.json", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_second_build_with_nothing_changed_skips_GovernanceCollect()
    {
        var repo = new TestRepository(sdk, "NoOp").AddProject("Lib").WriteSolution();
        repo.Commit();
        BuildAssert.Succeeded(repo.Build());
        string fragment = Directory.GetFiles(repo.Path("src/Lib/obj"), "collect.json", SearchOption.AllDirectories).Single();
        System.DateTime written = File.GetLastWriteTimeUtc(fragment);

        ProcessResult noOp = repo.Build("-v:d");

        BuildAssert.Succeeded(noOp);
        Assert.Contains("Skipping target \"_GovernanceCollectCore\" because all output files are up-to-date", noOp.Output);
        Assert.Equal(written, File.GetLastWriteTimeUtc(fragment));

        repo.Write("src/Lib/Api.cs", "namespace Lib;\n\npublic static class Api\n{\n    public static int Answer() => 43;\n}\n");
        ProcessResult changed = repo.Build("-v:d");

        BuildAssert.Succeeded(changed);
        Assert.DoesNotContain("Skipping target \"_GovernanceCollectCore\"", changed.Output);
        Assert.NotEqual(written, File.GetLastWriteTimeUtc(fragment));

        // Only what changed was read again: the edited source and the outputs it rebuilt, not the
        // project file, the repository's props and targets or the generated sources.
        Match hashed = Regex.Match(changed.Output, @"Lineage fragment of Lib: (\d+) node\(s\), \d+ edge\(s\); (\d+) file\(s\) hashed");
        Assert.True(hashed.Success, changed.ToString());
        int nodes = int.Parse(hashed.Groups[1].Value, CultureInfo.InvariantCulture);
        int read = int.Parse(hashed.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.InRange(read, 1, nodes - 4);
    }

    [Fact]
    public void Rerunning_the_gate_and_rebuilding_from_clean_give_byte_identical_outputs()
    {
        var repo = new TestRepository(sdk, "Rerun").AddProject("Contoso.Core").AddProject("Contoso.Api", "", "Contoso.Core").WriteSolution();
        repo.Write("governance.json", """{ "policyVersion": "1", "evidence": [ { "kind": "k", "path": "missing.json" } ] }""");
        repo.Commit();
        // The decision clock is pinned with GovernanceNow (SOURCE_DATE_EPOCH never decides); the branch does not block.
        const string Now = "-p:GovernanceNow=2026-11-24T00:00:00Z";

        BuildAssert.Succeeded(repo.Build("-t:ReleaseGate", Now));
        Dictionary<string, byte[]> first = Snapshot(repo);
        BuildAssert.Succeeded(repo.Build("-t:ReleaseGate", Now));
        Dictionary<string, byte[]> second = Snapshot(repo);
        BuildAssert.Succeeded(DotNet.Run(repo.Root, sdk.NuGetPackages, null, "clean", "-nr:false"));
        BuildAssert.Succeeded(repo.Build("-t:ReleaseGate", Now));
        Dictionary<string, byte[]> clean = Snapshot(repo);

        // The five outputs and the evidence package, which records no wall clock under a pinned, accepted GovernanceNow.
        Assert.Equal(6, first.Count);
        foreach (string name in first.Keys)
        {
            Assert.True(first[name].SequenceEqual(second[name]), name + " changed on a rerun");
            Assert.True(first[name].SequenceEqual(clean[name]), name + " changed after a clean rebuild");
        }
    }

    [Fact]
    public void Adding_a_policy_moves_the_governance_root_and_every_path_follows_it()
    {
        // No policy and no solution: the root is the git work tree's root, not the project's folder.
        var repo = new TestRepository(sdk, "NewRoot", Adoption.SdkElement).AddProject("Lib");
        repo.Commit();
        BuildAssert.Succeeded(repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate"));
        using (var before = repo.ReadReport())
        {
            Assert.Equal("src/Lib/Lib.csproj", before.RootElement.GetProperty("projects")[0].GetProperty("path").GetString());
        }

        // Nothing in the project changed, so nothing is collected again: collected results are
        // relative to the project, and the gate rebases them onto the new root, the policy's folder.
        repo.Write("src/Lib/governance.json", "{ \"policyVersion\": \"1\" }");
        repo.GovernanceRoot = repo.Path("src/Lib");
        BuildAssert.Succeeded(repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate"));
        using (var after = repo.ReadReport())
        {
            Assert.Equal("Lib.csproj", after.RootElement.GetProperty("projects")[0].GetProperty("path").GetString());
        }

        Assert.Contains("\"source:Api.cs\"", File.ReadAllText(Path.Combine(repo.ArtifactsDirectory, "lineage.json")));

        // A relative GovernancePolicyFile is relative to the project, like every MSBuild path.
        ProcessResult relative = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", "-p:GovernancePolicyFile=governance.json");
        BuildAssert.Succeeded(relative);
        using var explicitPolicy = repo.ReadReport();
        Assert.Equal("governance.json", explicitPolicy.RootElement.GetProperty("policy").GetProperty("path").GetString());
    }

    private static Dictionary<string, byte[]> Snapshot(TestRepository repo) =>
        Directory.GetFiles(repo.ArtifactsDirectory).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
}
