using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Policy;

namespace Governance.Core.Tests;

/// <summary><c>environments[]</c> and <c>bundles</c>: what the schema cannot say is GOV1002 at the value, with file, line and column.</summary>
public class EnvironmentPolicyTests
{
    private static PolicyLoadResult Load(string environments, string extra = "")
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{\n  \"policyVersion\": \"1\",\n  \"environments\": [\n" + environments + "\n  ]" + extra + "\n}\n");
        return PolicyLoader.Load(path);
    }

    private static Diagnostic Single(PolicyLoadResult result)
    {
        Assert.Null(result.Policy);
        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("GOV1002", diagnostic.Code);
        Assert.EndsWith("governance.json", diagnostic.Location!.Path);
        Assert.StartsWith("governance.json does not satisfy its schema at $.", diagnostic.Message);
        return diagnostic;
    }

    [Fact]
    public void Environments_load_in_policy_order_with_after_spelt_as_the_environment_it_names()
    {
        PolicyLoadResult result = Load("""
                { "name": "dev" },
                { "name": "Staging", "after": "DEV", "checks": [ { "command": "smoke", "workingDirectory": "tests", "environment": ["SMOKE_URL"] } ] },
                { "name": "prod", "after": "staging", "requireSignature": false }
            """);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(new[] { "dev", "Staging", "prod" }, result.Policy!.Environments.Select(e => e.Name));
        Assert.Equal(new string?[] { null, "dev", "Staging" }, result.Policy.Environments.Select(e => e.After));
        EnvironmentCheck check = result.Policy.FindEnvironment("staging")!.Checks.Single();
        Assert.Equal(("smoke", "tests", "SMOKE_URL", (int?)null), (check.Command, check.WorkingDirectory, check.Environment.Single(), check.TimeoutSeconds));
        Assert.Null(result.Policy.FindEnvironment("qa"));
        Assert.False(result.Policy.SignatureRequiredFor(result.Policy.FindEnvironment("prod")!));
        Assert.False(result.Policy.SignatureRequiredFor(result.Policy.FindEnvironment("dev")!));
    }

    [Fact]
    public void An_unknown_after_is_GOV1002_at_its_value_naming_the_environments_defined()
    {
        Diagnostic diagnostic = Single(Load("""
                { "name": "dev" },
                { "name": "prod", "after": "stagign" }
            """));

        Assert.Equal((5, 40), (diagnostic.Location!.Line, diagnostic.Location.Column));
        Assert.Contains("$.environments[1].after (line 5, column 40)", diagnostic.Message);
        Assert.Contains("'prod' comes after 'stagign', which the policy does not define (it defines 'dev', 'prod')", diagnostic.Message);
    }

    [Fact]
    public void A_cycle_is_one_GOV1002_at_the_first_environment_of_the_cycle()
    {
        Diagnostic diagnostic = Single(Load("""
                { "name": "dev" },
                { "name": "staging", "after": "prod" },
                { "name": "prod", "after": "staging" }
            """));

        Assert.Equal(5, diagnostic.Location!.Line);
        Assert.Contains("in a cycle ('staging' after 'prod' after 'staging')", diagnostic.Message);
    }

    [Fact]
    public void An_environment_after_itself_is_GOV1002()
    {
        Diagnostic diagnostic = Single(Load("""    { "name": "prod", "after": "Prod" }"""));

        Assert.Contains("'prod' comes after itself", diagnostic.Message);
    }

    [Fact]
    public void A_name_given_twice_without_case_is_GOV1002_at_the_second()
    {
        Diagnostic diagnostic = Single(Load("""
                { "name": "prod" },
                { "name": "PROD" }
            """));

        Assert.Equal(5, diagnostic.Location!.Line);
        Assert.Contains("'PROD' is already defined at line 4", diagnostic.Message);
    }

    [Theory]
    [InlineData("\"from\": \"2026-12-20\", \"until\": \"2027-01-04T00:00:00Z\"", "from", "'2026-12-20' is not an RFC 3339 time")]
    [InlineData("\"from\": \"2026-12-20T00:00:00Z\", \"until\": \"2027-01-04T00:00:00\"", "until", "is not an RFC 3339 time with an offset")]
    [InlineData("\"from\": \"2027-01-04T00:00:00Z\", \"until\": \"2027-01-04T00:00:00Z\"", "until", "would never hold, since until 2027-01-04T00:00:00Z is not after from 2027-01-04T00:00:00Z")]
    [InlineData("\"from\": \"2027-01-04T01:00:00+02:00\", \"until\": \"2027-01-03T22:30:00Z\"", "until", "not after from 2027-01-03T23:00:00Z")]
    public void A_bad_freeze_time_is_GOV1002_at_the_value(string window, string field, string expected)
    {
        Diagnostic diagnostic = Single(Load($$"""    { "name": "prod", "freeze": [ { {{window}}, "reason": "holidays" } ] }"""));

        Assert.Contains($"$.environments[0].freeze[0].{field} (line 4", diagnostic.Message);
        Assert.Contains(expected, diagnostic.Message);
    }

    [Fact]
    public void A_freeze_window_holds_from_its_start_up_to_but_not_including_its_end()
    {
        PolicyLoadResult result = Load("""    { "name": "prod", "freeze": [ { "from": "2026-12-20T01:00:00+01:00", "until": "2027-01-04T00:00:00Z", "reason": "holidays" } ] }""");

        FreezeWindow window = result.Policy!.Environments.Single().Freeze.Single();
        Assert.True(window.Contains(System.DateTimeOffset.Parse("2026-12-20T00:00:00Z")));
        Assert.False(window.Contains(System.DateTimeOffset.Parse("2026-12-19T23:59:59Z")));
        Assert.False(window.Contains(System.DateTimeOffset.Parse("2027-01-04T00:00:00Z")));
    }

    [Fact]
    public void A_freeze_without_a_reason_is_refused_by_the_schema()
    {
        PolicyLoadResult result = Load("""    { "name": "prod", "freeze": [ { "from": "2026-12-20T00:00:00Z", "until": "2027-01-04T00:00:00Z" } ] }""");

        Assert.Contains("reason", Assert.Single(result.Diagnostics).Message);
    }

    [Fact]
    public void Approvers_without_requireApproval_are_GOV1002()
    {
        Diagnostic diagnostic = Single(Load("""    { "name": "prod", "approvers": [ { "id": "lead-b", "publicKey": "keys/b.pem" } ] }"""));

        Assert.Contains("lists approvers but does not set requireApproval", diagnostic.Message);
    }

    [Fact]
    public void An_approver_listed_twice_as_the_same_person_is_GOV1002()
    {
        Diagnostic diagnostic = Single(Load("""
                { "name": "prod", "requireApproval": true, "approvers": [
                  { "id": "Lead-B", "publicKey": "keys/b.pem" },
                  { "id": "lead\u200B-b", "publicKey": "keys/b2.pem" } ] }
            """));

        Assert.Equal(6, diagnostic.Location!.Line);
        Assert.Contains("already listed at line 5", diagnostic.Message);
    }

    [Fact]
    public void A_soak_without_after_is_GOV1002()
    {
        Diagnostic diagnostic = Single(Load("""    { "name": "prod", "minSoakMinutes": 60 }"""));

        Assert.Contains("sets minSoakMinutes but comes after no environment", diagnostic.Message);
    }

    [Theory]
    [InlineData("GOVERNANCE_SIGNING_KEY")]
    [InlineData("governance_preview_signing_key")]
    [InlineData("AZURE_STORAGE_CONNECTION_STRING")]
    [InlineData("DEV_FEED_KEY")]
    public void A_check_that_would_see_a_secret_is_GOV1002(string variable)
    {
        Diagnostic diagnostic = Single(Load($$"""
                { "name": "dev", "feed": "https://dev.example/v3/index.json", "apiKeyEnvironmentVariable": "DEV_FEED_KEY" },
                { "name": "prod", "after": "dev", "checks": [ { "command": "smoke", "environment": ["SMOKE_URL", "{{variable}}"] } ] }
            """));

        Assert.Contains($"$.environments[1].checks[0].environment[1]", diagnostic.Message);
        Assert.Contains($"would see {variable}, which holds a secret", diagnostic.Message);
    }

    [Theory]
    [InlineData("\"bundles\": { \"requireSignature\": true }", "$.bundles.requireSignature")]
    [InlineData("\"environments\": [ { \"name\": \"prod\", \"requireSignature\": true } ]", "$.environments[0].requireSignature")]
    public void A_required_signature_without_a_trusted_key_is_GOV1002(string section, string at)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{ \"policyVersion\": \"1\",\n  " + section + " }");

        Diagnostic diagnostic = Assert.Single(PolicyLoader.Load(path).Diagnostics);

        Assert.Equal("GOV1002", diagnostic.Code);
        Assert.Contains(at, diagnostic.Message);
        Assert.Contains("trustedKeys lists no key", diagnostic.Message);
    }

    [Theory]
    [InlineData("", null, false)]
    [InlineData(", \"trustedKeys\": [ { \"id\": \"k\", \"publicKey\": \"k.pem\" } ]", null, true)]
    [InlineData(", \"trustedKeys\": [ { \"id\": \"k\", \"publicKey\": \"k.pem\" } ], \"bundles\": { \"requireSignature\": false }", false, false)]
    [InlineData(", \"trustedKeys\": [ { \"id\": \"k\", \"publicKey\": \"k.pem\" } ], \"bundles\": { \"requireSignature\": true }", true, true)]
    public void Bundles_require_a_signature_as_soon_as_a_key_is_trusted_unless_the_policy_says_otherwise(string extra, bool? written, bool required)
    {
        PolicyLoadResult result = Load("""    { "name": "prod" }""", extra);

        Assert.Empty(result.Diagnostics);
        Assert.Equal((written, required), (result.Policy!.BundlesRequireSignature, result.Policy.BundleSignatureRequired));
        Assert.Equal(required, result.Policy.SignatureRequiredFor(result.Policy.Environments.Single()));
    }

    [Fact]
    public void The_former_source_key_is_GOV1002_naming_feed()
    {
        PolicyLoadResult result = Load("""    { "name": "dev", "source": "https://dev.example/v3/index.json" }""");

        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("GOV1002", 4), (diagnostic.Code, diagnostic.Location!.Line));
        Assert.Contains("'source' is now 'feed'", diagnostic.Message);
    }

    [Theory]
    [InlineData("\"name\": \"pro d\"")]
    [InlineData("\"name\": \"../prod\"")]
    [InlineData("\"name\": \"prod\", \"minSoakMinutes\": -1")]
    [InlineData("\"name\": \"prod\", \"checks\": [ { \"command\": \"x\", \"environment\": [\"A=B\"] } ]")]
    [InlineData("\"name\": \"prod\", \"checks\": [ { \"command\": \"x\", \"timeoutSeconds\": 0 } ]")]
    [InlineData("\"name\": \"prod\", \"apiKeyEnvironmentVariable\": \"$KEY\"")]
    public void The_schema_refuses_shapes_no_promotion_could_use(string entry)
    {
        PolicyLoadResult result = Load("    { " + entry + " }");

        Assert.Null(result.Policy);
        Assert.All(result.Diagnostics, d => Assert.Equal("GOV1002", d.Code));
        Assert.NotEmpty(result.Diagnostics);
    }
}
