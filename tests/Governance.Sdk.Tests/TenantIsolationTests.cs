using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Sdk.Tests.Infrastructure;

namespace Governance.Sdk.Tests;

/// <summary>
/// The same_tenant rollout through the real build: isolation tests in real xUnit and MSTest
/// projects, run by `dotnet test --logger trx` inside the test repository, their traits read from
/// the built test assemblies, and the gate's GOV6001–GOV6004, matrix, rollout page and replay.
/// </summary>
[Collection(EndToEnd.Name)]
public class TenantIsolationTests
{
    private const string Now = "-p:GovernanceNow=2026-11-26T00:00:00Z";

    private readonly SdkPackage sdk;

    public TenantIsolationTests(SdkPackage sdk) => this.sdk = sdk;

    private static string Policy(string extra = "") => $$"""
        {
          "policyVersion": "1",
          "gate": { "blockingBranches": ["main"], "allowOverrides": ["clock", "profile"] },
          "metrics": ["artifacts/test-results/*.trx"],
          "tenantIsolation": { "registry": "capabilities.json", "requiredCohorts": [1], "minCoverage": 1.0{{extra}} }
        }
        """;

    private const string XunitTests = """
        using Xunit;

        namespace Shop.Tests;

        public class OrderTests
        {
            [Fact]
            [Trait("Capability", "orders.read")]
            [Trait("Isolation", "cross-tenant-read")]
            public void Another_tenants_order_is_not_found() => Assert.True(true);
        }

        [Trait("Capability", "orders.write")]
        public class OrderWriteTests
        {
            [Fact]
            [Trait("Isolation", "cross-tenant-write")]
            public void Writing_into_another_tenant_is_refused() => Assert.True(true);
        }

        public class InvoiceTests
        {
            [Theory]
            [Trait("Capability", "invoices.list")]
            [Trait("Isolation", "listing-leak")]
            [InlineData(1)]
            [InlineData(2)]
            [InlineData(3)]
            public void Listing_shows_only_the_callers_invoices(int tenant) => Assert.NotEqual(2, tenant);
        }

        public class UnrelatedTests
        {
            [Fact]
            public void Arithmetic() => Assert.Equal(4, 2 + 2);
        }
        """;

    private static string Registry(int invoicesCohort, int othersCohort) => $$"""
        {
          "$schema": "schemas/governance-capabilities.schema.json",
          "capabilities": [
            { "id": "orders.read", "owner": "team-orders", "channel": "public", "risk": "high", "cohort": 1, "sameTenant": "enforced" },
            { "id": "orders.write", "owner": "team-orders", "channel": "partner", "risk": "medium", "cohort": 1, "sameTenant": "enforced" },
            { "id": "invoices.list", "owner": "team-billing", "channel": "public", "risk": "high", "cohort": {{invoicesCohort}}, "sameTenant": "enforced" },
            { "id": "payments.refund", "owner": "team-billing", "channel": "partner", "risk": "high", "cohort": {{othersCohort}}, "sameTenant": "pending" },
            { "id": "audit.log", "owner": "dev-a", "channel": "internal", "risk": "low", "cohort": {{othersCohort}}, "sameTenant": "exempt",
              "exemption": { "reason": "tenant-wide by design", "approvedBy": "Dev-A", "expires": "2027-01-01T00:00:00Z" } },
            { "id": "exports.run", "owner": "dev-b", "channel": "internal", "risk": "medium", "cohort": {{othersCohort}}, "sameTenant": "exempt",
              "exemption": { "reason": "migration", "approvedBy": "lead-c", "expires": "2026-11-01T00:00:00Z" } },
            { "id": "reports.share", "owner": "dev-b", "channel": "public", "risk": "low", "sameTenant": "pending" }
          ]
        }
        """;

    private TestRepository XunitRepository(string name)
    {
        var repo = new TestRepository(sdk, name, extraFeeds: TestRepository.MachinePackageFolder).AddProject("Shop");
        repo.Write("tests/Shop.Tests/Shop.Tests.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <IsPackable>false</IsPackable>
                <IsTestProject>true</IsTestProject>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                <PackageReference Include="xunit" Version="2.9.3" />
                <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
              </ItemGroup>
            </Project>
            """);
        repo.Write("tests/Shop.Tests/IsolationTests.cs", XunitTests);
        return repo;
    }

    private ProcessResult Test(TestRepository repo, string project) =>
        DotNet.Run(repo.Root, sdk.NuGetPackages, null, "test", project, "--logger", "trx", "--results-directory", "artifacts/test-results", "-nr:false", "-tl:off");

    private ProcessResult Gate(TestRepository repo, params string[] more) =>
        repo.Build(new[] { "src/Shop/Shop.csproj", "-t:ReleaseGate", Now }.Concat(more).ToArray());

    [Fact]
    public void Xunit_isolation_tests_prove_capabilities_and_each_gap_is_its_own_finding_in_the_matrix_the_rollout_and_the_replay()
    {
        TestRepository repo = XunitRepository("Tenants");
        repo.Write("governance.json", Policy());
        repo.Write("capabilities.json", Registry(invoicesCohort: 1, othersCohort: 1));
        repo.Commit();

        ProcessResult tests = Test(repo, "tests/Shop.Tests/Shop.Tests.csproj");
        Assert.True(tests.ExitCode != 0, "one theory row fails on purpose: " + tests);
        Assert.Matches(@"Failed:\s+1\b", tests.Output);
        ProcessResult gaps = Gate(repo);

        BuildAssert.Failed(gaps);
        BuildAssert.NoStackTrace(gaps);
        // A failing theory row fails its capability, named; the passing rows do not hide it.
        Assert.Contains("error GOV6002: Capability invoices.list (cohort 1, high risk, public, owner team-billing) is enforced, but its isolation test Shop.Tests.InvoiceTests.Listing_shows_only_the_callers_invoices(tenant: 2) failed.", gaps.Output);
        Assert.Contains("error GOV6001: Capability payments.refund (cohort 1, high risk, partner, owner team-billing) is in a required cohort, but its sameTenant is pending.", gaps.Output);
        // Self-approved (the owner in another letter case) and expired exemptions; low and medium risk, still failing under strict.
        Assert.Contains("error GOV6004: Capability audit.log (cohort 1, low risk, internal, owner dev-a) is exempt, but its exemption is approved by Dev-A, the capability's own owner (dev-a): someone else must approve it.", gaps.Output);
        Assert.Contains("error GOV6004: Capability exports.run (cohort 1, medium risk, internal, owner dev-b) is exempt, but its exemption expired at 2026-11-01T00:00:00Z (evaluated at 2026-11-26T00:00:00Z).", gaps.Output);
        Assert.Contains("error GOV6003: Tenant-isolation coverage is 33.3% (2 of 6 capabilities in cohort 1), below the policy's minCoverage 100%. Not covered: invoices.list, payments.refund, audit.log, exports.run.", gaps.Output);
        Assert.DoesNotContain("orders.read (", gaps.Output.Split('\n').Where(l => l.Contains("error GOV")).Aggregate("", (a, b) => a + b));

        using (JsonDocument report = repo.ReadReport())
        {
            JsonElement tenants = report.RootElement.GetProperty("tenants");
            Assert.Equal(6, tenants.GetProperty("required").GetInt32());
            Assert.Equal(2, tenants.GetProperty("covered").GetInt32());
            JsonElement[] cohorts = tenants.GetProperty("cohorts").EnumerateArray().ToArray();
            Assert.Equal(2, cohorts.Length);
            Assert.Equal(JsonValueKind.Null, cohorts[1].GetProperty("cohort").ValueKind);
            // The registry and the TRX file are evidence of the decision.
            JsonElement coverage = report.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "tenants:coverage");
            string[] evidence = coverage.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("path").GetString()!).ToArray();
            Assert.Equal("capabilities.json", evidence[0]);
            Assert.Contains(evidence, e => e.StartsWith("artifacts/test-results/", System.StringComparison.Ordinal) && e.EndsWith(".trx", System.StringComparison.Ordinal));
        }

        string lineage = File.ReadAllText(Path.Combine(repo.ArtifactsDirectory, "lineage.json"));
        Assert.Contains("\"from\": \"evidence:capabilities.json\"", lineage);
        Assert.Matches("\"from\": \"evidence:artifacts/test-results/[^\"]+\\.trx\",\\s+\"to\": \"check:tenants:coverage\"", lineage);

        using (JsonDocument matrix = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(repo.ArtifactsDirectory, "tenant-isolation-matrix.json"))))
        {
            JsonElement[] capabilities = matrix.RootElement.GetProperty("capabilities").EnumerateArray().ToArray();
            JsonElement write = capabilities.Single(c => c.GetProperty("id").GetString() == "orders.write");
            Assert.Equal("covered", write.GetProperty("state").GetString());
            // The class-level Capability trait applies to the method, which names its scenario.
            JsonElement scenario = write.GetProperty("scenarios").EnumerateArray().Single();
            Assert.Equal("cross-tenant-write", scenario.GetProperty("scenario").GetString());
            Assert.Equal("passed", scenario.GetProperty("tests").EnumerateArray().Single().GetProperty("outcome").GetString());
            JsonElement invoices = capabilities.Single(c => c.GetProperty("id").GetString() == "invoices.list");
            string[] outcomes = invoices.GetProperty("scenarios")[0].GetProperty("tests").EnumerateArray().Select(t => t.GetProperty("outcome").GetString()!).ToArray();
            Assert.Equal(new[] { "passed", "failed", "passed" }, outcomes);
            Assert.Equal("unproven", invoices.GetProperty("state").GetString());
            Assert.Equal("pending", capabilities.Single(c => c.GetProperty("id").GetString() == "reports.share").GetProperty("state").GetString());
        }

        // Only what is ready stays in cohort 1: go, and the rollout page shows both cohorts and the trend.
        repo.Write("capabilities.json", Registry(invoicesCohort: 2, othersCohort: 2));
        repo.Commit();
        ProcessResult go = Gate(repo, "-p:GovernanceGateNoBuild=true");

        BuildAssert.Succeeded(go);
        string rollout = File.ReadAllText(Path.Combine(repo.ArtifactsDirectory, "tenant-rollout.md"));
        Assert.Contains("| Coverage | 100% (2 of 2), target 100% |", rollout);
        Assert.Contains("| 1 | yes | 2 | 2 | 0 | 0 | 2 | 100% |", rollout);
        Assert.Contains("| 2 | no | 4 | 1 | 1 | 2 | 0 | 0% |", rollout);
        Assert.Contains("| unscheduled | no | 1 | 0 | 1 | 0 | 0 | 0% |", rollout);
        Assert.Contains("| #1 |", rollout);
        Assert.Contains("| this run |", rollout);
        Assert.Contains("Tenant isolation: 100% (2 of 2), target 100%", File.ReadAllText(Path.Combine(repo.ArtifactsDirectory, "summary.md")));

        // The operator's view: the same cohort table, and the next cohort planned into the registry.
        ProcessResult status = sdk.Governance(repo.Root, "tenants", "status");
        ProcessResult plan = sdk.Governance(repo.Root, "tenants", "plan", "--size", "5", "--write");

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.True(status.Output.Contains("| 1 | yes | 2 | 2 | 0 | 0 | 2 | 100% |"), status.ToString());
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.True(plan.Output.Contains("| 5 | reports.share | low | public | dev-b | – | low risk, public channel |"), plan.ToString());
        Assert.Contains("{ \"id\": \"reports.share\", \"cohort\": 2, \"owner\": \"dev-b\"", File.ReadAllText(repo.Path("capabilities.json")));

        // The evidence package holds the traits read, so the decision replays without the test assemblies.
        Directory.Delete(repo.Path("tests/Shop.Tests/bin"), recursive: true);
        ProcessResult replay = sdk.Governance(repo.Root, "replay", "artifacts/governance/release-evidence.zip");
        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Contains("no drift", replay.Output);

        // A run whose test assembly is gone cannot know which tests prove isolation: an error naming it.
        ProcessResult moved = Gate(repo, "-p:GovernanceGateNoBuild=true");

        BuildAssert.Failed(moved);
        BuildAssert.NoStackTrace(moved);
        Assert.Matches(@"error GOV1005: The test assembly tests/Shop\.Tests/bin/Debug/net10\.0/Shop\.Tests\.dll that artifacts/test-results/\S+\.trx names for 6 result\(s\) cannot be found", moved.Output);
    }

    [Fact]
    public void MSTest_categories_are_read_from_the_TRX_and_a_required_scenario_without_a_passing_test_is_named()
    {
        var repo = new TestRepository(sdk, "TenantsMSTest", machineSources: true).AddProject("Shop");
        repo.Write("tests/Shop.MSTests/Shop.MSTests.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <IsPackable>false</IsPackable>
                <IsTestProject>true</IsTestProject>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MSTest" Version="3.11.1" />
              </ItemGroup>
            </Project>
            """);
        repo.Write("tests/Shop.MSTests/IsolationTests.cs", """
            using Microsoft.VisualStudio.TestTools.UnitTesting;

            namespace Shop.MSTests;

            [TestClass]
            public class OrderTests
            {
                [TestMethod]
                [TestCategory("Capability=orders.read")]
                [TestCategory("Isolation=listing-leak")]
                public void Listing_is_scoped_to_the_tenant() { }

                [TestMethod]
                [TestCategory("Capability=orders.read")]
                [TestCategory("Isolation=cross-tenant-read")]
                [DataRow(1)]
                [DataRow(2)]
                public void Reads_are_scoped_to_the_tenant(int tenant) => Assert.AreNotEqual(2, tenant);
            }
            """);
        repo.Write("governance.json", Policy());
        repo.Write("capabilities.json", """
            { "capabilities": [
              { "id": "orders.read", "owner": "team-orders", "channel": "public", "risk": "high", "cohort": 1, "sameTenant": "enforced",
                "scenarios": ["listing-leak", "cross-tenant-read", "cross-tenant-write"] }
            ] }
            """);
        repo.Commit();

        ProcessResult tests = Test(repo, "tests/Shop.MSTests/Shop.MSTests.csproj");
        Assert.True(tests.ExitCode != 0, "one data row fails on purpose: " + tests);
        // MSTest writes its categories into the TRX: the gate needs no test assembly for them.
        Directory.Delete(repo.Path("tests/Shop.MSTests/bin"), recursive: true);
        ProcessResult gate = Gate(repo, "-p:GovernanceGateNoBuild=true");

        BuildAssert.Failed(gate);
        BuildAssert.NoStackTrace(gate);
        Assert.Contains("error GOV6002: Capability orders.read (cohort 1, high risk, public, owner team-orders) is enforced, but its isolation test Shop.MSTests.OrderTests.Reads_are_scoped_to_the_tenant (2) failed; it has no passing isolation test for the scenario cross-tenant-write it requires.", gate.Output);
        Assert.DoesNotContain("GOV1005", gate.Output);
        using JsonDocument matrix = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(repo.ArtifactsDirectory, "tenant-isolation-matrix.json")));
        JsonElement read = matrix.RootElement.GetProperty("capabilities")[0];
        Assert.Equal(new[] { "cross-tenant-write" }, read.GetProperty("scenariosMissing").EnumerateArray().Select(s => s.GetString()).ToArray());
        Assert.Equal(new[] { "cross-tenant-read", "listing-leak" }, read.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("scenario").GetString()).ToArray());
    }
}
