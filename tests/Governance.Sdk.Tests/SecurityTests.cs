using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Governance.Sdk.Tests.Infrastructure;

namespace Governance.Sdk.Tests;

/// <summary>
/// Attacks from the security review, performed end to end against the packed SDK and the
/// installed tool: build inputs that would weaken a blocking run, a policy planted beside a
/// bundle, a decision that does not belong to the bundle, and log injection through file names.
/// See docs/security.md for the trust model each one tests.
/// </summary>
[Collection(EndToEnd.Name)]
public class SecurityTests
{
    private readonly SdkPackage sdk;

    public SecurityTests(SdkPackage sdk) => this.sdk = sdk;

    /// <summary>
    /// On a blocking branch an expired exception must stay expired: neither an environment
    /// variable (which MSBuild turns into a property) nor a back-dated SOURCE_DATE_EPOCH moves the
    /// decision clock, and Directory.Build.props cannot make the run informational.
    /// </summary>
    [Fact]
    public void Build_inputs_cannot_revive_an_expired_exception_or_downgrade_a_blocking_run()
    {
        var repo = new TestRepository(sdk, "Clock").AddProject("Lib");
        repo.Write("governance.json", """
            { "policyVersion": "1", "gate": { "blockingBranches": ["main"] },
              "evidence": [ { "kind": "release-notes", "path": "evidence/release-notes.md" } ],
              "exceptions": "governance.exceptions.json" }
            """);
        // Expired long before any day this test runs on.
        repo.Write("governance.exceptions.json", """
            { "exceptions": [
              { "id": "EX-001", "check": "GOV2001", "scope": "*", "reason": "release notes are written after the freeze",
                "requestedBy": "dev-a", "approvedBy": "lead-b", "created": "2025-01-01T00:00:00Z", "expires": "2025-02-01T00:00:00Z" } ] }
            """);
        repo.Commit("main");
        long backdated = new DateTimeOffset(2025, 1, 15, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

        ProcessResult environment = repo.Build(new Dictionary<string, string> { ["GovernanceNow"] = "2025-01-15T00:00:00Z" }, "src/Lib/Lib.csproj", "-t:ReleaseGate");
        ProcessResult epoch = repo.Build(new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = backdated.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "src/Lib/Lib.csproj", "-t:ReleaseGate", "-p:GovernanceGateNoBuild=true");
        repo.Write("Directory.Build.props", File.ReadAllText(repo.Path("Directory.Build.props")).Replace("</Project>", "  <PropertyGroup><GovernanceGateMode>informational</GovernanceGateMode></PropertyGroup>\n</Project>"));
        ProcessResult props = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", "-p:GovernanceGateNoBuild=true");
        ProcessResult turnedOff = repo.Build("src/Lib/Lib.csproj", "-t:ReleaseGate", "-p:GovernanceReleaseGateEnabled=false");

        BuildAssert.Failed(environment);
        Assert.Contains("error GOV1008: GovernanceNow is set to '2025-01-15T00:00:00Z' on a blocking run of 'main'", environment.Output);
        BuildAssert.Failed(epoch);
        Assert.Contains("error GOV5101: Exception 'EX-001' (GOV2001, scope *) does not apply: it expired at 2025-02-01T00:00:00Z", epoch.Output);
        Assert.Contains("error GOV2001", epoch.Output);
        BuildAssert.Failed(props);
        Assert.Contains("error GOV1008: GovernanceGateMode", props.Output);
        BuildAssert.Failed(turnedOff);
        Assert.Contains("error GOV1004: ReleaseGate was asked for on Lib, where governance is turned off", turnedOff.Output);
        foreach (ProcessResult result in new[] { environment, epoch, props, turnedOff })
        {
            Assert.DoesNotContain("GOV2001 waived", result.Output);
            BuildAssert.NoStackTrace(result);
        }
    }

    /// <summary>
    /// Whoever made a bundle controls its folder: a policy planted there, trusting the attacker's
    /// key, is refused when verify runs in that folder; the output always says which policy and
    /// store were used and where they came from.
    /// </summary>
    [Fact]
    public void A_policy_planted_in_the_bundles_folder_is_refused_and_the_policy_in_use_is_named()
    {
        using ECDsa attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var repo = new TestRepository(sdk, "Planted").AddProject("Contoso.Core");
        repo.Write("governance.json", """{ "policyVersion": "1" }""");
        repo.Commit();
        BuildAssert.Succeeded(Pack(repo, "out", attacker.ExportPkcs8PrivateKeyPem()));
        repo.Write("out/attacker.pub.pem", attacker.ExportSubjectPublicKeyInfoPem());
        repo.Write("out/governance.json", """{ "policyVersion": "1", "trustedKeys": [ { "id": "release-2026", "publicKey": "attacker.pub.pem" } ] }""");

        ProcessResult inside = sdk.Governance(repo.Path("out"), "verify", "Contoso.Core.1.2.0.bundle.json");
        // The same folder reached through a link is the same folder.
        Directory.CreateSymbolicLink(repo.Path("out/same"), ".");
        ProcessResult throughLink = sdk.Governance(repo.Path("out"), "verify", "same/Contoso.Core.1.2.0.bundle.json");
        ProcessResult fromRoot = sdk.Governance(repo.Root, "verify", "out/Contoso.Core.1.2.0.bundle.json");

        Assert.True(inside.ExitCode == 2, inside.ToString());
        Assert.Contains("error GOV1004: the policy found, ", inside.Output);
        Assert.Contains("lies in the bundle's own folder", inside.Output);
        Assert.DoesNotContain("signed by trusted key", inside.Output);
        Assert.True(throughLink.ExitCode == 2, throughLink.ToString());
        Assert.Contains("lies in the bundle's own folder", throughLink.Output);
        Assert.True(fromRoot.ExitCode == 0, fromRoot.ToString());
        Assert.Contains($"Policy: {repo.Path("governance.json")} (found at or above the current directory); trusted keys: 0.", fromRoot.Output);
        Assert.Contains($"Release store: {repo.Path(".governance/store")} (beside the policy).", fromRoot.Output);
        BuildAssert.NoStackTrace(inside);
    }

    /// <summary>
    /// The gate's decision travels in the bundle: verify --require-go accepts a pack made right after
    /// a go, and refuses one packed from builds the gate did not judge (GOV7002).
    /// </summary>
    [Fact]
    public void Verify_require_go_accepts_only_a_bundle_packed_from_the_builds_the_gate_passed()
    {
        var repo = new TestRepository(sdk, "RequireGo").AddProject("Contoso.Core");
        repo.Write("governance.json", """{ "policyVersion": "1", "gate": { "blockingBranches": ["main"] } }""");
        repo.Commit();
        BuildAssert.Succeeded(repo.Build("src/Contoso.Core/Contoso.Core.csproj", "-t:ReleaseGate"));
        BuildAssert.Succeeded(Pack(repo, "judged", null, "--no-build"));
        File.WriteAllText(repo.Path("src/Contoso.Core/Api.cs"), File.ReadAllText(repo.Path("src/Contoso.Core/Api.cs")).Replace("42", "43"));
        BuildAssert.Succeeded(repo.Build("src/Contoso.Core/Contoso.Core.csproj"));
        BuildAssert.Succeeded(Pack(repo, "unjudged", null, "--no-build"));

        ProcessResult judged = sdk.Governance(repo.Root, "verify", "judged/Contoso.Core.1.2.0.bundle.json", "--require-go");
        ProcessResult unjudged = sdk.Governance(repo.Root, "verify", "unjudged/Contoso.Core.1.2.0.bundle.json", "--require-go");

        Assert.True(judged.ExitCode == 0, judged.ToString());
        Assert.Contains("Verified: Contoso.Core 1.2.0 (not signed by a trusted key), with a blocking go of the release gate.", judged.Output);
        Assert.True(File.Exists(repo.Path("judged/Contoso.Core.1.2.0.files/release_readiness_gate_report.json")));
        Assert.True(unjudged.ExitCode == 1, unjudged.ToString());
        Assert.Contains("error GOV7002: Contoso.Core.1.2.0.bundle.json carries no decision of the release gate", unjudged.Output);
    }

    /// <summary>A file name is the attacker's text: a newline in it must not become a line a CI system reads as a command.</summary>
    [Fact]
    public void A_file_name_cannot_inject_a_workflow_command_into_verify_output()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows file names cannot hold a newline.
        }

        var repo = new TestRepository(sdk, "Injection").AddProject("Contoso.Core");
        repo.Write("governance.json", """{ "policyVersion": "1" }""");
        repo.Commit();
        BuildAssert.Succeeded(Pack(repo, "out", null));
        Directory.CreateDirectory(repo.Path("out/Contoso.Core.1.2.0.files"));
        File.WriteAllText(Path.Combine(repo.Path("out/Contoso.Core.1.2.0.files"), "x\n::error title=Release approved::\u001b[2Jowned"), "planted");

        ProcessResult result = sdk.Governance(repo.Root, "verify", "out/Contoso.Core.1.2.0.bundle.json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error GOV4002: ", result.Output);
        Assert.Contains("x\\u000a::error title=Release approved::\\u001b[2Jowned", result.Output);
        Assert.DoesNotContain(result.Output.Split('\n'), line => line.TrimStart().StartsWith("::error", StringComparison.Ordinal));
        Assert.DoesNotContain("\u001b", result.Output, StringComparison.Ordinal); // ordinal: culture comparison ignores control characters
    }

    private ProcessResult Pack(TestRepository repo, string output, string? keyPem, params string[] extra)
    {
        var environment = new Dictionary<string, string>();
        if (keyPem is not null)
        {
            environment["GOVERNANCE_SIGNING_KEY"] = keyPem;
        }

        return DotNet.Run(repo.Root, sdk.NuGetPackages, environment,
            new[] { "pack", "src/Contoso.Core/Contoso.Core.csproj", "-c", "Debug", "-o", output, "-nr:false", "-tl:off" }.Concat(extra).ToArray());
    }
}
