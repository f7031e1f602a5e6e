using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using Governance.Sdk.Tests.Infrastructure;

namespace Governance.Sdk.Tests;

/// <summary>
/// Releases move dev → staging → prod through the installed tool, end to end: real `dotnet pack`
/// bundles made right after the gate, real folder feeds, a bare git remote as the shared store,
/// signed approvals, refusals with their codes, canaries, rollback, tampering and interruption.
/// </summary>
[Collection(EndToEnd.Name)]
public class PromotionTests
{
    private readonly SdkPackage sdk;

    public PromotionTests(SdkPackage sdk) => this.sdk = sdk;

    [Fact]
    public void A_two_package_release_moves_to_prod_with_a_signed_approval_and_rolls_back_from_the_staging_feed()
    {
        using ECDsa lead = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa release = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var repo = new TestRepository(sdk, "Promote").AddProject("Contoso.Core").AddProject("Contoso.Api", string.Empty, "Contoso.Core").WriteSolution();
        repo.Commit();
        repo.Write("keys/lead-b.pub.pem", lead.ExportSubjectPublicKeyInfoPem());
        repo.Write("keys/release.pub.pem", release.ExportSubjectPublicKeyInfoPem());
        string leadKey = repo.Write("lead-b.key.pem", lead.ExportPkcs8PrivateKeyPem());
        string strangerKey = repo.Write("stranger.key.pem", stranger.ExportPkcs8PrivateKeyPem());
        repo.Write("governance.json", """
            {
              "policyVersion": "1",
              "gate": { "blockingBranches": ["main"] },
              "store": "git:origin",
              "trustedKeys": [ { "id": "release-2026", "publicKey": "keys/release.pub.pem" } ],
              "environments": [
                { "name": "dev", "feed": "feeds/dev" },
                { "name": "staging", "after": "dev", "feed": "feeds/staging",
                  "checks": [ { "command": "test \"$GOVERNANCE_ENVIRONMENT\" = staging && test -n \"$GOVERNANCE_PACKAGES\"" } ] },
                { "name": "prod", "after": "staging", "requireApproval": true, "requireBlockingGo": true, "feed": "feeds/prod",
                  "approvers": [ { "id": "lead-b", "publicKey": "keys/lead-b.pub.pem" } ] }
              ]
            }
            """);
        string origin = Path.Combine(sdk.Root, "remotes", Path.GetFileName(repo.Root) + ".git");
        DotNet.Git(sdk.Root, "init", "--bare", "-q", origin);
        DotNet.Git(repo.Root, "remote", "add", "origin", origin);
        // The CI's release key signs the bundles when packing and the ledger entries when promoting.
        var ci = new Dictionary<string, string> { ["GITHUB_ACTOR"] = "release-bot", ["GOVERNANCE_SIGNING_KEY"] = release.ExportPkcs8PrivateKeyPem() };
        GateAndPack(repo, "out1", ci);
        string[] release1 = { "out1/Contoso.Api.1.2.0.bundle.json", "out1/Contoso.Core.1.2.0.bundle.json" };

        ProcessResult early = Governance(ci, repo, "promote", release1, "--to", "prod");
        ProcessResult dev = Governance(ci, repo, "promote", release1, "--to", "dev");
        ProcessResult staging = Governance(ci, repo, "promote", release1, "--to", "staging");
        ProcessResult unapproved = Governance(ci, repo, "promote", release1, "--to", "prod");
        ProcessResult unsignedApproval = Governance(ci, repo, "approve", release1, "--env", "prod");
        ProcessResult strangerApproval = Governance(ci, repo, "approve", release1, "--env", "prod", "--key", strangerKey);
        ProcessResult approved = Governance(ci, repo, "approve", release1, "--env", "prod", "--key", leadKey);
        ProcessResult prod = Governance(ci, repo, "promote", release1, "--to", "prod");
        ProcessResult again = Governance(ci, repo, "promote", release1, "--to", "prod");

        Assert.Equal(1, early.ExitCode);
        Assert.Contains("error GOV7001: ", early.Output);
        Assert.True(dev.ExitCode == 0, dev.ToString());
        Assert.Contains("Promoted Contoso.Api 1.2.0, Contoso.Core 1.2.0 in 'dev'", dev.Output);
        Assert.True(staging.ExitCode == 0, staging.ToString());
        Assert.Contains("Check 'test ", staging.Output);
        Assert.Equal(1, unapproved.ExitCode);
        Assert.Contains("error GOV7007: ", unapproved.Output);
        Assert.Equal(1, unsignedApproval.ExitCode);
        Assert.Contains("must be signed with one of their keys", unsignedApproval.Output);
        Assert.Equal(1, strangerApproval.ExitCode);
        Assert.Contains("is none of the approvers of 'prod'", strangerApproval.Output);
        Assert.True(approved.ExitCode == 0, approved.ToString());
        Assert.True(prod.ExitCode == 0, prod.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("already current in 'prod': nothing to do", again.Output);
        Assert.True(File.Exists(repo.Path("out1/Contoso.Core.1.2.0.bundle.dsse.json")), "the bundles were not signed");

        // A job whose signing key the policy does not trust writes nothing to a ledger.
        var untrusted = new Dictionary<string, string>(ci) { ["GOVERNANCE_SIGNING_KEY"] = stranger.ExportPkcs8PrivateKeyPem() };
        ProcessResult wrongKey = Governance(untrusted, repo, "promote", release1, "--to", "dev", "--dry-run");
        Assert.Equal(2, wrongKey.ExitCode);
        Assert.Contains("error GOV1006: ", wrongKey.Output);
        Assert.True(File.Exists(repo.Path("feeds/prod/Contoso.Core.1.2.0.nupkg")));
        Assert.Contains("refs/governance/store", DotNet.Git(repo.Root, "ls-remote", "origin").Output);

        // The next release, then one command back. The prod feed lost 1.2.0 meanwhile: the rollback
        // takes it from staging's feed, checked against the manifest the store kept.
        BumpVersion(repo, "1.2.0", "1.3.0");
        GateAndPack(repo, "out2", ci);
        string[] release2 = { "out2/Contoso.Api.1.3.0.bundle.json", "out2/Contoso.Core.1.3.0.bundle.json" };
        foreach (string env in new[] { "dev", "staging" })
        {
            ProcessResult step = Governance(ci, repo, "promote", release2, "--to", env);
            Assert.True(step.ExitCode == 0, step.ToString());
        }

        Assert.True(Governance(ci, repo, "approve", release2, "--env", "prod", "--key", leadKey).ExitCode == 0);
        ProcessResult prod2 = Governance(ci, repo, "promote", release2, "--to", "prod");
        Assert.True(prod2.ExitCode == 0, prod2.ToString());
        File.Delete(repo.Path("feeds/prod/Contoso.Core.1.2.0.nupkg"));

        ProcessResult rollback = sdk.Governance(ci, repo.Root, "rollback", "--env", "prod", "--reason", "1.3.0 breaks checkout");
        ProcessResult status = sdk.Governance(ci, repo.Root, "status", "--env", "prod", "--json");
        ProcessResult twice = sdk.Governance(ci, repo.Root, "rollback", "--env", "prod");

        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Contains("Rolled back to Contoso.Api 1.2.0, Contoso.Core 1.2.0 in 'prod'", rollback.Output);
        Assert.Contains("it was fetched from 'staging'", rollback.Output);
        Assert.True(File.Exists(repo.Path("feeds/prod/Contoso.Core.1.2.0.nupkg")));
        Assert.True(File.Exists(repo.Path("feeds/prod/.unlisted/contoso.core/1.3.0/Contoso.Core.1.3.0.nupkg")));
        Assert.False(File.Exists(repo.Path("feeds/prod/Contoso.Core.1.3.0.nupkg")));
        using (JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(repo.Path("artifacts/governance/rollback_report.json"))))
        {
            Assert.Equal("go", report.RootElement.GetProperty("decision").GetString());
            Assert.Equal("1.3.0", report.RootElement.GetProperty("previousCurrent")[0].GetProperty("version").GetString());
        }

        Assert.True(status.ExitCode == 0, status.ToString());
        using (JsonDocument json = JsonDocument.Parse(status.Output))
        {
            JsonElement tracks = json.RootElement.GetProperty("environments")[0].GetProperty("tracks");
            Assert.All(tracks.EnumerateArray(), t => Assert.Equal("1.2.0", t.GetProperty("version").GetString()));
        }

        // 1.3.0 was rolled back from, 1.2.0 is current: nothing is known good to go back to.
        Assert.Equal(1, twice.ExitCode);
        Assert.Contains("error GOV7009: ", twice.Output);
        BuildAssert.NoStackTrace(rollback);
    }

    [Fact]
    public void Each_refusal_has_its_code_and_a_failing_canary_leaves_the_state_and_unlists()
    {
        var repo = new TestRepository(sdk, "Refuse").AddProject("Contoso.Core").AddProject("Contoso.Api", string.Empty, "Contoso.Core").WriteSolution();
        repo.Write("governance.json", """
            {
              "policyVersion": "1",
              "gate": { "blockingBranches": ["main"] },
              "environments": [
                { "name": "dev", "feed": "feeds/dev" },
                { "name": "alone", "feed": "feeds/alone" },
                { "name": "qa", "after": "dev", "feed": "feeds/qa", "checks": [ { "command": "echo smoke test failed; exit 3" } ] },
                { "name": "soak", "after": "dev", "minSoakMinutes": 600, "feed": "feeds/soak" },
                { "name": "frozen", "feed": "feeds/frozen", "freeze": [ { "from": "2020-01-01T00:00:00Z", "until": "2999-01-01T00:00:00Z", "reason": "year-end freeze" } ] },
                { "name": "main-only", "requireBlockingGo": true, "feed": "feeds/signed" },
                { "name": "approved", "requireApproval": true, "feed": "feeds/approved" }
              ]
            }
            """);
        repo.Commit();

        // Packed without a gate: verifiable, not promotable.
        BuildAssert.Succeeded(DotNet.Run(repo.Root, sdk.NuGetPackages, null, "pack", "src/Contoso.Core/Contoso.Core.csproj", "-c", "Debug", "-o", "ungated", "-nr:false", "-tl:off"));
        ProcessResult ungated = sdk.Governance(repo.Root, "promote", "ungated/Contoso.Core.1.2.0.bundle.json", "--to", "dev");

        GateAndPack(repo, "out");
        string[] both = { "out/Contoso.Api.1.2.0.bundle.json", "out/Contoso.Core.1.2.0.bundle.json" };
        ProcessResult unknown = Governance(null, repo, "promote", both, "--to", "production");
        ProcessResult dryRun = Governance(null, repo, "promote", both, "--to", "dev", "--dry-run");
        Assert.False(Directory.Exists(repo.Path("feeds/dev")), "a dry run published");
        ProcessResult dev = Governance(null, repo, "promote", both, "--to", "dev");

        // Promotion kept the gate run's evidence package in the store: out of it, verified, and replayed.
        ProcessResult got = sdk.Governance(repo.Root, "store", "get", "bundles/contoso.core/1.2.0/release-evidence.zip", "--out", "audit/evidence.zip");
        ProcessResult replayed = sdk.Governance(repo.Root, "replay", "audit/evidence.zip");
        Assert.True(got.ExitCode == 0, got.ToString());
        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        Assert.Contains("no drift", replayed.Output);
        ProcessResult incomplete = sdk.Governance(repo.Root, "promote", "out/Contoso.Api.1.2.0.bundle.json", "--to", "alone");
        ProcessResult canary = Governance(null, repo, "promote", both, "--to", "qa");
        ProcessResult soak = Governance(null, repo, "promote", both, "--to", "soak");
        ProcessResult frozen = Governance(null, repo, "promote", both, "--to", "frozen");
        ProcessResult qaStatus = sdk.Governance(repo.Root, "status", "--env", "qa");

        Assert.Equal(1, ungated.ExitCode);
        Assert.Contains("error GOV7002: ", ungated.Output);
        Assert.Contains("carries no decision of the release gate", ungated.Output);
        Assert.Equal(1, incomplete.ExitCode);
        Assert.Contains("error GOV7011: ", incomplete.Output);
        Assert.Contains("Contoso.Core", incomplete.Output);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("error GOV7005: ", unknown.Output);
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());

        // The bundle carries the gate run's evidence package, and replays from it.
        Assert.True(File.Exists(repo.Path("out/Contoso.Core.1.2.0.files/release-evidence.zip")));
        ProcessResult replay = sdk.Governance(repo.Root, "replay", "out/Contoso.Core.1.2.0.bundle.json");
        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Contains("no drift", replay.Output);
        Assert.Contains("Dry run: every check passed", dryRun.Output);
        Assert.True(dev.ExitCode == 0, dev.ToString());
        Assert.Equal(1, canary.ExitCode);
        Assert.Contains("error GOV7004: ", canary.Output);
        Assert.Contains("smoke test failed", canary.Output);
        Assert.True(File.Exists(repo.Path("feeds/qa/.unlisted/contoso.api/1.2.0/Contoso.Api.1.2.0.nupkg")), canary.ToString());
        Assert.False(File.Exists(repo.Path("feeds/qa/Contoso.Api.1.2.0.nupkg")));
        Assert.Contains("nothing current", qaStatus.Output);
        Assert.Equal(1, soak.ExitCode);
        Assert.Contains("error GOV7008: ", soak.Output);
        Assert.Equal(1, frozen.ExitCode);
        Assert.Contains("error GOV7010: ", frozen.Output);
        Assert.Contains("year-end freeze", frozen.Output);

        // Self-approval: the same person (as the identity rules compare names) approves and promotes.
        ProcessResult approve = Governance(new Dictionary<string, string> { ["GITHUB_ACTOR"] = "Dana" }, repo, "approve", both, "--env", "approved");
        ProcessResult self = Governance(new Dictionary<string, string> { ["GITHUB_ACTOR"] = "DANA" }, repo, "promote", both, "--to", "approved");
        ProcessResult impersonated = Governance(new Dictionary<string, string> { ["GITHUB_ACTOR"] = "DANA" }, repo, "promote", both, "--to", "approved", "--by", "someone-else");
        Assert.True(approve.ExitCode == 0, approve.ToString());
        Assert.Equal(1, self.ExitCode);
        Assert.Contains("given by the one who promotes", self.Output);
        Assert.Equal(2, impersonated.ExitCode);
        Assert.Contains("in CI the name recorded is the CI actor's", impersonated.Output);

        // A gate on a feature branch: a go, but not of a blocking run on a commit of main.
        DotNet.Git(repo.Root, "checkout", "-q", "-b", "feature/x");
        BumpVersion(repo, "1.2.0", "1.2.1");
        GateAndPack(repo, "feature");
        ProcessResult feature = sdk.Governance(repo.Root, "promote", "feature/Contoso.Api.1.2.1.bundle.json", "feature/Contoso.Core.1.2.1.bundle.json", "--to", "main-only");
        Assert.Equal(1, feature.ExitCode);
        Assert.Contains("error GOV7002: ", feature.Output);
        Assert.Contains("requireBlockingGo", feature.Output);

        // A forged ledger entry: every command that reads the ledger refuses, and nothing is appended.
        string entry = Directory.EnumerateFiles(repo.Path(".governance/store"), "*.json", SearchOption.AllDirectories)
            .First(f => f.Replace('\\', '/').Contains("/ledgers/dev/", StringComparison.Ordinal));
        File.WriteAllText(entry, File.ReadAllText(entry).Replace("\"promote\"", "\"rollback\""));
        ProcessResult tampered = sdk.Governance(repo.Root, "status", "--env", "dev");
        ProcessResult onTampered = sdk.Governance(repo.Root, "rollback", "--env", "dev");
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("error GOV7003: ", tampered.Output);
        Assert.Equal(1, onTampered.ExitCode);
        Assert.Contains("error GOV7003: ", onTampered.Output);
        foreach (ProcessResult result in new[] { ungated, incomplete, unknown, canary, soak, frozen, self, feature, tampered, onTampered })
        {
            BuildAssert.NoStackTrace(result);
        }
    }

    [Fact]
    public void A_killed_promotion_shows_as_interrupted_and_the_same_command_finishes_it_and_parallel_promotions_never_fork()
    {
        var repo = new TestRepository(sdk, "Resume").AddProject("Contoso.Core");
        repo.Write("governance.json", """
            {
              "policyVersion": "1",
              "gate": { "blockingBranches": ["main"] },
              "environments": [
                { "name": "dev", "feed": "feeds/dev" },
                { "name": "staging", "feed": "feeds/staging", "checks": [ { "command": "test -f go || sleep 60" } ] },
                { "name": "ci", "feed": "feeds/ci" }
              ]
            }
            """);
        repo.Commit();
        BuildAssert.Succeeded(repo.Build("src/Contoso.Core/Contoso.Core.csproj", "-t:ReleaseGate"));
        BuildAssert.Succeeded(DotNet.Run(repo.Root, sdk.NuGetPackages, null, "pack", "src/Contoso.Core/Contoso.Core.csproj", "-c", "Debug", "--no-build", "-o", "out", "-nr:false", "-tl:off"));
        const string Bundle = "out/Contoso.Core.1.2.0.bundle.json";

        // Four promotions of the same release at once: one chain, one promote entry.
        ProcessResult[] parallel = Enumerable.Range(0, 4).AsParallel().Select(_ => sdk.Governance(repo.Root, "promote", Bundle, "--to", "dev")).ToArray();
        Assert.All(parallel, p => Assert.True(p.ExitCode == 0, p.ToString()));
        ProcessResult verified = sdk.Governance(repo.Root, "store", "verify", "--json");
        Assert.True(verified.ExitCode == 0, verified.ToString());
        using (JsonDocument status = JsonDocument.Parse(sdk.Governance(repo.Root, "status", "--env", "dev", "--json").Output))
        {
            Assert.Equal("1.2.0", status.RootElement.GetProperty("environments")[0].GetProperty("tracks")[0].GetProperty("version").GetString());
        }

        // SIGKILL while the canary runs: promote-started is in the ledger, nothing is current.
        using (Process promote = StartTool(repo.Root, "promote", Bundle, "--to", "staging"))
        {
            WaitFor(() => sdk.Governance(repo.Root, "status", "--env", "staging").Output.Contains("interrupted: promotion of Contoso.Core 1.2.0", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            promote.Kill(entireProcessTree: true);
            promote.WaitForExit();
        }

        ProcessResult interrupted = sdk.Governance(repo.Root, "status", "--env", "staging");
        repo.Write("go", string.Empty);
        ProcessResult resumed = sdk.Governance(repo.Root, "promote", Bundle, "--to", "staging");
        ProcessResult after = sdk.Governance(repo.Root, "status", "--env", "staging");

        Assert.Contains("nothing current", interrupted.Output);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("Published Contoso.Core 1.2.0: already there", resumed.Output);
        Assert.Contains("Contoso.Core@1: 1.2.0", after.Output);
        Assert.DoesNotContain("interrupted", after.Output);

        // The MSBuild entry point: the project's bundle, through the repository's local tool.
        var cliHome = new Dictionary<string, string> { ["DOTNET_CLI_HOME"] = Path.Combine(sdk.Root, "cli-home") };
        repo.Write(".config/dotnet-tools.json", $$"""{ "version": 1, "isRoot": true, "tools": { "governance.cli": { "version": "{{sdk.Version}}", "commands": ["governance"], "rollForward": false } } }""");
        BuildAssert.Succeeded(DotNet.Run(repo.Root, sdk.NuGetPackages, cliHome, "tool", "restore"));
        string packages = "-p:PackageOutputPath=" + repo.Path("out") + Path.DirectorySeparatorChar;
        ProcessResult msbuild = repo.Build(cliHome, "src/Contoso.Core/Contoso.Core.csproj", "-t:GovernancePromote", "-p:GovernanceEnvironment=ci", packages);
        ProcessResult unknownEnvironment = repo.Build(cliHome, "src/Contoso.Core/Contoso.Core.csproj", "-t:GovernancePromote", "-p:GovernanceEnvironment=nowhere", packages);

        BuildAssert.Succeeded(msbuild);
        Assert.Contains("Promoted Contoso.Core 1.2.0 in 'ci'", msbuild.Output);
        BuildAssert.Failed(unknownEnvironment);
        Assert.Contains("error GOV7005: ", unknownEnvironment.Output);
    }

    [Fact]
    public void A_promotion_refused_when_it_checks_again_after_publishing_is_recorded_as_failed_and_unlists()
    {
        var repo = new TestRepository(sdk, "Recheck").AddProject("Contoso.Core").WriteSolution();
        repo.Write("governance.json", """
            {
              "policyVersion": "1",
              "gate": { "blockingBranches": ["main"] },
              "environments": [
                { "name": "dev", "feed": "feeds/dev" },
                { "name": "staging", "after": "dev", "feed": "feeds/staging", "checks": [ { "command": "for i in $(seq 600); do test -f go && exit 0; sleep 0.1; done; exit 1" } ] }
              ]
            }
            """);
        GateAndPack(repo, "out1");
        BumpVersion(repo, "1.2.0", "1.3.0");
        GateAndPack(repo, "out2");
        Assert.Equal(0, sdk.Governance(repo.Root, "promote", "out1/Contoso.Core.1.2.0.bundle.json", "--to", "dev").ExitCode);
        Assert.Equal(0, sdk.Governance(repo.Root, "promote", "out2/Contoso.Core.1.3.0.bundle.json", "--to", "dev").ExitCode);

        // While 1.3.0's canary runs in staging, dev rolls back from 1.3.0: the order no longer holds.
        ProcessResult promoted;
        using (Process promote = StartTool(repo.Root, "promote", "out2/Contoso.Core.1.3.0.bundle.json", "--to", "staging"))
        {
            WaitFor(() => sdk.Governance(repo.Root, "status", "--env", "staging").Output.Contains("interrupted: promotion of Contoso.Core 1.3.0", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            Assert.True(File.Exists(repo.Path("feeds/staging/Contoso.Core.1.3.0.nupkg")));
            ProcessResult rollback = sdk.Governance(repo.Root, "rollback", "--env", "dev");
            Assert.True(rollback.ExitCode == 0, rollback.ToString());
            repo.Write("go", string.Empty);
            Assert.True(promote.WaitForExit(60_000), "the promotion did not finish");
            promoted = new ProcessResult("governance promote", promote.ExitCode, string.Empty);
        }

        ProcessResult status = sdk.Governance(repo.Root, "status", "--env", "staging");
        Assert.Equal(1, promoted.ExitCode);
        Assert.True(File.Exists(repo.Path("feeds/staging/.unlisted/contoso.core/1.3.0/Contoso.Core.1.3.0.nupkg")), status.ToString());
        Assert.False(File.Exists(repo.Path("feeds/staging/Contoso.Core.1.3.0.nupkg")));
        Assert.Contains("nothing current", status.Output);
        Assert.DoesNotContain("interrupted", status.Output);
    }

    [Fact]
    public void Rollback_re_verifies_against_todays_policy_and_says_when_no_source_has_the_package()
    {
        using ECDsa release = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa next = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var repo = new TestRepository(sdk, "Revoked").AddProject("Contoso.Core").WriteSolution();
        repo.Write("keys/release.pub.pem", release.ExportSubjectPublicKeyInfoPem());
        repo.Write("keys/next.pub.pem", next.ExportSubjectPublicKeyInfoPem());
        string Policy(bool compromised) => $$"""
            {
              "policyVersion": "1",
              "gate": { "blockingBranches": ["main"] },
              "trustedKeys": [
                { "id": "release-2026", "publicKey": "keys/release.pub.pem"{{(compromised ? ", \"compromised\": true" : string.Empty)}} },
                { "id": "release-2027", "publicKey": "keys/next.pub.pem" }
              ],
              "environments": [ { "name": "dev", "feed": "feeds/dev" } ]
            }
            """;
        repo.Write("governance.json", Policy(compromised: false));

        // Bundles signed when packing; the ledger unsigned (the promoting job has no key).
        var packing = new Dictionary<string, string> { ["GOVERNANCE_SIGNING_KEY"] = release.ExportPkcs8PrivateKeyPem() };
        GateAndPack(repo, "out1", packing);
        BumpVersion(repo, "1.2.0", "1.3.0");
        GateAndPack(repo, "out2", packing);
        ProcessResult first = sdk.Governance(repo.Root, "promote", "out1/Contoso.Core.1.2.0.bundle.json", "--to", "dev");
        ProcessResult second = sdk.Governance(repo.Root, "promote", "out2/Contoso.Core.1.3.0.bundle.json", "--to", "dev");
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first + "\n" + second);

        // The key that signed 1.2.0 is revoked since: going back to it is refused.
        repo.Write("governance.json", Policy(compromised: true));
        ProcessResult revoked = sdk.Governance(repo.Root, "rollback", "--env", "dev");
        Assert.Equal(1, revoked.ExitCode);
        Assert.Contains("error GOV4003: ", revoked.Output);
        Assert.Contains("Contoso.Core@1: 1.3.0", sdk.Governance(repo.Root, "status").Output);

        // Trusted again, but 1.2.0 is gone from the feed and from the store's copy.
        repo.Write("governance.json", Policy(compromised: false));
        File.Delete(repo.Path("feeds/dev/Contoso.Core.1.2.0.nupkg"));
        foreach (string copy in Directory.EnumerateFiles(repo.Path(".governance/store/records"), "contoso.core.1.2.0.nupkg", SearchOption.AllDirectories))
        {
            File.Delete(copy);
        }

        ProcessResult gone = sdk.Governance(repo.Root, "rollback", "--env", "dev");
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("error GOV7009: ", gone.Output);
        Assert.Contains("in none of its sources", gone.Output);
        BuildAssert.NoStackTrace(revoked);
        BuildAssert.NoStackTrace(gone);
    }

    private void GateAndPack(TestRepository repo, string output, IReadOnlyDictionary<string, string>? environment = null)
    {
        repo.Commit(Directory.Exists(repo.Path(".git")) && DotNet.Git(repo.Root, "branch", "--show-current").Output.Trim() is { Length: > 0 } branch ? branch : "main");
        BuildAssert.Succeeded(repo.Build(Path.GetFileName(Directory.GetFiles(repo.Root, "*.sln").Single()), "-t:ReleaseGate"));
        BuildAssert.Succeeded(DotNet.Run(repo.Root, sdk.NuGetPackages, environment, "pack", Path.GetFileName(Directory.GetFiles(repo.Root, "*.sln").Single()), "-c", "Debug", "--no-build", "-o", output, "-nr:false", "-tl:off"));
    }

    private static void BumpVersion(TestRepository repo, string from, string to)
    {
        foreach (string project in new[] { "src/Contoso.Core/Contoso.Core.csproj", "src/Contoso.Api/Contoso.Api.csproj" }.Where(p => File.Exists(repo.Path(p))))
        {
            repo.Write(project, File.ReadAllText(repo.Path(project)).Replace($"<Version>{from}</Version>", $"<Version>{to}</Version>", StringComparison.Ordinal));
        }
    }

    private ProcessResult Governance(IReadOnlyDictionary<string, string>? environment, TestRepository repo, string command, string[] bundles, params string[] options) =>
        sdk.Governance(environment, repo.Root, new[] { command }.Concat(bundles).Concat(options).ToArray());

    private Process StartTool(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(sdk.ToolPath, "governance")) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, "timed out waiting for the promotion to start");
            Thread.Sleep(200);
        }
    }
}
