using System;
using Governance.Core.Checks;
using Governance.Core.Evaluation;
using Governance.Core.Policy;

namespace Governance.Core.Tests.Checks;

public class BranchProtectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A rules-for-a-branch response as GitHub returns it, wrapped with the capture time.</summary>
    public const string FullRules = """
        { "capturedAt": "2026-11-20T08:00:00Z", "branch": "main", "rules": [
          { "type": "deletion", "ruleset_source_type": "Repository", "ruleset_source": "contoso/app", "ruleset_id": 1 },
          { "type": "non_fast_forward", "ruleset_id": 1 },
          { "type": "pull_request", "parameters": { "required_approving_review_count": 2, "dismiss_stale_reviews_on_push": true,
            "require_code_owner_review": false, "require_last_push_approval": false, "required_review_thread_resolution": false }, "ruleset_id": 1 },
          { "type": "required_status_checks", "parameters": { "strict_required_status_checks_policy": true,
            "required_status_checks": [ { "context": "release-gate", "integration_id": 15368 }, { "context": "build" } ] }, "ruleset_id": 1 } ] }
        """;

    private static CheckResult Check(TempDirectory dir, string capture, BranchProtectionRequirement? require = null, double? maxAgeDays = 30)
    {
        dir.Write("evidence/bp.json", capture);
        var requirement = new EvidenceRequirement("branch-protection", "evidence/bp.json", maxAgeDays, Severity.High, 7)
        {
            BranchProtection = require ?? BranchProtectionRequirement.Default,
        };
        return EvidenceChecker.Check(requirement, dir.Path, dir.Combine("governance.json"), Now, new Governance.Core.Inputs.FileSystemInputs(), new Governance.Core.Json.RepositorySchemas(dir.Path, new Governance.Core.Inputs.FileSystemInputs()));
    }

    [Fact]
    public void A_ruleset_capture_that_shows_every_requirement_passes()
    {
        using var dir = new TempDirectory();

        CheckResult result = Check(dir, FullRules, new BranchProtectionRequirement(2, new[] { "release-gate" }, true, true));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Contains("2 approval(s)", result.Message);
        Assert.Contains("release-gate", result.Message);
    }

    [Fact]
    public void A_capture_without_the_approvals_rule_is_GOV2002_naming_it()
    {
        using var dir = new TempDirectory();
        string capture = """
            { "capturedAt": "2026-11-20T08:00:00Z", "rules": [ { "type": "deletion" }, { "type": "non_fast_forward" } ] }
            """;

        CheckResult result = Check(dir, capture);

        Assert.Equal(("GOV2002", CheckStatus.Fail), (result.Code, result.Status));
        Assert.Contains("pull requests are not required", result.Message);
        Assert.DoesNotContain("force pushes", result.Message);
    }

    [Fact]
    public void Too_few_approvals_a_missing_status_check_and_allowed_force_pushes_are_each_named()
    {
        using var dir = new TempDirectory();
        string capture = """
            { "capturedAt": "2026-11-20T08:00:00Z", "rules": [ { "type": "deletion" },
              { "type": "pull_request", "parameters": { "required_approving_review_count": 1 } },
              { "type": "required_status_checks", "parameters": { "required_status_checks": [ { "context": "build" } ] } } ] }
            """;

        CheckResult result = Check(dir, capture, new BranchProtectionRequirement(2, new[] { "release-gate" }, true, true));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("need 1 approval(s), the policy requires at least 2", result.Message);
        Assert.Contains("'release-gate' are not required (required: build)", result.Message);
        Assert.Contains("force pushes are not blocked", result.Message);
        Assert.DoesNotContain("deletion of the branch", result.Message);
    }

    [Fact]
    public void A_pull_request_rule_without_its_approval_count_is_partial_and_fails()
    {
        using var dir = new TempDirectory();
        string capture = """
            { "capturedAt": "2026-11-20T08:00:00Z", "rules": [ { "type": "deletion" }, { "type": "non_fast_forward" }, { "type": "pull_request" } ] }
            """;

        Assert.Contains("need 0 approval(s)", Check(dir, capture).Message);
    }

    [Theory]
    [InlineData("{ \"capturedAt\": \"2026-11-20T08:00:00Z\" }", "neither")]
    [InlineData("{ \"capturedAt\": \"2026-11-20T08:00:00Z\", \"rules\": [] }", "pull requests are not required")]
    [InlineData("{ \"capturedAt\": \"2026-11-20T08:00:00Z\", \"rules\": {} }", "neither")]
    [InlineData("{ \"rules\": [] }", "capturedAt")]
    [InlineData("[]", "capturedAt")]
    [InlineData("", "empty")]
    [InlineData("{ \"capturedAt\": ", "not well-formed")]
    public void Empty_partial_or_unreadable_captures_fail_closed(string capture, string named)
    {
        using var dir = new TempDirectory();

        CheckResult result = Check(dir, capture, maxAgeDays: null);

        Assert.Equal(("GOV2002", CheckStatus.Fail), (result.Code, result.Status));
        Assert.Contains(named, result.Message);
    }

    [Fact]
    public void Classic_branch_protection_counts_and_an_absent_setting_shows_no_block()
    {
        using var dir = new TempDirectory();
        string capture = """
            { "capturedAt": "2026-11-20T08:00:00Z", "protection": {
              "required_status_checks": { "strict": true, "contexts": ["build"], "checks": [ { "context": "release-gate", "app_id": 1 } ] },
              "required_pull_request_reviews": { "required_approving_review_count": 1 },
              "allow_force_pushes": { "enabled": false } } }
            """;

        CheckResult result = Check(dir, capture, new BranchProtectionRequirement(1, new[] { "release-gate", "build" }, true, true));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.EndsWith("deletion of the branch is not blocked. Fix the branch's ruleset or protection on GitHub, then capture it again (docs/policy.md#branch-protection).", result.Message);
    }

    [Fact]
    public void Rulesets_and_classic_protection_together_show_their_union()
    {
        string capture = """
            { "capturedAt": "2026-11-20T08:00:00Z",
              "rules": [ { "type": "deletion" }, { "type": "pull_request", "parameters": { "required_approving_review_count": 1 } } ],
              "protection": { "allow_force_pushes": { "enabled": false }, "allow_deletions": { "enabled": true } } }
            """;
        using var document = System.Text.Json.JsonDocument.Parse(capture);

        BranchProtectionCapture read = BranchProtectionCapture.Read(document.RootElement);

        Assert.Empty(read.Gaps(BranchProtectionRequirement.Default));
    }

    [Fact]
    public void A_stale_capture_is_stale_before_its_rules_are_read()
    {
        using var dir = new TempDirectory();

        CheckResult result = Check(dir, FullRules.Replace("2026-11-20", "2026-01-01"));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("stale", result.Message);
    }

    [Fact]
    public void Generic_evidence_with_a_schema_reports_each_violation_with_its_line()
    {
        using var dir = new TempDirectory();
        dir.Write("schemas/scan.schema.json", """{ "type": "object", "required": ["tool"], "properties": { "critical": { "type": "integer", "maximum": 0 } } }""");
        dir.Write("evidence/scan.json", "{\n  \"critical\": 3\n}");
        var requirement = new EvidenceRequirement("security-scan", "evidence/scan.json", null, Severity.High, 3) { SchemaPath = "schemas/scan.schema.json" };

        CheckResult result = EvidenceChecker.Check(requirement, dir.Path, dir.Combine("governance.json"), Now, new Governance.Core.Inputs.FileSystemInputs(), new Governance.Core.Json.RepositorySchemas(dir.Path, new Governance.Core.Inputs.FileSystemInputs()));

        Assert.Equal(("GOV2002", CheckStatus.Fail), (result.Code, result.Status));
        Assert.Contains("'tool' is missing", result.Message);
        Assert.Contains("$.critical", result.Message);
        Assert.Contains(result.Locations, l => l.Line == 2);
    }

    [Fact]
    public void A_missing_evidence_schema_is_a_configuration_error()
    {
        using var dir = new TempDirectory();
        dir.Write("evidence/scan.json", "{}");
        var requirement = new EvidenceRequirement("security-scan", "evidence/scan.json", null, Severity.High, 3) { SchemaPath = "schemas/none.json" };

        CheckResult result = EvidenceChecker.Check(requirement, dir.Path, dir.Combine("governance.json"), Now, new Governance.Core.Inputs.FileSystemInputs(), new Governance.Core.Json.RepositorySchemas(dir.Path, new Governance.Core.Inputs.FileSystemInputs()));

        Assert.Equal(("GOV1005", CheckStatus.Error), (result.Code, result.Status));
    }

    [Fact]
    public void Require_on_another_kind_is_a_configuration_error_rather_than_ignored()
    {
        using var dir = new TempDirectory();
        dir.Write("evidence/x.json", "{}");
        var requirement = new EvidenceRequirement("ruleset-export", "evidence/x.json", null, Severity.High, 4) { BranchProtection = BranchProtectionRequirement.Default };

        CheckResult result = EvidenceChecker.Check(requirement, dir.Path, dir.Combine("governance.json"), Now, new Governance.Core.Inputs.FileSystemInputs(), new Governance.Core.Json.RepositorySchemas(dir.Path, new Governance.Core.Inputs.FileSystemInputs()));

        Assert.Equal(("GOV1002", CheckStatus.Error, 4), (result.Code, result.Status, result.Locations[0].Line));
    }

    [Fact]
    public void The_kind_is_matched_without_case_so_a_capitalised_kind_is_still_read()
    {
        using var dir = new TempDirectory();
        dir.Write("evidence/bp.json", "{ \"capturedAt\": \"2026-11-20T08:00:00Z\", \"rules\": [] }");
        var requirement = new EvidenceRequirement("Branch-Protection", "evidence/bp.json", null, Severity.High, 4);

        Assert.Equal(CheckStatus.Fail, EvidenceChecker.Check(requirement, dir.Path, dir.Combine("governance.json"), Now, new Governance.Core.Inputs.FileSystemInputs(), new Governance.Core.Json.RepositorySchemas(dir.Path, new Governance.Core.Inputs.FileSystemInputs())).Status);
    }

    [Theory]
    [InlineData("main", CheckStatus.Pass)]
    [InlineData("release/2.0", CheckStatus.Pass)]
    [InlineData("feature/x", CheckStatus.Fail)]
    public void A_capture_of_a_branch_the_gate_does_not_protect_shows_nothing(string branch, CheckStatus expected)
    {
        using var dir = new TempDirectory();
        dir.Write("evidence/bp.json", FullRules.Replace("\"branch\": \"main\"", $"\"branch\": \"{branch}\""));
        var requirement = new EvidenceRequirement("branch-protection", "evidence/bp.json", null, Severity.High, 4);

        CheckResult result = EvidenceChecker.Check(requirement, dir.Path, dir.Combine("governance.json"), Now, new Governance.Core.Inputs.FileSystemInputs(), new Governance.Core.Json.RepositorySchemas(dir.Path, new Governance.Core.Inputs.FileSystemInputs()), new[] { "main", "release/*" });

        Assert.Equal(expected, result.Status);
        if (expected == CheckStatus.Fail)
        {
            Assert.Contains("capture of branch 'feature/x', which is not one of the blocking branches (main, release/*)", result.Message);
        }
    }
}
