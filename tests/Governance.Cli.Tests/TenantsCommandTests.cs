using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Governance.Cli.Tests;

/// <summary><c>governance tenants plan</c> and <c>status</c>, run as the built tool in a scratch repository.</summary>
public sealed class TenantsCommandTests : IDisposable
{
    private const string Policy = """
        {
          "policyVersion": "1",
          "tenantIsolation": { "registry": "capabilities.json", "requiredCohorts": [1], "testResults": ["artifacts/test-results/*.trx"] }
        }
        """;

    private const string Registry = """
        {
          "capabilities": [
            { "id": "orders.read", "owner": "team-orders", "channel": "public", "risk": "high", "cohort": 1, "sameTenant": "enforced" },
            {
              "id": "billing.list",
              "owner": "team-billing",
              "channel": "partner",
              "risk": "high",
              "sameTenant": "pending"
            },
            { "id": "search.query", "owner": "team-search", "channel": "public", "risk": "medium", "sameTenant": "pending" },
            { "id": "admin.audit", "owner": "team-admin", "channel": "internal", "risk": "low", "sameTenant": "pending" },
            { "id": "profile.update", "owner": "team-profile", "channel": "public", "risk": "high", "cohort": 5, "sameTenant": "pending" },
            { "id": "reports.export", "owner": "team-reports", "channel": "public", "risk": "high", "sameTenant": "exempt",
              "exemption": { "reason": "tenant-wide export by design", "approvedBy": "lead-b", "expires": "2099-01-01T00:00:00Z" } }
          ]
        }

        """;

    private readonly TempDirectory repo = new();

    public TenantsCommandTests()
    {
        Write("governance.json", Policy);
        Write("capabilities.json", Registry);
    }

    public void Dispose() => repo.Dispose();

    private string Write(string relative, string text)
    {
        string path = repo.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private string Read(string relative) => File.ReadAllText(repo.Combine(relative));

    private ToolResult Governance(params string[] arguments) => GovernanceTool.Run(repo.Path, arguments);

    [Fact]
    public void Plan_ranks_the_pending_capabilities_by_risk_channel_and_id_and_changes_nothing()
    {
        ToolResult result = Governance("tenants", "plan");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.Error);
        Assert.Contains("Next cohort: 2 (required cohorts: 1); size 5.", result.Output, StringComparison.Ordinal);
        Assert.Contains(
            "| Rank | Capability | Risk | Channel | Owner | Current cohort | Why |\n|---|---|---|---|---|---|---|\n" +
            "| 1 | profile.update | high | public | team-profile | 5 | high risk, public channel; moves from cohort 5, which is not required |\n" +
            "| 2 | billing.list | high | partner | team-billing | – | high risk, partner channel |\n" +
            "| 3 | search.query | medium | public | team-search | – | medium risk, public channel |\n" +
            "| 4 | admin.audit | low | internal | team-admin | – | low risk, internal channel |\n",
            result.Output,
            StringComparison.Ordinal);
        Assert.Contains($"Run again with --write to assign cohort 2 to profile.update, billing.list, search.query, admin.audit in {repo.Combine("capabilities.json")}.", result.Output, StringComparison.Ordinal);
        Assert.Equal(Registry, Read("capabilities.json"));
    }

    [Fact]
    public void Plan_with_a_size_proposes_that_many_and_says_how_many_wait()
    {
        ToolResult result = Governance("tenants", "plan", "--size", "2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("| 2 | billing.list |", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("search.query", result.Output, StringComparison.Ordinal);
        Assert.Contains("2 more pending capabilities wait for a later cohort.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_write_assigns_the_cohort_in_place_and_a_second_plan_sees_it()
    {
        ToolResult result = Governance("tenants", "plan", "--size", "2", "--write");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Wrote {repo.Combine("capabilities.json")}: cohort 2 assigned to profile.update, billing.list.", result.Output, StringComparison.Ordinal);
        string expected = Registry
            .Replace("\"risk\": \"high\", \"cohort\": 5,", "\"risk\": \"high\", \"cohort\": 2,")
            .Replace("      \"id\": \"billing.list\",\n", "      \"id\": \"billing.list\",\n      \"cohort\": 2,\n");
        Assert.Equal(expected, Read("capabilities.json"));

        ToolResult again = Governance("tenants", "plan", "--size", "2");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("| 1 | profile.update | high | public | team-profile | 2 | already in cohort 2; high risk, public channel |", again.Output, StringComparison.Ordinal);
        Assert.Contains("2 capabilities are already in cohort 2, which fills --size 2: nothing new is proposed.", again.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("--write", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_keeps_CRLF_line_endings_when_it_writes()
    {
        string crlf = Registry.Replace("\n", "\r\n");
        Write("capabilities.json", crlf);

        ToolResult result = Governance("tenants", "plan", "--size", "2", "--write");

        Assert.True(result.ExitCode == 0, result.ToString());
        string written = Read("capabilities.json");
        Assert.Contains("      \"id\": \"billing.list\",\r\n      \"cohort\": 2,\r\n", written, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", written.Replace("\r\n", string.Empty), StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_without_candidates_says_so_and_succeeds()
    {
        Write("capabilities.json", """{ "capabilities": [ { "id": "orders.read", "owner": "o", "channel": "public", "risk": "high", "cohort": 1, "sameTenant": "enforced" } ] }""");

        ToolResult result = Governance("tenants", "plan", "--write");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("No pending capability is waiting for a cohort: nothing to plan.", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrote", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_finds_the_policy_above_the_current_directory_and_takes_policy_as_an_option()
    {
        Directory.CreateDirectory(repo.Combine("src/Orders"));

        ToolResult below = GovernanceTool.Run(repo.Combine("src/Orders"), "tenants", "plan");
        ToolResult elsewhere = GovernanceTool.Run(Path.GetTempPath(), "tenants", "plan", "--policy", repo.Combine("governance.json"));

        Assert.True(below.ExitCode == 0, below.ToString());
        Assert.Contains($"Policy: {repo.Combine("governance.json")}", below.Output, StringComparison.Ordinal);
        Assert.True(elsewhere.ExitCode == 0, elsewhere.ToString());
        Assert.Equal(below.Output, elsewhere.Output);
    }

    [Fact]
    public void Plan_json_lists_the_entries()
    {
        ToolResult result = Governance("tenants", "plan", "--size", "3", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Output);
        JsonElement root = json.RootElement;
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
        Assert.Equal(2, root.GetProperty("cohort").GetInt32());
        Assert.Equal(1, root.GetProperty("waiting").GetInt32());
        Assert.False(root.GetProperty("written").GetBoolean());
        Assert.Equal(new[] { "profile.update", "billing.list", "search.query" }, root.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        JsonElement first = root.GetProperty("entries")[0];
        Assert.Equal(5, first.GetProperty("currentCohort").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("entries")[1].GetProperty("currentCohort").ValueKind);
        Assert.Equal("high risk, public channel; moves from cohort 5, which is not required", first.GetProperty("why").GetString());
    }

    [Fact]
    public void Status_prints_the_rollout_from_the_real_check_and_exits_0_whatever_it_finds()
    {
        Write("capabilities.json", """
            {
              "capabilities": [
                { "id": "orders.read", "owner": "team-orders", "channel": "public", "risk": "high", "cohort": 1, "sameTenant": "enforced" },
                { "id": "orders.write", "owner": "team-orders", "channel": "public", "risk": "high", "cohort": 1, "sameTenant": "enforced" },
                { "id": "billing.list", "owner": "team-billing", "channel": "partner", "risk": "medium", "cohort": 1, "sameTenant": "pending" },
                { "id": "search.query", "owner": "team-search", "channel": "public", "risk": "low", "sameTenant": "pending" }
              ]
            }
            """);
        LabResults();

        ToolResult result = Governance("tenants", "status");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Coverage: 33.3% (1 of 3), target 100%\n", result.Output, StringComparison.Ordinal);
        Assert.Contains(
            "| Cohort | Required | Capabilities | Enforced | Pending | Exempt | Covered | Coverage |\n|---|---|---|---|---|---|---|---|\n" +
            "| 1 | yes | 3 | 2 | 1 | 0 | 1 | 33.3% |\n" +
            "| unscheduled | no | 1 | 0 | 1 | 0 | 0 | 0% |\n",
            result.Output,
            StringComparison.Ordinal);
        Assert.Contains("| orders.write | 1 | high | public | team-orders | unproven | – | no isolation test names it (give a test the traits", result.Output, StringComparison.Ordinal);
        Assert.Contains("| billing.list | 1 | medium | partner | team-billing | not-enforced | – | its sameTenant is pending in a required cohort |", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("| orders.read |", result.Output, StringComparison.Ordinal);

        string registry = Regex.Escape(repo.Combine("capabilities.json"));
        Assert.Matches($@"(?m)^{registry}\(4,0\): error GOV6002: Capability orders\.write ", result.Error);
        Assert.Matches($@"(?m)^{registry}\(5,0\): error GOV6001: Capability billing\.list ", result.Error);
        Assert.Matches($@"(?m)^{Regex.Escape(repo.Combine("governance.json"))}\(3,\d+\): error GOV6003: Tenant-isolation coverage is 33\.3%", result.Error);
        Assert.DoesNotContain("orders.read", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_json_has_the_cohorts_and_what_is_not_covered()
    {
        LabResults();

        ToolResult result = Governance("tenants", "status", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Output);
        JsonElement root = json.RootElement;
        Assert.Equal(1, root.GetProperty("required").GetInt32());
        Assert.Equal(1, root.GetProperty("covered").GetInt32());
        Assert.Equal(1.0, root.GetProperty("coverage").GetDouble());
        Assert.Empty(root.GetProperty("notCovered").EnumerateArray());
        Assert.Equal(new int?[] { 1, 5, null }, root.GetProperty("cohorts").EnumerateArray()
            .Select(c => c.GetProperty("cohort").ValueKind == JsonValueKind.Null ? (int?)null : c.GetProperty("cohort").GetInt32()));
        Assert.Empty(root.GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public void Status_without_test_results_warns_why_nothing_is_proven()
    {
        ToolResult result = Governance("tenants", "status");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches($@"(?m)^{Regex.Escape(repo.Combine("governance.json"))}\(3,\d+\): warning GOV6002: No TRX test results matched tenantIsolation\.testResults", result.Error);
        Assert.Matches(@"(?m)^.*error GOV6002: Capability orders\.read ", result.Error);
        Assert.Contains("Coverage: 0% (0 of 1), target 100%", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_with_a_test_assembly_gone_is_an_input_error()
    {
        // An xUnit assembly: its traits are only in the assembly (MSTest writes its categories into the TRX).
        LabResults("Xunit", copyAssembly: false);

        ToolResult result = Governance("tenants", "status");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error GOV1005: The test assembly", result.Error, StringComparison.Ordinal);
        Assert.Contains("| Cohort |", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("status")]
    public void A_policy_without_tenantIsolation_is_GOV1004_and_exit_2(string subcommand)
    {
        Write("governance.json", """{ "policyVersion": "1" }""");

        ToolResult result = Governance("tenants", subcommand);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Matches($@"^{Regex.Escape(repo.Combine("governance.json"))}: error GOV1004: The policy .* has no tenantIsolation section", result.Error);
        Assert.Equal(string.Empty, result.Output);
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("status")]
    public void A_malformed_registry_is_GOV1001_at_its_line_and_column_and_exit_2(string subcommand)
    {
        Write("capabilities.json", "{\n  \"capabilities\": [\n    { \"id\": \"a\", }\n  ]\n}\n");

        ToolResult result = Governance("tenants", subcommand);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Matches($@"(?m)^{Regex.Escape(repo.Combine("capabilities.json"))}\(3,\d+\): error GOV1001: capabilities\.json is not well-formed JSON at line 3", result.Error);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetBytes("{\n  \"capabilities\": [\n    { \"id\": \"a\", }\n  ]\n}\n"), File.ReadAllBytes(repo.Combine("capabilities.json")));
    }

    [Fact]
    public void A_registry_that_breaks_its_schema_is_GOV1002_and_plan_write_writes_nothing()
    {
        string invalid = """{ "capabilities": [ { "id": "a", "owner": "o", "channel": "intranet", "risk": "high", "sameTenant": "pending" } ] }""";
        Write("capabilities.json", invalid);

        ToolResult result = Governance("tenants", "plan", "--write");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error GOV1002:", result.Error, StringComparison.Ordinal);
        Assert.Equal(invalid, Read("capabilities.json"));
    }

    [Fact]
    public void A_missing_registry_is_GOV1005_and_exit_2()
    {
        File.Delete(repo.Combine("capabilities.json"));

        ToolResult result = Governance("tenants", "plan");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error GOV1005: The capability registry capabilities.json the policy names does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void No_policy_anywhere_is_GOV1005_and_exit_2()
    {
        using var empty = new TempDirectory();

        ToolResult result = GovernanceTool.Run(empty.Path, "tenants", "status", "--json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error GOV1005: There is no governance.json in", result.Error, StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(result.Output);
        Assert.Equal(2, json.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal("GOV1005", json.RootElement.GetProperty("findings")[0].GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public void A_size_below_one_is_GOV1004_and_exit_2(string size)
    {
        ToolResult result = Governance("tenants", "plan", "--size", size, "--write");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"error GOV1004: --size {size} is not a cohort size", result.Error, StringComparison.Ordinal);
        Assert.Equal(Registry, Read("capabilities.json"));
    }

    [Fact]
    public void A_size_that_is_not_a_number_is_a_usage_error()
    {
        ToolResult result = Governance("tenants", "plan", "--size", "many");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Run 'governance --help' for usage.", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Real MSTest results (orders.read has a passing listing-leak isolation test), pointed at a copy of their test assembly in the repository.</summary>
    /// <summary>A lab's real TRX file (MSTest or xUnit) pointing at its lab assembly in this repository (not copied: gone).</summary>
    private void LabResults(string lab = "Mstest", bool copyAssembly = true)
    {
        string labs = repo.Combine("labs");
        Directory.CreateDirectory(labs);
        if (copyAssembly)
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "TenantData", lab + "Lab.dll"), Path.Combine(labs, lab + "Lab.dll"));
        }

        string trx = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TenantData", lab.ToLowerInvariant() + ".trx"));
        trx = Regex.Replace(trx, $"/work/trx-lab/{lab}Lab/bin/Debug/net10.0/", labs + "/", RegexOptions.IgnoreCase);
        Write($"artifacts/test-results/{lab.ToLowerInvariant()}.trx", trx);
    }
}
