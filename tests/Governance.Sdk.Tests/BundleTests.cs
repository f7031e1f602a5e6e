using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Governance.Core.Bundles;
using Governance.Core.Crypto;
using Governance.Core.Json;
using Governance.Sdk.Tests.Infrastructure;

namespace Governance.Sdk.Tests;

/// <summary>Bundles through real packs and the installed governance tool: verified, then attacked.</summary>
[Collection(EndToEnd.Name)]
public class BundleTests
{
    private const string Bundle = "Contoso.Core.1.2.3.4";

    private readonly SdkPackage sdk;

    public BundleTests(SdkPackage sdk) => this.sdk = sdk;

    [Fact]
    public void A_signed_bundle_verifies_and_each_attack_fails_with_its_code_and_exit_1()
    {
        using ECDsa releaseKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string releasePem = releaseKey.ExportECPrivateKeyPem();
        var repo = new TestRepository(sdk, "Signed")
            .AddProject("Contoso.Core", "\n    <IncludeSymbols>true</IncludeSymbols>\n    <SymbolPackageFormat>snupkg</SymbolPackageFormat>")
            .WriteSolution();
        SetVersion(repo, "1.2.3.4");
        repo.Write("keys/release.pub.pem", releaseKey.ExportSubjectPublicKeyInfoPem());
        repo.Write("governance.json", """{ "policyVersion": "1", "trustedKeys": [ { "id": "release-2026", "publicKey": "keys/release.pub.pem" } ] }""");
        repo.Commit();

        // The key comes from the environment, as a CI secret would.
        ProcessResult pack = Pack(repo, "out", releasePem);

        BuildAssert.Succeeded(pack);
        Assert.DoesNotContain(PemBody(releasePem), pack.Output);
        string manifest = repo.Path($"out/{Bundle}.bundle.json");
        Assert.Empty(SchemaValidator.Validate(manifest, File.ReadAllText(manifest), "bundle.schema.json"));
        foreach (string file in Directory.GetFiles(repo.Path("out")))
        {
            Assert.DoesNotContain(PemBody(releasePem), File.ReadAllText(file, Encoding.Latin1));
        }

        ProcessResult verified = Verify(repo, "out", "--json");
        Assert.True(verified.ExitCode == 0, verified.ToString());
        using (JsonDocument result = JsonDocument.Parse(verified.Output))
        {
            Assert.True(result.RootElement.GetProperty("verified").GetBoolean());
            Assert.Equal("release-2026", result.RootElement.GetProperty("signedBy").GetString());
        }

        AssertRefused(repo, Attack(repo, "flipped", dir => FlipByte(Path.Combine(dir, Bundle + ".nupkg"))), "GOV4001", $"{Bundle}.nupkg does not match the bundle");
        AssertRefused(repo, Attack(repo, "edited", dir => EditJson(Path.Combine(dir, Bundle + ".bundle.json"), m => m["metadata"]!["branch"] = "release/forged")), "GOV4003", "the manifest was edited after signing");
        AssertRefused(repo, Attack(repo, "removed", dir => File.Delete(Path.Combine(dir, Bundle + ".snupkg"))), "GOV4002", $"{Bundle}.snupkg is listed in the bundle but missing");
        AssertRefused(repo, Attack(repo, "added", dir => Write(Path.Combine(dir, Bundle + ".files", "extra.dll"), "extra")), "GOV4002", "is not in its manifest");
        AssertRefused(repo, Attack(repo, "traversal", dir => EditJson(Path.Combine(dir, Bundle + ".bundle.json"), m => m["files"]![0]!["path"] = "../x")), "GOV4002", "Refused: the manifest lists '../x'");
        AssertRefused(repo, Attack(repo, "payloadtype", dir => EditJson(Path.Combine(dir, Bundle + ".bundle.dsse.json"), e => e["payloadType"] = "application/json")), "GOV4003", "signs a payload of type 'application/json'");
        AssertRefused(repo, Attack(repo, "extra-subject", dir => Resign(dir, releaseKey, s => s["subject"]!.AsArray().Add(new JsonObject { ["name"] = "evil.dll", ["digest"] = new JsonObject { ["sha256"] = new string('0', 64) } }))), "GOV4003", "signed but not in the manifest: evil.dll");
        AssertRefused(repo, Attack(repo, "missing-subject", dir => Resign(dir, releaseKey, s => s["subject"]!.AsArray().RemoveAt(0))), "GOV4003", "not exactly the manifest's files");

        // Signed by a key the policy does not trust: the same project packed with another key.
        BuildAssert.Succeeded(Pack(repo, "out-other", otherKey.ExportPkcs8PrivateKeyPem(), "--no-build"));
        AssertRefused(repo, Verify(repo, "out-other"), "GOV4003", "signed by a key the policy does not trust");

        // Unsigned, while the policy trusts keys; fine under a policy that trusts none.
        BuildAssert.Succeeded(Pack(repo, "out-unsigned", null, "--no-build"));
        AssertRefused(repo, Verify(repo, "out-unsigned"), "GOV4003", "The bundle is not signed");
        repo.Write("plain/governance.json", """{ "policyVersion": "1" }""");
        Assert.Equal(0, sdk.Governance(repo.Root, "verify", $"out-unsigned/{Bundle}.bundle.json", "--policy", "plain/governance.json").ExitCode);
        Assert.Equal(0, sdk.Governance(repo.Root, "verify", $"out-unsigned/{Bundle}.bundle.json", "--no-policy").ExitCode);

        // A policy planted beside the bundle is not the operator's: the trust decision stays with
        // the checkout the command runs in.
        Write(repo.Path("out-unsigned/governance.json"), """{ "policyVersion": "1" }""");
        AssertRefused(repo, Verify(repo, "out-unsigned"), "GOV4003", "The bundle is not signed");
        ProcessResult nowhere = sdk.Governance(sdk.Root, "verify", repo.Path($"out/{Bundle}.bundle.json"));
        Assert.True(nowhere.ExitCode == 2, nowhere.ToString());
        Assert.Contains($"no governance.json in {sdk.Root} or above it", nowhere.Output);

        // Immutability: record the release, then a second pack of the same version with other content.
        Assert.Equal(0, sdk.Governance(repo.Root, "verify", $"out/{Bundle}.bundle.json", "--record").ExitCode);
        repo.Write("src/Contoso.Core/Api.cs", "namespace Contoso.Core;\n\npublic static class Api\n{\n    public static int Answer() => 43;\n}\n");
        BuildAssert.Succeeded(Pack(repo, "out-second", releasePem));
        AssertRefused(repo, Verify(repo, "out-second"), "GOV4004", "Contoso.Core 1.2.3.4 is already in the release store");
    }

    [Fact]
    public void Pack_no_build_custom_output_multi_targeting_and_non_packable_projects_and_the_verify_target()
    {
        var repo = new TestRepository(sdk, "Packs", machineSources: true)
            .AddProject("Contoso.Core", "\n    <TargetFrameworks>net8.0;net10.0</TargetFrameworks>\n    <PackageOutputPath>$(MSBuildThisFileDirectory)../../packages/</PackageOutputPath>")
            .AddProject("Contoso.Tests", "\n    <IsPackable>false</IsPackable>", "Contoso.Core")
            .WriteSolution();
        repo.Write("evidence/sbom.json", "{ \"sbom\": true }");
        AddItem(repo, "Contoso.Core", "<GovernanceBundleFile Include=\"../../evidence/sbom.json\" />");
        repo.Commit();

        BuildAssert.Succeeded(repo.Build("Packs.sln"));
        ProcessResult pack = DotNet.Run(repo.Root, sdk.NuGetPackages, null, "pack", "Packs.sln", "--no-build", "-c", "Debug", "-nr:false", "-tl:off");

        BuildAssert.Succeeded(pack);
        string manifest = repo.Path("packages/Contoso.Core.1.2.0.bundle.json");
        byte[] first = File.ReadAllBytes(manifest);
        using (JsonDocument bundle = JsonDocument.Parse(first))
        {
            JsonElement root = bundle.RootElement;
            Assert.Equal(new[] { "Contoso.Core.1.2.0.files/sbom.json", "Contoso.Core.1.2.0.nupkg" },
                root.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
            // Each inner build's lineage fragment, by digest; the outer build did the package-level part.
            string[] frameworks = root.GetProperty("lineage").EnumerateArray().Select(l => l.GetProperty("targetFramework").GetString()!).ToArray();
            Assert.Equal(new[] { "net10.0", "net8.0" }, frameworks);
            string fragment = repo.Path("src/Contoso.Core/obj/Debug/net8.0/governance/collect.json");
            Assert.Equal(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(fragment))).ToLowerInvariant(), root.GetProperty("lineage")[1].GetProperty("sha256").GetString());
            Assert.Equal("main", root.GetProperty("metadata").GetProperty("branch").GetString());
        }

        Assert.Empty(Directory.GetFiles(repo.Root, "Contoso.Tests*.bundle.json", SearchOption.AllDirectories));

        // Packing the same commit again gives the same manifest bytes, also later: zip entries record
        // times in 2-second steps, so a second pack 3 seconds on would differ if NuGet stamped it.
        System.Threading.Thread.Sleep(3000);
        BuildAssert.Succeeded(DotNet.Run(repo.Root, sdk.NuGetPackages, null, "pack", "Packs.sln", "--no-build", "-c", "Debug", "-nr:false", "-tl:off"));
        Assert.Equal(first, File.ReadAllBytes(manifest));

        // The pack is part of the lineage: the project file produced the package and the manifest,
        // and the package consumed each target framework's assembly.
        ProcessResult gate = repo.Build("Packs.sln", "-t:ReleaseGate");
        BuildAssert.Succeeded(gate);
        Assert.Contains("Release gate: go", gate.Output);
        (string From, string To, string Kind)[] edges = LineageEdges(repo);
        Assert.Contains(("source:src/Contoso.Core/Contoso.Core.csproj", "artifact:packages/Contoso.Core.1.2.0.nupkg", "produced"), edges);
        Assert.Contains(("source:src/Contoso.Core/Contoso.Core.csproj", "artifact:packages/Contoso.Core.1.2.0.bundle.json", "produced"), edges);
        Assert.Contains(("artifact:src/Contoso.Core/bin/Debug/net8.0/Contoso.Core.dll", "artifact:packages/Contoso.Core.1.2.0.nupkg", "consumed"), edges);
        Assert.Contains(("artifact:src/Contoso.Core/bin/Debug/net10.0/Contoso.Core.dll", "artifact:packages/Contoso.Core.1.2.0.nupkg", "consumed"), edges);

        // Rebuilt, not packed again: the old package is not what this gate judges. It is left out
        // with one notice (GOV0002), not a GOV3001 per assembly.
        string source = repo.Path("src/Contoso.Core/Api.cs");
        string original = File.ReadAllText(source);
        File.WriteAllText(source, original.Replace("42", "43"));
        ProcessResult stalePack = repo.Build("Packs.sln", "-t:ReleaseGate");
        BuildAssert.Succeeded(stalePack);
        Assert.Equal(1, BuildAssert.Lines(stalePack, "GOV0002: The pack of project src/Contoso.Core/Contoso.Core.csproj"));
        Assert.DoesNotContain("GOV3001", stalePack.Output);
        using (JsonDocument report = repo.ReadReport())
        {
            Assert.Equal("go", report.RootElement.GetProperty("decision").GetString());
            Assert.DoesNotContain("artifact:packages/Contoso.Core.1.2.0.nupkg", File.ReadAllText(Path.Combine(repo.ArtifactsDirectory, "lineage.json")));
        }

        File.WriteAllText(source, original);
        BuildAssert.Succeeded(repo.Build("Packs.sln"));

        // The same verification as a target, for CI that prefers MSBuild.
        ProcessResult target = repo.Build("src/Contoso.Core/Contoso.Core.csproj", "-t:GovernanceVerifyBundle");
        BuildAssert.Succeeded(target);
        Assert.Contains("Governance bundle verified: Contoso.Core 1.2.0 (unsigned)", target.Output);
        FlipByte(repo.Path("packages/Contoso.Core.1.2.0.nupkg"));
        ProcessResult tampered = repo.Build("src/Contoso.Core/Contoso.Core.csproj", "-t:GovernanceVerifyBundle");
        BuildAssert.Failed(tampered);
        Assert.Contains("error GOV4001", tampered.Output);
        BuildAssert.NoStackTrace(tampered);
    }

    [Fact]
    public void An_unusable_signing_key_fails_the_pack_with_GOV1006_and_signs_nothing()
    {
        var repo = new TestRepository(sdk, "BadKey").AddProject("Contoso.Core").WriteSolution();
        repo.Write("release.key.pem", "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n");
        repo.Commit();

        ProcessResult pack = DotNet.Run(repo.Root, sdk.NuGetPackages, null, "pack", "src/Contoso.Core/Contoso.Core.csproj", "-o", "out", "-nr:false", "-tl:off", "-p:GovernanceSigningKeyFile=../../release.key.pem");

        BuildAssert.Failed(pack);
        BuildAssert.NoStackTrace(pack);
        Assert.Contains("error GOV1006", pack.Output);
        Assert.Contains("is not valid base64", pack.Output);
        Assert.False(File.Exists(repo.Path("out/Contoso.Core.1.2.0.bundle.dsse.json")));
    }

    private ProcessResult Pack(TestRepository repo, string output, string? keyPem, params string[] extra)
    {
        var environment = new Dictionary<string, string>();
        if (keyPem is not null)
        {
            environment["GOVERNANCE_SIGNING_KEY"] = keyPem;
        }

        return DotNet.Run(repo.Root, sdk.NuGetPackages, environment,
            new[] { "pack", "src/Contoso.Core/Contoso.Core.csproj", "-o", output, "-nr:false", "-tl:off" }.Concat(extra).ToArray());
    }

    private ProcessResult Verify(TestRepository repo, string folder, params string[] extra) =>
        sdk.Governance(repo.Root, new[] { "verify", $"{folder}/{Bundle}.bundle.json" }.Concat(extra).ToArray());

    /// <summary>A copy of the verified bundle, changed one way, then verified.</summary>
    private ProcessResult Attack(TestRepository repo, string name, Action<string> change)
    {
        string folder = "attack-" + name;
        Directory.CreateDirectory(repo.Path(folder));
        foreach (string file in Directory.GetFiles(repo.Path("out"), "*", SearchOption.AllDirectories))
        {
            string target = repo.Path(Path.Combine(folder, Path.GetRelativePath(repo.Path("out"), file)));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        change(repo.Path(folder));
        return Verify(repo, folder);
    }

    private static void AssertRefused(TestRepository repo, ProcessResult result, string code, string message)
    {
        Assert.True(result.ExitCode == 1, $"expected exit 1 with {code}: {result}");
        Assert.Contains($"error {code}: ", result.Output);
        Assert.Contains(message, result.Output);
        BuildAssert.NoStackTrace(result);
        Assert.DoesNotContain("Verified:", result.Output);
    }

    /// <summary>Signs an edited statement with the trusted key: what only a statement check catches.</summary>
    private static void Resign(string folder, ECDsa key, Action<JsonNode> edit)
    {
        string envelope = Path.Combine(folder, Bundle + ".bundle.dsse.json");
        JsonNode node = JsonNode.Parse(File.ReadAllText(envelope))!;
        JsonNode statement = JsonNode.Parse(Convert.FromBase64String(node["payload"]!.GetValue<string>()))!;
        edit(statement);
        byte[] payload = Encoding.UTF8.GetBytes(statement.ToJsonString());
        using ECDsa signer = EcdsaKeys.LoadPrivateKey(key.ExportECPrivateKeyPem(), out string keyId);
        node["payload"] = Convert.ToBase64String(payload);
        node["signatures"] = new JsonArray(new JsonObject { ["keyid"] = keyId, ["sig"] = Convert.ToBase64String(EcdsaKeys.Sign(signer, BundleAttestation.Pae(BundleAttestation.PayloadType, payload))) });
        File.WriteAllText(envelope, node.ToJsonString());
    }

    private static void FlipByte(string file)
    {
        byte[] bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(file, bytes);
    }

    private static void EditJson(string file, Action<JsonNode> edit)
    {
        JsonNode node = JsonNode.Parse(File.ReadAllText(file))!;
        edit(node);
        File.WriteAllText(file, node.ToJsonString());
    }

    private static void Write(string file, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
    }

    private static void SetVersion(TestRepository repo, string version)
    {
        string project = repo.Path("src/Contoso.Core/Contoso.Core.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("<Version>1.2.0</Version>", $"<Version>{version}</Version>"));
    }

    private static void AddItem(TestRepository repo, string project, string item)
    {
        string file = repo.Path($"src/{project}/{project}.csproj");
        File.WriteAllText(file, File.ReadAllText(file).Replace("</Project>", $"  <ItemGroup>\n    {item}\n  </ItemGroup>\n</Project>"));
    }

    private static string PemBody(string pem) => pem.Split('\n')[1].Trim();

    private static (string From, string To, string Kind)[] LineageEdges(TestRepository repo)
    {
        using JsonDocument lineage = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(repo.ArtifactsDirectory, "lineage.json")));
        return lineage.RootElement.GetProperty("edges").EnumerateArray()
            .Select(e => (e.GetProperty("from").GetString()!, e.GetProperty("to").GetString()!, e.GetProperty("kind").GetString()!))
            .ToArray();
    }
}
