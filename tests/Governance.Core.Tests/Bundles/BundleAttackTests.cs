using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using Governance.Core.Bundles;
using Governance.Core.Json;
using Governance.Core.Store.FileSystem;

namespace Governance.Core.Tests.Bundles;

/// <summary>
/// Attacks on `verify` from a security review, each performed against a real (unsigned) bundle:
/// manifests that readers could read two ways, names and versions that are not the package's,
/// special files, and evidence re-issued for a recorded package.
/// </summary>
public class BundleAttackTests
{
    private static string Pack(TempDirectory dir, string content = "package bytes", string commit = "abc123", string? nuspecId = null, string extra = "{}")
    {
        string nupkg = TestPackage.Write(dir.Combine("out/Acme.Lib.1.2.0.nupkg"), "Acme.Lib", "1.2.0", content, nuspecId);
        return BundleBuilder.Write(new BundleRequest
        {
            PackageId = "Acme.Lib",
            PackageVersion = "1.2.0",
            PackageFiles = new[] { nupkg },
            ExtraFiles = new[] { dir.Write("obj/evidence.json", extra) },
            SourceDirectory = dir.Path,
            ProjectFile = dir.Write("Acme.Lib.csproj", "<Project />"),
            Commit = commit,
            Branch = "main",
            Environment = _ => null,
        }).Manifest;
    }

    private static BundleVerification Verify(string manifest, DirectoryReleaseStore? store = null, bool record = false) =>
        BundleVerifier.Verify(manifest, Array.Empty<LoadedTrustedKey>(), store, record, new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero));

    private static string[] Codes(BundleVerification result) => result.Findings.Select(f => f.Code).Distinct().ToArray();

    private static void Edit(string manifest, Action<JsonNode> edit)
    {
        JsonNode node = JsonNode.Parse(File.ReadAllText(manifest))!;
        edit(node);
        File.WriteAllText(manifest, node.ToJsonString());
    }

    [Theory]
    [InlineData("bom")]
    [InlineData("comment")]
    [InlineData("invalid-utf8")]
    [InlineData("duplicate-key")]
    [InlineData("lone-surrogate")]
    [InlineData("huge-size")]
    public void A_manifest_readers_could_read_two_ways_is_GOV1001_with_its_position_and_nothing_is_recorded(string attack)
    {
        using var dir = new TempDirectory();
        string manifest = Pack(dir);
        string text = File.ReadAllText(manifest);
        byte[] bytes = attack switch
        {
            "bom" => new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(text)).ToArray(),
            "comment" => Encoding.UTF8.GetBytes("// a comment\n" + text),
            "invalid-utf8" => Encoding.UTF8.GetBytes(text.Replace("\"main\"", "\"ma\u00ffn\"")).Select(b => b == 0xC3 ? (byte)0xFF : b).ToArray(),
            "duplicate-key" => Encoding.UTF8.GetBytes(text.Replace("\"name\":", "\"name\":\"Acme.Other\",\"name\":")),
            "lone-surrogate" => Encoding.UTF8.GetBytes(text.Replace("\"main\"", "\"\\ud800\"")),
            _ => Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Replace(text, "\"size\":\\s*\\d+", "\"size\":99999999999999999999")),
        };
        File.WriteAllBytes(manifest, bytes);
        var store = new DirectoryReleaseStore(dir.Combine("store"));

        BundleVerification result = Verify(manifest, store, record: true);

        Assert.Equal(new[] { "GOV1001" }, Codes(result));
        Assert.True(result.Findings[0].Location!.Line > 0, result.Findings[0].Message);
        Assert.False(result.Recorded);
        Assert.Null(BundleRecords.Find(store, "Acme.Lib", "1.2.0"));
    }

    [Theory]
    [InlineData("version", "V1.2.0")]
    [InlineData("version", "1.2.0-")]
    [InlineData("version", "1.2.0.0.0")]
    [InlineData("version", "\uff11.2.0")]
    [InlineData("version", " 1.2.0")]
    [InlineData("version", "1.2.1")]
    [InlineData("name", "Acme.Lib ")]
    [InlineData("name", "Acme.L\u0130b")]
    [InlineData("name", "Acme..Lib")]
    public void A_name_or_version_that_is_not_the_packages_takes_no_slot_GOV4002(string field, string value)
    {
        using var dir = new TempDirectory();
        string manifest = Pack(dir);
        var store = new DirectoryReleaseStore(dir.Combine("store"));
        Assert.True(Verify(manifest, store, record: true).Recorded);
        Edit(manifest, m => m[field] = value);

        BundleVerification result = Verify(manifest, store, record: true);

        Assert.Contains("GOV4002", Codes(result));
        Assert.DoesNotContain("GOV4004", Codes(result));
        Assert.False(result.Recorded);
        Assert.Equal(new[] { "bundles/acme.lib/1.2.0/bundle.json", "bundles/acme.lib/1.2.0/recorded.json" }, store.ListRecords("bundles/"));
    }

    [Fact]
    public void A_package_that_declares_another_id_in_its_nuspec_is_GOV4002()
    {
        using var dir = new TempDirectory();
        string manifest = Pack(dir, nuspecId: "Acme.Evil");

        BundleVerification result = Verify(manifest);

        Assert.Equal(new[] { "GOV4002" }, Codes(result));
        Assert.Contains("Acme.Lib.1.2.0.nupkg is the package Acme.Evil 1.2.0 (its .nuspec says so), not Acme.Lib 1.2.0", result.Findings[0].Message);
    }

    /// <summary>Packages whose .nuspec NuGet would read as another id or version than a lenient reader would.</summary>
    [Theory]
    [InlineData("namespaces", "names the id more than once, or in another namespace")]
    [InlineData("escaped", "has an escaped name, which NuGet reads as another name")]
    [InlineData("outside", "has no metadata id")]
    public void A_nuspec_NuGet_would_read_differently_is_GOV4002(string trick, string message)
    {
        using var dir = new TempDirectory();
        string manifest = Pack(dir);
        const string Ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
        string nupkg = dir.Combine("out/Acme.Lib.1.2.0.nupkg");
        _ = trick switch
        {
            "namespaces" => TestPackage.WriteEntries(nupkg, ("Acme.Lib.nuspec",
                $"<package xmlns=\"{Ns}\"><metadata><x:id xmlns:x=\"urn:x\">Acme.Lib</x:id><x:version xmlns:x=\"urn:x\">1.2.0</x:version><id>Evil.Package</id><version>9.9.9</version></metadata></package>")),
            "escaped" => TestPackage.WriteEntries(nupkg, ("Acme.Lib.nuspec", $"<package xmlns=\"{Ns}\"><metadata><id>Acme.Lib</id><version>1.2.0</version></metadata></package>"),
                ("lib%2FEvil.Package%2Enuspec", $"<package xmlns=\"{Ns}\"><metadata><id>Evil.Package</id><version>6.6.6</version></metadata></package>")),
            _ => TestPackage.WriteEntries(nupkg, ("Acme.Lib.nuspec", $"<package xmlns=\"{Ns}\"><id>Acme.Lib</id><metadata><version>1.2.0</version></metadata></package>")),
        };
        Edit(manifest, m =>
        {
            JsonNode entry = m["files"]!.AsArray().Single(f => f!["path"]!.GetValue<string>().EndsWith(".nupkg", StringComparison.Ordinal))!;
            entry["size"] = new FileInfo(nupkg).Length;
            entry["sha256"] = IO.Sha256.OfFile(nupkg);
        });

        BundleVerification result = Verify(manifest);

        Assert.Equal(new[] { "GOV4002" }, Codes(result));
        Assert.Contains(message, result.Findings[0].Message);
    }

    [Fact]
    public void A_package_that_is_not_a_zip_is_GOV4002()
    {
        using var dir = new TempDirectory();
        string manifest = Pack(dir);
        string nupkg = dir.Combine("out/Acme.Lib.1.2.0.nupkg");
        File.WriteAllText(nupkg, "not a zip");
        Edit(manifest, m =>
        {
            JsonNode entry = m["files"]!.AsArray().Single(f => f!["path"]!.GetValue<string>().EndsWith(".nupkg", StringComparison.Ordinal))!;
            entry["size"] = 9;
            entry["sha256"] = IO.Sha256.OfFile(nupkg);
        });

        BundleVerification result = Verify(manifest);

        Assert.Equal(new[] { "GOV4002" }, Codes(result));
        Assert.Contains("is not a NuGet package: it is not a zip archive", result.Findings[0].Message);
    }

    [Fact]
    public void A_manifest_that_lists_a_path_twice_is_GOV4002()
    {
        using var dir = new TempDirectory();
        string manifest = Pack(dir);
        Edit(manifest, m => m["files"]!.AsArray().Add(m["files"]![0]!.DeepClone()));

        BundleVerification result = Verify(manifest);

        Assert.Equal(new[] { "GOV4002" }, Codes(result));
        Assert.Contains("twice", result.Findings[0].Message);
    }

    [Fact]
    public void A_manifest_that_is_a_link_or_a_device_is_refused_without_reading_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDirectory();
        string manifest = Pack(dir);
        File.Delete(manifest);
        File.CreateSymbolicLink(manifest, "/dev/zero");

        BundleVerification linked = Verify(manifest);
        BundleVerification device = Verify("/dev/zero");

        Assert.Equal(new[] { "GOV1005" }, Codes(linked));
        Assert.Contains("it is a link", linked.Findings[0].Message);
        Assert.Equal(new[] { "GOV1005" }, Codes(device));
        Assert.Contains("it is a pipe, socket or device", device.Findings[0].Message);
    }

    [Fact]
    public async System.Threading.Tasks.Task An_envelope_that_is_a_pipe_is_GOV4003_and_never_opened()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDirectory();
        string manifest = Pack(dir);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", BundleManifest.EnvelopePathFor(manifest)))
        {
            mkfifo.WaitForExit();
        }

        var verification = System.Threading.Tasks.Task.Run(() => Verify(manifest));
        Assert.True(await System.Threading.Tasks.Task.WhenAny(verification, System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(30))) == verification, "verification hung on a pipe");

        BundleVerification result = await verification;
        Assert.Equal(new[] { "GOV4003" }, Codes(result));
        Assert.Contains("is not read: it is a pipe, socket or device", result.Findings[0].Message);
    }

    [Fact]
    public void A_link_in_the_files_folder_is_one_finding_and_never_followed()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDirectory();
        string manifest = Pack(dir);
        string files = dir.Combine("out/Acme.Lib.1.2.0.files");
        Directory.CreateSymbolicLink(Path.Combine(files, "usr"), "/usr");
        Directory.CreateSymbolicLink(Path.Combine(files, "loop"), files);

        BundleVerification result = Verify(manifest);

        Assert.Equal(new[] { "GOV4002" }, Codes(result));
        Assert.Equal(2, result.Findings.Count);
        Assert.All(result.Findings, f => Assert.Contains("(a link, which a bundle never holds)", f.Message));
    }

    [Fact]
    public void A_files_folder_that_is_a_link_is_a_finding()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDirectory();
        string manifest = Pack(dir);
        string files = dir.Combine("out/Acme.Lib.1.2.0.files");
        Directory.Move(files, dir.Combine("elsewhere"));
        Directory.CreateSymbolicLink(files, dir.Combine("elsewhere"));

        BundleVerification result = Verify(manifest);

        Assert.Contains("GOV4002", Codes(result));
        Assert.Contains(result.Findings, f => f.Message.Contains("Acme.Lib.1.2.0.files is a link"));
    }

    [Fact]
    public void Evidence_reissued_by_a_rerun_of_the_same_commit_is_recorded_beside_the_first_and_another_commit_is_GOV4004()
    {
        using var dir = new TempDirectory();
        var store = new DirectoryReleaseStore(dir.Combine("store"));
        string manifest = Pack(dir, extra: "{ \"run\": 1 }");
        byte[] first = File.ReadAllBytes(manifest);
        Assert.True(Verify(manifest, store, record: true).Recorded);

        Pack(dir, extra: "{ \"run\": 2 }");
        BundleVerification rerun = Verify(manifest, store, record: true);
        Pack(dir, extra: "{ \"run\": 3 }", commit: "def456");
        BundleVerification otherCommit = Verify(manifest, store, record: true);
        Pack(dir, content: "other package bytes");
        BundleVerification otherPackage = Verify(manifest, store, record: true);

        Assert.Empty(rerun.Findings);
        Assert.True(rerun.Recorded);
        Assert.Equal(first, BundleRecords.Find(store, "Acme.Lib", "1.2.0")!.Content);
        Assert.Equal(3, store.ListRecords("bundles/acme.lib/1.2.0/").Count); // the first, its recording, the re-issue
        Assert.Equal(new[] { "GOV4004" }, Codes(otherCommit));
        Assert.Contains("built from commit abc123, not def456", otherCommit.Findings[0].Message);
        Assert.False(otherCommit.Recorded);
        Assert.Equal(new[] { "GOV4004" }, Codes(otherPackage));
        Assert.Contains("as a package with other content", otherPackage.Findings[0].Message);
    }

    [Fact]
    public void Two_bundle_files_with_one_name_are_refused_naming_both_and_nothing_is_written()
    {
        using var dir = new TempDirectory();
        string a = dir.Write("sbom/a/manifest.json", "{ \"a\": 1 }");
        string b = dir.Write("sbom/b/Manifest.json", "{ \"b\": 2 }");

        var ex = Assert.Throws<BundleInputException>(() => BundleBuilder.Write(Request(dir, a, b)));

        Assert.Contains($"{a} and {b} have the same file name", ex.Message);
        Assert.False(File.Exists(dir.Combine("out/Acme.Lib.1.2.0.bundle.json")));
    }

    [Fact]
    public void A_bundle_file_inside_the_files_folder_is_refused_and_never_deleted()
    {
        using var dir = new TempDirectory();
        string inside = dir.Write("out/Acme.Lib.1.2.0.files/sbom/spdx.json", "{ \"spdx\": true }");

        var ex = Assert.Throws<BundleInputException>(() => BundleBuilder.Write(Request(dir, inside)));

        Assert.Contains("lies inside Acme.Lib.1.2.0.files/, the folder pack rewrites", ex.Message);
        Assert.Equal("{ \"spdx\": true }", File.ReadAllText(inside));
    }

    private static BundleRequest Request(TempDirectory dir, params string[] extras) => new()
    {
        PackageId = "Acme.Lib",
        PackageVersion = "1.2.0",
        PackageFiles = new[] { TestPackage.Write(dir.Combine("out/Acme.Lib.1.2.0.nupkg"), "Acme.Lib", "1.2.0") },
        ExtraFiles = extras,
        SourceDirectory = dir.Path,
        ProjectFile = dir.Write("Acme.Lib.csproj", "<Project />"),
        Environment = _ => null,
    };

    /// <summary>The hand reader of manifests never takes what the schema refuses.</summary>
    [Theory]
    [InlineData("m.Remove(\"gateReport\")")]
    [InlineData("extra root property")]
    [InlineData("empty name")]
    [InlineData("number name")]
    [InlineData("negative size")]
    [InlineData("fraction size")]
    [InlineData("uppercase digest")]
    [InlineData("short digest")]
    [InlineData("no files")]
    [InlineData("extra file property")]
    [InlineData("metadata number")]
    [InlineData("lineage without sha256")]
    [InlineData("gate report string")]
    [InlineData("schema version 2")]
    public void The_manifest_hand_reader_refuses_what_the_schema_refuses(string mutation)
    {
        using var dir = new TempDirectory();
        string manifest = Pack(dir);
        JsonNode valid = JsonNode.Parse(File.ReadAllText(manifest))!;
        Assert.NotNull(BundleManifestReader.TryRead(System.Text.Json.JsonDocument.Parse(valid.ToJsonString()).RootElement));
        Assert.Empty(SchemaValidator.Validate(manifest, valid.ToJsonString(), BundleManifest.SchemaFileName));

        JsonObject m = valid.DeepClone().AsObject();
        JsonNode file = m["files"]![0]!;
        switch (mutation)
        {
            case "m.Remove(\"gateReport\")": m.Remove("gateReport"); break;
            case "extra root property": m["extra"] = 1; break;
            case "empty name": m["name"] = string.Empty; break;
            case "number name": m["name"] = 5; break;
            case "negative size": file["size"] = -1; break;
            case "fraction size": file["size"] = 1.5; break;
            case "uppercase digest": file["sha256"] = new string('A', 64); break;
            case "short digest": file["sha256"] = "abc"; break;
            case "no files": m["files"] = new JsonArray(); break;
            case "extra file property": file["mode"] = "x"; break;
            case "metadata number": m["metadata"]!["branch"] = 1; break;
            case "lineage without sha256": m["lineage"] = new JsonArray(new JsonObject { ["targetFramework"] = "net8.0" }); break;
            case "gate report string": m["gateReport"] = "x"; break;
            default: m["schemaVersion"] = "2"; break;
        }

        string text = m.ToJsonString();
        Assert.Null(BundleManifestReader.TryRead(System.Text.Json.JsonDocument.Parse(text).RootElement));
        Assert.NotEmpty(BundleManifest.Parse(manifest, Encoding.UTF8.GetBytes(text), out var diagnostics, out _) is null ? diagnostics : Array.Empty<Diagnostics.Diagnostic>());
    }
}
