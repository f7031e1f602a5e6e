using System;
using System.Collections.Generic;
using System.Linq;
using Governance.Core.Bundles;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Policy;
using Governance.Core.Releases;
using static Governance.Core.Tests.Releases.ReleaseFixtures;

namespace Governance.Core.Tests.Releases;

/// <summary>
/// The promotion checks (contract section 9, <c>governance promote</c>) over real ledgers: each refusal
/// with its code, naming the bundle and saying what to do, and a promotion that passes them all.
/// </summary>
public sealed class PromotionChecksTests : IDisposable
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private static readonly DateTimeOffset Now = T0.AddDays(2);

    private readonly TempDirectory dir = new();

    private readonly GovernancePolicy policy;

    public PromotionChecksTests()
    {
        policy = new GovernancePolicy
        {
            FilePath = dir.Combine("governance.json"),
            Sha256 = new string('c', 64),
            Environments = new[]
            {
                new EnvironmentPolicy("dev", 10),
                new EnvironmentPolicy("staging", 11) { After = "dev", MinSoakMinutes = 60 },
                new EnvironmentPolicy("prod", 12)
                {
                    After = "staging", RequireBlockingGo = true, RequireApproval = true, RequireSignature = true,
                    Freeze = new[] { new FreezeWindow(T0.AddDays(20), T0.AddDays(30), "holidays", 14) },
                },
            },
        };
    }

    private static PromotionBundle Candidate(
        string id, string version, bool go = true, GateMode mode = GateMode.Blocking, string reportCommit = Commit, bool judged = true, bool signed = true,
        bool withReport = true, params PackageDependency[] dependencies)
    {
        var lineage = new[] { new BundleLineage("net8.0", new string('1', 63) + id.Length % 10) };
        var manifest = new BundleManifest(id, version, Array.Empty<BundleFile>(), new BundleMetadata("main", Commit, "https://example/repo", "42"), lineage, withReport ? new string('d', 64) : null);
        GateReport? report = withReport
            ? new GateReport
            {
                IsGo = go,
                Mode = mode,
                Profile = PolicyProfile.Strict,
                Policy = new PolicyReference("governance.json", "1", null),
                Subject = new GateSubject("Contoso.sln", string.Empty, "main", reportCommit),
                EvaluatedAt = T0,
                Projects = new[] { new ReportProject(id, $"src/{id}/{id}.csproj", "net8.0", judged ? lineage[0].Sha256 : new string('9', 64)) },
                Checks = Array.Empty<CheckResult>(),
            }
            : null;
        return new PromotionBundle($"out/{id}.{version}.bundle.json", manifest, Bundle(id, version))
        {
            GateReport = report,
            SignedBy = signed ? "release-2026" : null,
            Dependencies = dependencies,
        };
    }

    private EnvironmentState State(string environment) => EnvironmentState.From(Ledger.Read(OpenStore(dir), environment));

    private PromotionRequest Request(string environment, params PromotionBundle[] bundles)
    {
        Release release = Core.Releases.Release.Create(bundles.Select(b => b.Bundle));
        string? after = policy.FindEnvironment(environment)?.After;
        return new PromotionRequest(policy, environment, release, bundles, State(environment), Now, "ci-bot")
        {
            After = after is null ? null : State(after),
            CommitOnBlockingBranch = new Dictionary<string, bool> { [Commit] = true },
            Approvals = ApprovalStore.Read(OpenStore(dir), environment, new List<Diagnostic>()),
        };
    }

    /// <summary>Records the release of <paramref name="bundles"/> as promoted to <paramref name="environment"/> at <paramref name="at"/>.</summary>
    private void Reach(string environment, DateTimeOffset at, params PromotionBundle[] bundles)
    {
        Release release = Core.Releases.Release.Create(bundles.Select(b => b.Bundle));
        AppendAll(OpenStore(dir), environment, new LedgerEntry(LedgerAction.Promote, release, at, "ci-bot"));
    }

    private void Approve(params PromotionBundle[] bundles) => Approve(Now.AddHours(-1), bundles);

    private void Approve(DateTimeOffset at, params PromotionBundle[] bundles) =>
        ApprovalStore.Record(OpenStore(dir), Approval.For("prod", Core.Releases.Release.Create(bundles.Select(b => b.Bundle)), policy.Sha256!, "lead-b", at));

    private static Diagnostic Single(PromotionDecision decision, string code)
    {
        Assert.False(decision.Allowed);
        Assert.Empty(decision.Consumed);
        Diagnostic problem = Assert.Single(decision.Problems);
        Assert.Equal(code, problem.Code);
        return problem;
    }

    [Fact]
    public void A_release_that_reached_staging_soaked_and_is_approved_goes_to_prod_and_consumes_the_approval()
    {
        PromotionBundle core = Candidate("Contoso.Core", "1.4.0"), data = Candidate("Contoso.Data", "1.4.0", dependencies: new PackageDependency("Contoso.Core", "[1.4.0, 2.0.0)"));
        Reach("dev", T0, core, data);
        Reach("staging", T0.AddHours(1), core, data);
        Approve(core, data);

        PromotionDecision decision = PromotionChecks.Check(Request("prod", core, data));

        Assert.True(decision.Allowed, string.Join("\n", decision.Problems.Select(p => p.Message)));
        Assert.Equal("prod", decision.Environment!.Name);
        Assert.Single(decision.Consumed);
    }

    [Fact]
    public void An_unknown_environment_is_GOV7005_naming_the_ones_there_are()
    {
        Diagnostic problem = Single(PromotionChecks.Check(Request("qa", Candidate("Contoso.Core", "1.4.0"))), "GOV7005");
        Assert.Contains("There is no environment 'qa' in the policy; it defines dev, staging, prod", problem.Message);
    }

    [Fact]
    public void A_release_that_has_not_reached_after_is_GOV7001_saying_where_to_promote_first()
    {
        PromotionBundle core = Candidate("Contoso.Core", "1.4.0");
        Diagnostic problem = Single(PromotionChecks.Check(Request("staging", core)), "GOV7001");
        Assert.Contains("Contoso.Core 1.4.0 cannot be promoted to 'staging': it has not reached 'dev', which 'staging' comes after. Promote it there first: governance promote Contoso.Core.1.4.0.bundle.json --to dev", problem.Message);
    }

    [Fact]
    public void A_release_rolled_back_from_after_is_GOV7001()
    {
        PromotionBundle good = Candidate("Contoso.Core", "1.3.0"), bad = Candidate("Contoso.Core", "1.4.0");
        Reach("dev", T0, good);
        Reach("dev", T0.AddMinutes(5), bad);
        AppendAll(OpenStore(dir), "dev", new LedgerEntry(LedgerAction.Rollback, Core.Releases.Release.Create(new[] { good.Bundle }), T0.AddMinutes(9), "oncall"));

        Diagnostic problem = Single(PromotionChecks.Check(Request("staging", bad)), "GOV7001");
        Assert.Contains("it was rolled back from 'dev' (2026-11-02T09:09:00Z), so it does not count as having reached it", problem.Message);
        Assert.True(PromotionChecks.Check(Request("staging", good)).Allowed);
    }

    [Fact]
    public void A_broken_after_ledger_is_GOV7003_not_a_guess()
    {
        PromotionBundle core = Candidate("Contoso.Core", "1.4.0");
        Reach("dev", T0, core);
        Reach("dev", T0.AddMinutes(1), Candidate("Contoso.Core", "1.4.1"));
        string file = EntryFile(dir, "dev", 2);
        System.IO.File.WriteAllText(file, System.IO.File.ReadAllText(file).Replace("ci-bot", "mallory"));

        Assert.Contains("GOV7003", PromotionChecks.Check(Request("staging", core)).Codes);
    }

    public static TheoryData<string, string> GateRefusals => new()
    {
        { "missing", "it carries no decision of the release gate" },
        { "no-go", "its gate report decided 'no-go'. Fix what the report lists" },
        { "commit", "it was packed from commit '0123456789abcdef0123456789abcdef01234567', but its gate report decided on commit 'feedface'" },
        { "unjudged", "its package's project is not among the projects its gate report judged" },
        { "informational", "'prod' requires a go of a blocking gate run (requireBlockingGo), and this go is of an informational run" },
        { "branch", "commit 0123456789abcdef0123456789abcdef01234567 is not reachable from a blocking branch of the repository" },
    };

    [Theory]
    [MemberData(nameof(GateRefusals))]
    public void A_gate_report_that_does_not_vouch_for_the_bundle_is_GOV7002_naming_the_bundle(string flaw, string because)
    {
        PromotionBundle core = flaw switch
        {
            "missing" => Candidate("Contoso.Core", "1.4.0", withReport: false),
            "no-go" => Candidate("Contoso.Core", "1.4.0", go: false),
            "commit" => Candidate("Contoso.Core", "1.4.0", reportCommit: "feedface"),
            "unjudged" => Candidate("Contoso.Core", "1.4.0", judged: false),
            "informational" => Candidate("Contoso.Core", "1.4.0", mode: GateMode.Informational),
            _ => Candidate("Contoso.Core", "1.4.0"),
        };
        Reach("staging", T0, core);
        Approve(core);
        PromotionRequest request = Request("prod", core);
        if (flaw == "branch")
        {
            request = request with { CommitOnBlockingBranch = new Dictionary<string, bool> { [Commit] = false } };
        }

        Diagnostic problem = Single(PromotionChecks.Check(request), "GOV7002");
        Assert.StartsWith("Contoso.Core.1.4.0.bundle.json cannot be promoted to 'prod': ", problem.Message);
        Assert.Contains(because, problem.Message);
        Assert.Equal("out/Contoso.Core.1.4.0.bundle.json", problem.Location!.Path);
    }

    [Fact]
    public void An_informational_go_is_enough_where_no_blocking_go_is_required()
    {
        PromotionBundle core = Candidate("Contoso.Core", "1.4.0", mode: GateMode.Informational);
        Assert.True(PromotionChecks.Check(Request("dev", core)).Allowed);
    }

    [Fact]
    public void Too_little_time_in_after_is_GOV7008_saying_when_to_promote()
    {
        PromotionBundle core = Candidate("Contoso.Core", "1.4.0");
        Reach("dev", Now.AddMinutes(-30), core);

        Diagnostic problem = Single(PromotionChecks.Check(Request("staging", core)), "GOV7008");
        Assert.Contains("reached 'dev' at 2026-11-04T08:30:00Z, 30 minutes ago; 'staging' requires 60 minutes there first (minSoakMinutes). Promote at or after 2026-11-04T09:30:00Z", problem.Message);
        Assert.True(PromotionChecks.Check(Request("staging", core) with { Now = Now.AddMinutes(30) }).Allowed);
    }

    [Fact]
    public void Promoting_inside_a_freeze_window_is_GOV7010()
    {
        PromotionBundle core = Candidate("Contoso.Core", "1.4.0");
        Reach("staging", T0, core);
        Approve(T0.AddDays(24), core);

        Diagnostic problem = Single(PromotionChecks.Check(Request("prod", core) with { Now = T0.AddDays(25) }), "GOV7010");
        Assert.Contains("'prod' is frozen from 2026-11-22T09:00:00Z until 2026-12-02T09:00:00Z (holidays)", problem.Message);
        Assert.Equal(14, problem.Location!.Line);
        Assert.True(PromotionChecks.Check(Request("prod", core) with { Now = T0.AddDays(30) }).Allowed);
    }

    [Fact]
    public void An_unsigned_bundle_where_signatures_are_required_is_GOV4003()
    {
        PromotionBundle core = Candidate("Contoso.Core", "1.4.0", signed: false);
        Reach("staging", T0, core);
        Approve(core);

        Diagnostic problem = Single(PromotionChecks.Check(Request("prod", core)), "GOV4003");
        Assert.Contains("Contoso.Core.1.4.0.bundle.json is not signed by a trusted key, and 'prod' requires signed bundles", problem.Message);
        Assert.True(PromotionChecks.Check(Request("dev", core)).Allowed);
    }

    [Fact]
    public void A_missing_approval_is_GOV7007()
    {
        PromotionBundle core = Candidate("Contoso.Core", "1.4.0");
        Reach("staging", T0, core);
        Single(PromotionChecks.Check(Request("prod", core)), "GOV7007");
    }

    [Fact]
    public void A_dependency_on_a_governed_package_that_neither_the_release_nor_the_environment_provides_is_GOV7011()
    {
        PromotionBundle core1 = Candidate("Contoso.Core", "1.4.1");
        PromotionBundle web = Candidate("Contoso.Web", "2.0.0", dependencies: new[] { new PackageDependency("Contoso.Core", "2.0.0"), new PackageDependency("Newtonsoft.Json", "13.0.3") });
        Reach("dev", T0, core1);

        Diagnostic problem = Single(PromotionChecks.Check(Request("dev", web)), "GOV7011");
        Assert.Contains("Contoso.Web.2.0.0.bundle.json (Contoso.Web 2.0.0) depends on Contoso.Core (>= 2.0.0), which is neither in the release nor current in 'dev' (current there: Contoso.Core 1.4.1). Promote the bundle of Contoso.Core with it in one command", problem.Message);

        // Within the release, or current in the environment: complete.
        PromotionBundle core2 = Candidate("Contoso.Core", "2.0.0");
        Assert.True(PromotionChecks.Check(Request("dev", web, core2)).Allowed);
        Reach("dev", T0.AddMinutes(1), core2);
        Assert.True(PromotionChecks.Check(Request("dev", web)).Allowed);
    }

    [Fact]
    public void A_dependency_no_ledger_or_bundle_of_the_environment_names_is_not_governed()
    {
        PromotionBundle web = Candidate("Contoso.Web", "2.0.0", dependencies: new PackageDependency("Contoso.Core", "[2.0.0]"));
        Assert.True(PromotionChecks.Check(Request("dev", web)).Allowed);
    }

    public void Dispose() => dir.Dispose();
}
