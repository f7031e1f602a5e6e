using System;
using System.Collections.Generic;
using System.Linq;
using Governance.Core.Evaluation;

namespace Governance.Core.Tests;

/// <summary>
/// The settings an attacker with control of the build's inputs would use to weaken a blocking run
/// (docs/security.md#overrides): each is listed, and refused with GOV1008 unless the repository's
/// own policy allows its class.
/// </summary>
public class GateOverridesTests
{
    private const string Head = "0123456789abcdef0123456789abcdef01234567";
    private static readonly DateTimeOffset WallClock = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static GateRequest Repository(TempDirectory dir, string policyExtra = "", string branch = "main")
    {
        dir.Write(".git/HEAD", $"ref: refs/heads/{branch}\n");
        dir.Write($".git/refs/heads/{branch}", Head + "\n");
        dir.Write("governance.json", $$"""{ "policyVersion": "1", "profile": "strict", "gate": { "blockingBranches": ["main"] {{policyExtra}} } }""");
        return new GateRequest
        {
            GovernanceRoot = dir.Path,
            PolicyFile = dir.Combine("governance.json"),
            SubjectName = "App",
            Environment = _ => null,
            UtcNow = () => WallClock,
        };
    }

    private static (GateReport Report, string[] Refused) Evaluate(GateRequest request)
    {
        GateReport report = GateEvaluator.Evaluate(request).Report;
        string[] refused = report.Checks.Where(c => c.Code == "GOV1008").Select(c => c.Message).ToArray();
        return (report, refused);
    }

    public static IEnumerable<object[]> Weakening() => new[]
    {
        new object[] { "clock", new Func<GateRequest, GateRequest>(r => r with { Now = "2026-10-01T00:00:00Z" }), "GovernanceNow" },
        new object[] { "mode", new Func<GateRequest, GateRequest>(r => r with { Mode = "informational" }), "GovernanceGateMode" },
        new object[] { "profile", new Func<GateRequest, GateRequest>(r => r with { Profile = "transitional" }), "GovernanceProfile" },
        new object[] { "subject", new Func<GateRequest, GateRequest>(r => r with { Branch = "release/anything" }), "GovernanceBranch" },
        new object[] { "subject", new Func<GateRequest, GateRequest>(r => r with { Commit = "ffffffffffffffffffffffffffffffffffffffff" }), "GovernanceCommit" },
        new object[] { "subject", new Func<GateRequest, GateRequest>(r => r with { SubjectNameSetting = "Fresh" }), "GovernanceSubjectName" },
        new object[] { "store", new Func<GateRequest, GateRequest>(r => r with { Store = "empty-store" }), "GovernanceStore" },
        new object[] { "store", new Func<GateRequest, GateRequest>(r => r with { Environment = n => n == "GOVERNANCE_STORE" ? "/tmp/elsewhere" : null }), "GOVERNANCE_STORE" },
        new object[] { "optOut", new Func<GateRequest, GateRequest>(r => r with { DisabledProjects = new[] { System.IO.Path.Combine(r.GovernanceRoot, "src/Lib/Lib.csproj") } }), "GovernanceEnabled" },
    };

    [Theory]
    [MemberData(nameof(Weakening))]
    public void A_weakening_setting_on_a_blocking_run_is_GOV1008_unless_the_policy_allows_its_class(string overrideClass, Func<GateRequest, GateRequest> set, string setting)
    {
        using var dir = new TempDirectory();

        (GateReport refusedReport, string[] refused) = Evaluate(set(Repository(dir)));

        Assert.Equal("no-go", refusedReport.Decision);
        Assert.Contains(refused, m => m.StartsWith(setting, StringComparison.Ordinal) && m.Contains($"add \"{overrideClass}\" to gate.allowOverrides"));
        Assert.Contains(refusedReport.Overrides, o => o.Class == overrideClass && o.Setting == setting);

        (GateReport allowedReport, string[] allowed) = Evaluate(set(Repository(dir, $", \"allowOverrides\": [\"{overrideClass}\"]")));

        Assert.Empty(allowed);
        Assert.Contains(allowedReport.Overrides, o => o.Class == overrideClass && o.Setting == setting);
    }

    /// <summary>A refused override does not take effect: the rest of the report is judged as if it were not set.</summary>
    [Fact]
    public void A_refused_clock_mode_or_profile_does_not_take_effect()
    {
        using var dir = new TempDirectory();

        (GateReport report, _) = Evaluate(Repository(dir) with { Now = "2026-10-01T00:00:00Z", Mode = "informational", Profile = "transitional" });

        Assert.Equal((WallClock, Policy.GateMode.Blocking, Policy.PolicyProfile.Strict), (report.EvaluatedAt, report.Mode, report.Profile));
        Assert.All(report.Overrides, o => Assert.True(o.Refused, o.Setting));
    }

    [Fact]
    public void On_a_branch_that_does_not_block_overrides_are_listed_and_not_refused()
    {
        using var dir = new TempDirectory();

        (GateReport report, string[] refused) = Evaluate(Repository(dir, branch: "feature/x") with { Now = "2020-01-01T00:00:00Z", Profile = "transitional" });

        Assert.Empty(refused);
        Assert.Equal(new[] { "clock", "profile" }, report.Overrides.Select(o => o.Class));
    }

    [Fact]
    public void Settings_that_only_make_the_run_stricter_are_listed_and_never_refused()
    {
        using var dir = new TempDirectory();

        (GateReport report, string[] refused) = Evaluate(Repository(dir) with
        {
            Now = "2026-11-26T11:55:00Z", // within 10 minutes of the wall clock
            Mode = "blocking",
            Profile = "strict",
            Branch = "main",
            Commit = Head,
        });

        Assert.Empty(refused);
        Assert.Equal(new[] { "clock", "mode", "profile", "subject", "subject" }, report.Overrides.Select(o => o.Class));
    }

    /// <summary>A lenient policy elsewhere cannot make the branch stop blocking: the root policy decides, and allows nothing.</summary>
    [Fact]
    public void A_policy_other_than_the_repositorys_own_is_refused_by_the_repositorys_own()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir);
        string lenient = dir.Write("tools/lenient.json", """{ "policyVersion": "1", "gate": { "blockingBranches": [], "allowOverrides": ["clock", "policy"] } }""");

        (GateReport report, string[] refused) = Evaluate(request with { PolicyFile = lenient, Now = "2020-01-01T00:00:00Z" });

        Assert.Equal("no-go", report.Decision);
        Assert.Contains(refused, m => m.StartsWith("GovernancePolicyFile is set to 'tools/lenient.json'", StringComparison.Ordinal));
        Assert.Contains(refused, m => m.StartsWith("GovernanceNow", StringComparison.Ordinal));
    }

    /// <summary>
    /// GovernanceRoot is a build input too: moved out of the work tree (or to a folder with a lenient
    /// policy), it must not take the repository's own policy with it. The policy is found from the
    /// project the gate runs on.
    /// </summary>
    [Fact]
    public void A_governance_root_moved_away_from_the_repository_is_refused_and_the_repositorys_policy_still_decides()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir);
        string lenient = dir.Write("tools/lenient.json", """{ "policyVersion": "1", "gate": { "blockingBranches": [], "allowOverrides": ["clock", "profile", "policy", "store"] } }""");
        string outside = System.IO.Path.GetDirectoryName(dir.Path)!;

        (GateReport report, string[] refused) = Evaluate(request with
        {
            GovernanceRoot = outside,
            PolicyFile = lenient,
            SettingsFile = dir.Write("src/App/App.csproj", "<Project />"),
            Now = "2020-01-01T00:00:00Z",
            Profile = "transitional",
        });

        Assert.Equal(("no-go", Policy.GateMode.Blocking, Policy.PolicyProfile.Strict), (report.Decision, report.Mode, report.Profile));
        Assert.Contains(refused, m => m.StartsWith("GovernanceRoot is set to", StringComparison.Ordinal));
        Assert.Contains(refused, m => m.StartsWith("GovernancePolicyFile is set to 'tools/lenient.json'", StringComparison.Ordinal));
        Assert.Contains(refused, m => m.StartsWith("GovernanceNow", StringComparison.Ordinal));
        Assert.Contains(refused, m => m.StartsWith("GovernanceProfile", StringComparison.Ordinal));
    }

    /// <summary>Policies per folder (none at the root): the one nearest the project decides, and another one in use is refused.</summary>
    [Fact]
    public void Without_a_root_policy_the_policy_nearest_the_project_is_the_repositorys()
    {
        using var dir = new TempDirectory();
        dir.Write(".git/HEAD", "ref: refs/heads/main\n");
        dir.Write(".git/refs/heads/main", Head + "\n");
        string service = dir.Write("svc/governance.json", """{ "policyVersion": "1", "gate": { "blockingBranches": ["main"] } }""");
        string lenient = dir.Write("tools/lenient.json", """{ "policyVersion": "1" }""");
        var request = new GateRequest
        {
            GovernanceRoot = dir.Combine("tools"),
            PolicyFile = lenient,
            SettingsFile = dir.Write("svc/App/App.csproj", "<Project />"),
            SubjectName = "App",
            Environment = _ => null,
            UtcNow = () => WallClock,
        };

        (GateReport report, string[] refused) = Evaluate(request);
        (GateReport own, string[] none) = Evaluate(request with { GovernanceRoot = dir.Combine("svc"), PolicyFile = service });

        Assert.Equal(("no-go", Policy.GateMode.Blocking), (report.Decision, report.Mode));
        Assert.Contains(refused, m => m.StartsWith("GovernancePolicyFile", StringComparison.Ordinal));
        Assert.Empty(none);
        Assert.Equal(Policy.GateMode.Blocking, own.Mode);
    }

    [Fact]
    public void Without_CI_and_without_git_the_branch_and_commit_settings_are_the_subject_not_overrides()
    {
        using var dir = new TempDirectory();
        dir.Write("governance.json", """{ "policyVersion": "1", "gate": { "blockingBranches": ["main"] } }""");
        var request = new GateRequest
        {
            GovernanceRoot = dir.Path,
            PolicyFile = dir.Combine("governance.json"),
            SubjectName = "App",
            Branch = "main",
            Commit = Head,
            Environment = _ => null,
            UtcNow = () => WallClock,
        };

        (GateReport report, string[] refused) = Evaluate(request);

        Assert.Empty(refused);
        Assert.Empty(report.Overrides);
        Assert.Equal(("main", Head), (report.Subject.Branch, report.Subject.Commit));
    }

    [Fact]
    public void A_CI_commit_that_is_not_the_checkouts_HEAD_is_refused()
    {
        using var dir = new TempDirectory();
        var ci = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_REF_NAME"] = "main", ["GITHUB_SHA"] = new string('e', 40) };

        (_, string[] refused) = Evaluate(Repository(dir) with { Environment = n => ci.TryGetValue(n, out string? v) ? v : null });

        Assert.Contains(refused, m => m.Contains(".git's HEAD is " + Head));
    }
}
