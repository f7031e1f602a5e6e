using System;
using System.Collections.Generic;
using System.Linq;
using Governance.Core.Lineage;

namespace Governance.Core.Tests.Lineage;

public class PackageAssetsTests
{
    private static readonly string Sha = Convert.ToBase64String(Enumerable.Range(0, 64).Select(i => (byte)i).ToArray());

    private static string Assets(string targets) => $$"""
        {
          "version": 3,
          "targets": {{targets}},
          "libraries": {
            "Newtonsoft.Json/13.0.3": { "sha512": "{{Sha}}", "type": "package", "path": "newtonsoft.json/13.0.3" },
            "System.Memory/4.5.5": { "sha512": "{{Sha}}", "type": "package", "path": "system.memory/4.5.5" },
            "Core/1.0.0": { "type": "project", "path": "../Core/Core.csproj" }
          }
        }
        """;

    [Fact]
    public void The_closure_of_the_build_s_target_is_read_with_hex_digests_and_projects_are_left_out()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("obj/project.assets.json", Assets("""
            {
              "net10.0": { "Newtonsoft.Json/13.0.3": { "type": "package" }, "Core/1.0.0": { "type": "project" } },
              "net472": { "Newtonsoft.Json/13.0.3": { "type": "package" }, "System.Memory/4.5.5": { "type": "package" } }
            }
            """));

        var net10 = PackageAssets.Read(file, "net10.0", null, null, out var error10);
        var net472 = PackageAssets.Read(file, "net472", "", null, out var error472);

        Assert.Null(error10);
        Assert.Null(error472);
        PackageDependency json = Assert.Single(net10);
        Assert.Equal("pkg:nuget/Newtonsoft.Json@13.0.3", json.PackageUrl);
        Assert.Equal(string.Concat(Enumerable.Range(0, 64).Select(i => i.ToString("x2"))), json.Sha512);
        Assert.Equal(new[] { "Newtonsoft.Json", "System.Memory" }, net472.Select(p => p.Id));
    }

    [Fact]
    public void A_runtime_specific_restore_and_an_old_style_moniker_key_are_found()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("project.assets.json", Assets("""
            {
              ".NETCoreApp,Version=v8.0": { },
              ".NETCoreApp,Version=v8.0/linux-x64": { "System.Memory/4.5.5": { "type": "package" } }
            }
            """));

        var packages = PackageAssets.Read(file, "net8.0", "linux-x64", ".NETCoreApp,Version=v8.0", out var error);

        Assert.Null(error);
        Assert.Equal("System.Memory", Assert.Single(packages).Id);
    }

    [Fact]
    public void A_missing_target_or_digest_and_malformed_json_are_diagnostics_not_an_empty_closure()
    {
        using var dir = new TempDirectory();
        string noTarget = dir.Write("a/project.assets.json", Assets("""{ "net8.0": { } }"""));
        string noDigest = dir.Write("b/project.assets.json", """
            { "targets": { "net8.0": { "A/1.0.0": { "type": "package" } } }, "libraries": { "A/1.0.0": { "type": "package" } } }
            """);
        string malformed = dir.Write("c/project.assets.json", "{ \"targets\": ");

        PackageAssets.Read(noTarget, "net10.0", null, null, out var missingTarget);
        PackageAssets.Read(noDigest, "net8.0", null, null, out var missingDigest);
        PackageAssets.Read(malformed, "net8.0", null, null, out var syntax);

        Assert.Equal("GOV1002", missingTarget!.Code);
        Assert.Contains("net10.0", missingTarget.Message);
        Assert.Contains("A/1.0.0", missingDigest!.Message);
        Assert.Equal("GOV1001", syntax!.Code);
    }

    [Theory]
    [InlineData("""{ "targets": { "net8.0": [] }, "libraries": {} }""")]
    [InlineData("""{ "targets": { "net8.0": { "A/1.0.0": { "type": "package" } } }, "libraries": { "A/1.0.0": [] } }""")]
    [InlineData("""{ "targets": { "net8.0": { "A/1.0.0": { "type": "package" } } }, "libraries": { "A/1.0.0": { "sha512": 5 } } }""")]
    [InlineData("""{ "targets": [], "libraries": {} }""")]
    public void A_badly_shaped_assets_file_is_a_diagnostic_not_an_exception(string text)
    {
        using var dir = new TempDirectory();
        string file = dir.Write("project.assets.json", text);

        IReadOnlyList<PackageDependency> packages = PackageAssets.Read(file, "net8.0", null, null, out var error);

        Assert.Empty(packages);
        Assert.Equal("GOV1002", error!.Code);
    }

    [Fact]
    public void Entries_that_are_not_packages_or_not_objects_are_skipped()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("project.assets.json", Assets("""{ "net8.0": { "Odd/1.0.0": 7, "Typed/1.0.0": { "type": 3 }, "Newtonsoft.Json/13.0.3": { "type": "package" } } }"""));

        Assert.Equal("Newtonsoft.Json", Assert.Single(PackageAssets.Read(file, "net8.0", null, null, out var error)).Id);
        Assert.Null(error);
    }
}
