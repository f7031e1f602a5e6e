using System;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Policy;

namespace Governance.Core.Tests;

public class PolicyLoaderTests
{
    /// <summary>The contract's reference policy (section 8), comments removed.</summary>
    public const string ReferencePolicy = """
        {
          "$schema": "schemas/governance-policy.schema.json",
          "policyVersion": "1",
          "profile": "strict",
          "gate": { "blockingBranches": ["main", "release/*"] },
          "evidence": [
            { "kind": "branch-protection", "path": "evidence/branch-protection.json", "maxAgeDays": 30 }
          ],
          "contracts": [ { "files": "contracts/*.json", "schema": "contracts/order.schema.json" } ],
          "versioning": { "stableOnBlockingBranches": true },
          "metrics": ["artifacts/metrics/*.json", "artifacts/test-results/*.trx", "artifacts/coverage/*.cobertura.xml"],
          "slos": [
            { "id": "tests-pass-rate", "metric": "tests.passRate", "direction": "higher",
              "warn": 0.99, "softFail": 0.97, "hardFail": 0.90, "window": 5, "maxBreaches": 2 }
          ],
          "exceptions": "governance.exceptions.json",
          "tenantIsolation": { "registry": "capabilities.json", "requiredCohorts": [1, 2], "minCoverage": 1.0 },
          "environments": [
            { "name": "dev", "feed": "artifacts/feeds/dev" },
            { "name": "staging", "after": "dev", "feed": "artifacts/feeds/staging",
              "checks": [ { "command": "dotnet test tests/Smoke -c Release --logger trx", "timeoutSeconds": 600 } ] },
            { "name": "prod", "after": "staging", "requireBlockingGo": true, "requireApproval": true,
              "approvers": [ { "id": "lead-b", "publicKey": "keys/lead-b.pub.pem" } ],
              "minSoakMinutes": 60, "freeze": [ { "from": "2026-12-20T00:00:00Z", "until": "2027-01-04T00:00:00Z", "reason": "holidays" } ],
              "feed": "https://pkgs.example/v3/index.json", "apiKeyEnvironmentVariable": "PROD_FEED_KEY" }
          ],
          "trustedKeys": [ { "id": "release-2026", "publicKey": "keys/release-2026.pub.pem" } ]
        }
        """;

    [Fact]
    public void The_contract_reference_policy_loads_with_every_field()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", ReferencePolicy);

        PolicyLoadResult result = PolicyLoader.Load(path);

        Assert.Empty(result.Diagnostics);
        GovernancePolicy policy = Assert.IsType<GovernancePolicy>(result.Policy);
        Assert.Equal(PolicyProfile.Strict, policy.Profile);
        Assert.Equal(new[] { "main", "release/*" }, policy.BlockingBranches);
        EvidenceRequirement evidence = Assert.Single(policy.Evidence);
        Assert.Equal("branch-protection", evidence.Kind);
        Assert.Equal(30, evidence.MaxAgeDays);
        Assert.Equal(Severity.High, evidence.Severity);
        Assert.Equal(7, evidence.Line);
        Assert.Equal(64, policy.Sha256!.Length);
        Assert.Equal(new[] { "dev", "staging", "prod" }, policy.Environments.Select(e => e.Name));
        EnvironmentPolicy prod = policy.FindEnvironment("PROD")!;
        Assert.Equal(("staging", true, true, 60), (prod.After, prod.RequireBlockingGo, prod.RequireApproval, prod.MinSoakMinutes));
        Assert.Equal(("https://pkgs.example/v3/index.json", "PROD_FEED_KEY"), (prod.Feed, prod.ApiKeyEnvironmentVariable));
        Assert.Equal(("lead-b", "keys/lead-b.pub.pem"), (prod.Approvers.Single().Id, prod.Approvers.Single().PublicKeyPath));
        FreezeWindow holidays = prod.Freeze.Single();
        Assert.Equal(("holidays", "2026-12-20T00:00:00Z", "2027-01-04T00:00:00Z"), (holidays.Reason, GateClock.Format(holidays.From), GateClock.Format(holidays.Until)));
        EnvironmentCheck smoke = policy.FindEnvironment("staging")!.Checks.Single();
        Assert.Equal(("dotnet test tests/Smoke -c Release --logger trx", 600), (smoke.Command, smoke.TimeoutSeconds));
        Assert.True(policy.BundleSignatureRequired);
        Assert.DoesNotContain(policy.NotEnforced, w => w.Message.Contains("'environments'"));
    }

    /// <summary>What the schema accepts and nothing enforces yet is a GOV0003 warning at its line, never silently trusted; environments, bundles and release notes are enforced.</summary>
    [Fact]
    public void Settings_nothing_enforces_yet_are_GOV0003_warnings_at_their_lines()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", ReferencePolicy.Replace(
            "\"trustedKeys\"",
            "\"store\": \"git:origin\",\n  \"releaseNotes\": { \"required\": true },\n  \"preview\": { \"checks\": [] },\n  \"bundles\": { \"requireSignature\": true },\n  \"trustedKeys\""));

        PolicyLoadResult result = PolicyLoader.Load(path);

        Assert.Empty(result.Diagnostics);
        Diagnostic[] warnings = result.Policy!.NotEnforced.ToArray();
        Assert.Equal(new[] { "preview" },
            warnings.Select(w => w.Message.Split('\'')[1]));
        Assert.All(warnings, w => Assert.Equal(("GOV0003", false), (w.Code, w.Descriptor.IsConfigurationError)));
        Assert.Equal(new[] { 29 }, warnings.Select(w => w.Location!.Line));
        Assert.Equal(new TenantIsolationPolicy("capabilities.json", new[] { 1, 2 }, 1.0, null, 17) with { RequiredCohorts = result.Policy.TenantIsolation!.RequiredCohorts },
            result.Policy.TenantIsolation);
        Assert.Equal(new[] { 1, 2 }, result.Policy.TenantIsolation.RequiredCohorts);
        Assert.Equal((true, (string?)null), (result.Policy.ReleaseNotes.Required, result.Policy.ReleaseNotes.Path));
        Assert.True(result.Policy.BundlesRequireSignature);
        Assert.Equal("git:origin", result.Policy.Store);
    }

    [Fact]
    public void Comments_are_allowed()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{\n  // which format\n  \"policyVersion\": \"1\" /* yes */\n}\n");

        Assert.True(PolicyLoader.Load(path).Succeeded);
    }

    [Fact]
    public void A_trailing_comma_is_GOV1001_with_line_and_column()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{\n  \"policyVersion\": \"1\",\n  \"gate\": { \"blockingBranches\": [\"main\",] }\n}\n");

        Diagnostic diagnostic = Assert.Single(PolicyLoader.Load(path).Diagnostics);

        Assert.Equal("GOV1001", diagnostic.Code);
        Assert.Equal(path, diagnostic.Location!.Path);
        Assert.Equal(3, diagnostic.Location.Line);
        Assert.Equal(41, diagnostic.Location.Column);
        Assert.Contains("line 3, column 41", diagnostic.Message);
        Assert.DoesNotContain("LineNumber", diagnostic.Message);
    }

    [Fact]
    public void Truncated_json_is_GOV1001()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{ \"policyVersion\": \"1\"");

        Assert.Equal("GOV1001", Assert.Single(PolicyLoader.Load(path).Diagnostics).Code);
    }

    [Fact]
    public void A_duplicate_property_is_GOV1001_because_the_file_would_mean_two_things()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{\n  \"policyVersion\": \"1\",\n  \"profile\": \"strict\",\n  \"profile\": \"transitional\"\n}\n");

        Diagnostic diagnostic = Assert.Single(PolicyLoader.Load(path).Diagnostics);

        Assert.Equal("GOV1001", diagnostic.Code);
        Assert.Equal(4, diagnostic.Location!.Line);
    }

    [Fact]
    public void A_value_outside_an_enumeration_is_GOV1002_naming_path_line_and_expectation()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{\n  \"policyVersion\": \"1\",\n  \"profile\": \"lenient\"\n}\n");

        Diagnostic diagnostic = Assert.Single(PolicyLoader.Load(path).Diagnostics);

        Assert.Equal("GOV1002", diagnostic.Code);
        Assert.Equal(3, diagnostic.Location!.Line);
        Assert.Contains("$.profile", diagnostic.Message);
        Assert.Contains("\"strict\", \"transitional\"", diagnostic.Message);
        Assert.Contains("\"lenient\"", diagnostic.Message);
    }

    [Fact]
    public void Baselines_for_one_package_in_two_cases_are_GOV1002_at_the_second()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{ \"policyVersion\": \"1\",\n  \"versioning\": { \"baseline\": {\n    \"Contoso.Core\": \"1.0.0\",\n    \"contoso.core\": \"2.0.0\" } } }");

        PolicyLoadResult result = PolicyLoader.Load(path);

        Assert.Null(result.Policy);
        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("GOV1002", 4), (diagnostic.Code, diagnostic.Location!.Line));
        Assert.Contains("one package", diagnostic.Message);
    }

    [Fact]
    public void A_contract_date_is_checked_as_written_whatever_the_machines_time_zone()
    {
        // Json.NET would read this as a local DateTime and show it (and match patterns) in local time.
        using var dir = new TempDirectory();
        dir.Write("s.schema.json", "{ \"properties\": { \"at\": { \"type\": \"string\", \"pattern\": \"^2026-11-01T00:00:00\\\\.123Z$\" }, \"n\": { \"type\": \"integer\" } } }");
        dir.Write("c.json", "{ \"at\": \"2026-11-01T00:00:00.123Z\", \"n\": \"2026-11-01T00:00:00+05:00\" }");

        CheckResult[] results = Governance.Core.Checks.ContractChecker.Check(new ContractRequirement("c.json", "s.schema.json", Severity.High, 1), dir.Path, dir.Combine("governance.json"), new Governance.Core.Inputs.FileSystemInputs(), new Governance.Core.Json.RepositorySchemas(dir.Path, new Governance.Core.Inputs.FileSystemInputs())).ToArray();

        CheckResult result = Assert.Single(results);
        Assert.Contains("$.n", result.Message);
        Assert.Contains("Found \"2026-11-01T00:00:00+05:00\"", result.Message);
    }

    [Fact]
    public void A_misspelt_property_is_GOV1002()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{ \"policyVersion\": \"1\", \"gate\": { \"blockingBranch\": [\"main\"] } }");

        Diagnostic diagnostic = Assert.Single(PolicyLoader.Load(path).Diagnostics);

        Assert.Equal("GOV1002", diagnostic.Code);
        Assert.Contains("'blockingBranch' is not allowed", diagnostic.Message);
    }

    [Fact]
    public void Every_violation_is_reported_not_only_the_first()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{ \"policyVersion\": \"1\", \"profile\": 3, \"evidence\": [ { \"kind\": \"x\" } ] }");

        Diagnostic[] diagnostics = PolicyLoader.Load(path).Diagnostics.ToArray();

        Assert.Equal(2, diagnostics.Length);
        Assert.All(diagnostics, d => Assert.Equal("GOV1002", d.Code));
        Assert.Contains("$.profile", diagnostics[0].Message);
        Assert.Contains("expected a string", diagnostics[0].Message);
        Assert.Contains("'path' is missing", diagnostics[1].Message);
    }

    [Fact]
    public void A_missing_policyVersion_is_GOV1002()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{ \"profile\": \"strict\" }");

        Diagnostic diagnostic = Assert.Single(PolicyLoader.Load(path).Diagnostics);

        Assert.Equal("GOV1002", diagnostic.Code);
        Assert.Contains("'policyVersion' is missing", diagnostic.Message);
    }

    [Theory]
    [InlineData("\"2\"")]
    [InlineData("1")]
    public void An_unknown_policyVersion_is_GOV1003(string version)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{\n  \"policyVersion\": " + version + ",\n  \"futureField\": true\n}");

        Diagnostic diagnostic = Assert.Single(PolicyLoader.Load(path).Diagnostics);

        Assert.Equal("GOV1003", diagnostic.Code);
        Assert.Equal(2, diagnostic.Location!.Line);
    }

    /// <summary>Security review, issue 13 item 5: a whole number beyond 64 bits crashed the schema validator.</summary>
    [Theory]
    [InlineData("\"exceptionMaxDays\": 99999999999999999999", "$.exceptionMaxDays")]
    [InlineData("\"exceptionMaxDays\": -99999999999999999999", "$.exceptionMaxDays")]
    [InlineData("\"evidence\": [ { \"kind\": \"k\", \"path\": \"p\", \"maxAgeDays\": 99999999999999999999 } ]", "$.evidence[0].maxAgeDays")]
    [InlineData("\"evidence\": [ { \"kind\": \"k\", \"path\": \"p\", \"require\": { \"minApprovals\": 99999999999999999999 } } ]", "$.evidence[0].require.minApprovals")]
    [InlineData("\"slos\": [ { \"id\": \"a\", \"metric\": \"m\", \"direction\": \"higher\", \"warn\": 99999999999999999999999999999999999 } ]", "$.slos[0].warn")]
    [InlineData("\"slos\": [ { \"id\": \"a\", \"metric\": \"m\", \"direction\": \"higher\", \"warn\": 1, \"window\": 99999999999999999999, \"maxBreaches\": 1 } ]", "$.slos[0].window")]
    [InlineData("\"tenantIsolation\": { \"registry\": \"r\", \"requiredCohorts\": [99999999999999999999] }", "$.tenantIsolation.requiredCohorts[0]")]
    public void A_number_too_large_to_read_is_GOV1002_at_its_line_and_column_never_a_crash(string field, string jsonPath)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{ \"policyVersion\": \"1\",\n  " + field + " }");

        PolicyLoadResult result = PolicyLoader.Load(path);

        Assert.Null(result.Policy);
        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("GOV1002", path, 2), (diagnostic.Code, diagnostic.Location!.Path, diagnostic.Location.Line));
        int column = ("  " + field).IndexOf("99999", StringComparison.Ordinal) + 1;
        Assert.Equal(field.Contains("-9999") ? column - 1 : column, diagnostic.Location.Column);
        Assert.Contains($"{jsonPath} (line 2, column {diagnostic.Location.Column})", diagnostic.Message);
        Assert.Contains("too large to be read", diagnostic.Message);
    }

    [Fact]
    public void A_cohort_number_no_reader_could_hold_is_refused_by_the_schema()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{ \"policyVersion\": \"1\", \"tenantIsolation\": { \"registry\": \"r\", \"requiredCohorts\": [9999999999] } }");

        Assert.Equal("GOV1002", Assert.Single(PolicyLoader.Load(path).Diagnostics).Code);
    }

    /// <summary>Security review, issue 13 item 5: a lone surrogate is JSON but not text; reading it as a string threw.</summary>
    [Theory]
    [InlineData("{ \"policyVersion\": \"\\ud800\" }", 1, 20)]
    [InlineData("{ \"policyVersion\": \"1\",\n  \"profile\": \"strict\\udc00\" }", 2, 14)]
    [InlineData("{ \"policyVersion\": \"1\",\n  \"exceptions\": \"x\\ud800.json\" }", 2, 17)]
    [InlineData("{ \"policyVersion\": \"1\",\n  \"gate\": { \"blockingBranches\": [\"m\\ud800\\ud800\"] } }", 2, 34)]
    [InlineData("{ \"policyVersion\": \"1\",\n  \"versioning\": { \"baseline\": { \"\\udfff\": \"1.0.0\" } } }", 2, 33)]
    public void A_lone_surrogate_in_a_policy_string_is_GOV1001_at_its_line_and_column(string policy, int line, int column)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", policy);

        PolicyLoadResult result = PolicyLoader.Load(path);

        Assert.Null(result.Policy);
        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("GOV1001", line, column), (diagnostic.Code, diagnostic.Location!.Line, diagnostic.Location.Column));
        Assert.Contains($"a string at line {line}, column {column} that is not text", diagnostic.Message);
    }

    [Fact]
    public void A_complete_surrogate_pair_is_text()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{ \"policyVersion\": \"1\", \"slos\": [ { \"id\": \"\\ud83d\\ude00\", \"metric\": \"m\", \"direction\": \"higher\", \"warn\": 1 } ] }");

        Assert.Equal("\U0001F600", Assert.Single(PolicyLoader.Load(path).Policy!.Slos).Id);
    }

    [Fact]
    public void Exception_approvers_are_read_by_scope_and_compared_as_people()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{ \"policyVersion\": \"1\", \"approvers\": { \"*\": [\"Lead-B\"], \"Contoso.Api\": [\"api-owner\"] } }");

        GovernancePolicy policy = PolicyLoader.Load(path).Policy!;

        Assert.True(policy.ExceptionApprovers.IsRestricted);
        Assert.True(policy.ExceptionApprovers.Allows("*", Governance.Core.Identity.PersonIdentity.TryParse("lead-b\u200B", out _)!, out _));
        Assert.False(GovernancePolicy.BuiltInDefaults.ExceptionApprovers.IsRestricted);
    }

    /// <summary>Security review, issue 13 item 9: an allow-list entry that names nobody must not load as if it named someone.</summary>
    [Theory]
    [InlineData("{ \"*\": [\"lead-a\",\n  \"\\u200b\"] }", "approvers[\"*\"] names '\\u200B', who cannot be an approver: the name has no visible letter or digit", 3)]
    [InlineData("{ \"*\": [\"lead-a\",\n  \"l\u0435ad-b\"] }", "mixes Latin and Cyrillic letters", 3)]
    [InlineData("{\n  \" \": [\"lead-a\"] }", "approvers has a list under a blank scope", 3)]
    public void An_approver_that_names_nobody_is_GOV1002_at_its_line_and_column(string approvers, string named, int line)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{ \"policyVersion\": \"1\",\n  \"approvers\": " + approvers + " }");

        PolicyLoadResult result = PolicyLoader.Load(path);

        Assert.Null(result.Policy);
        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("GOV1002", path, line), (diagnostic.Code, diagnostic.Location!.Path, diagnostic.Location.Line));
        Assert.True(diagnostic.Location.Column > 0);
        Assert.Contains(named, diagnostic.Message);
    }

    [Theory]
    [InlineData("{ \"*\": [] }")]
    [InlineData("{ \"*\": \"lead-a\" }")]
    [InlineData("[\"lead-a\"]")]
    public void Approvers_must_be_lists_of_names_by_scope(string approvers)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{ \"policyVersion\": \"1\", \"approvers\": " + approvers + " }");

        Assert.Equal("GOV1002", Assert.Single(PolicyLoader.Load(path).Diagnostics).Code);
    }

    [Fact]
    public void A_missing_file_is_GOV1005()
    {
        using var dir = new TempDirectory();

        Diagnostic diagnostic = Assert.Single(PolicyLoader.Load(dir.Combine("nope.json")).Diagnostics);

        Assert.Equal("GOV1005", diagnostic.Code);
    }

    [Fact]
    public void Discovery_walks_up_to_the_nearest_policy()
    {
        using var dir = new TempDirectory();
        string root = dir.Write("governance.json", "{}");
        System.IO.Directory.CreateDirectory(dir.Combine("src/a/b"));

        Assert.Equal(root, PolicyLoader.Discover(dir.Combine("src/a/b")));
    }
}
