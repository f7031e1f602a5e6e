using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using Governance.Core.Json;
using Governance.Core.Policy;
using Governance.Core.Releases;
using Governance.Core.Store;
using static Governance.Core.Tests.Releases.ReleaseFixtures;

namespace Governance.Core.Tests.Releases;

/// <summary>
/// <c>governance status</c> (contract section 9): per environment and track what is current,
/// interrupted promotions, each ledger's length, head and verification, the lineage edges; the JSON
/// satisfies <c>schemas/governance-status.schema.json</c> and is the same bytes for the same ledgers.
/// </summary>
public sealed class StatusTests : IDisposable
{
    private readonly TempDirectory dir = new();

    private readonly GovernancePolicy policy = new()
    {
        Environments = new[] { new EnvironmentPolicy("dev", 1), new EnvironmentPolicy("staging", 2) { After = "dev" }, new EnvironmentPolicy("prod", 3) { After = "staging" } },
    };

    private void History()
    {
        Release r1 = Release(Bundle("Contoso.Core", "1.0.0"), Bundle("Contoso.Data", "1.0.0"));
        Release r2 = Release(Bundle("Contoso.Core", "1.1.0"), Bundle("Contoso.Data", "1.1.0"));
        Release service = Release("Contoso.Core", "2.0.0");
        IReleaseStore store = OpenStore(dir);
        AppendAll(store, "dev", Entry(LedgerAction.Promote, r1, 0), Entry(LedgerAction.Promote, r2, 10), Entry(LedgerAction.Promote, service, 11));
        AppendAll(store, "staging", Entry(LedgerAction.Promote, r1, 20), Entry(LedgerAction.Promote, r2, 30, by: "dev-a"), Entry(LedgerAction.Rollback, r1, 40, by: "oncall"),
            Entry(LedgerAction.PromoteStarted, service, 50));
    }

    [Fact]
    public void Status_shows_what_runs_where_and_its_json_satisfies_the_schema_byte_for_byte_the_same_each_time()
    {
        History();
        ReleaseStatus status = ReleaseStatus.Read(OpenStore(dir), policy)!;

        Assert.True(status.IsVerified);
        Assert.Equal(new[] { "dev", "staging", "prod" }, status.Environments.Select(e => e.Policy.Name));
        EnvironmentState staging = status.Environments[1].State;
        Assert.Equal(new[] { "Contoso.Core 1.0.0", "Contoso.Data 1.0.0" }, staging.Current.Select(c => c.Bundle.ToString()));
        Assert.All(staging.Current, c => Assert.Equal("oncall", c.By));
        Assert.Equal("Contoso.Core 2.0.0", Assert.Single(staging.Interrupted).Release.ToString());
        Assert.Equal(4, staging.Ledger.Entries.Count);
        Assert.Empty(status.Environments[2].State.Current);

        byte[] json = StatusJson.Write(status, lineage: true);
        Assert.Equal(json, StatusJson.Write(ReleaseStatus.Read(OpenStore(dir), policy)!, lineage: true));
        string text = Encoding.UTF8.GetString(json);
        Assert.Empty(SchemaValidator.Validate("status.json", text, StatusJson.SchemaFileName));
        Assert.NotEmpty(SchemaValidator.Validate("status.json", text.Replace("\"track\": \"contoso.core@1\"", "\"track\": \"contoso.core\""), StatusJson.SchemaFileName));

        using JsonDocument document = JsonDocument.Parse(text);
        JsonElement stagingJson = document.RootElement.GetProperty("environments")[1];
        Assert.Equal("dev", stagingJson.GetProperty("after").GetString());
        Assert.Equal(4, stagingJson.GetProperty("ledger").GetProperty("length").GetInt32());
        Assert.Equal(staging.Ledger.Newest!.Digest, stagingJson.GetProperty("ledger").GetProperty("head").GetString());
        JsonElement core = stagingJson.GetProperty("tracks")[0];
        Assert.Equal("contoso.core@1", core.GetProperty("track").GetString());
        Assert.Equal("1.0.0", core.GetProperty("version").GetString());
        Assert.Equal(Bundle("Contoso.Core", "1.0.0").ManifestSha256, core.GetProperty("manifestSha256").GetString());
        Assert.Equal("2026-11-02T09:40:00Z", core.GetProperty("since").GetString());
        Assert.Equal(
            new[] { "promoted dev", "promoted dev", "promoted dev", "promoted dev", "promoted dev", "promoted staging", "promoted staging", "promoted staging", "promoted staging", "rolledBack staging", "rolledBack staging" },
            document.RootElement.GetProperty("lineage").EnumerateArray().Select(e => e.GetProperty("kind").GetString() + " " + e.GetProperty("environment").GetString()));

        Assert.False(JsonDocument.Parse(StatusJson.Write(status)).RootElement.TryGetProperty("lineage", out _));
    }

    [Fact]
    public void A_tampered_ledger_shows_as_unverified_with_its_problem_and_the_json_still_satisfies_the_schema()
    {
        History();
        string file = EntryFile(dir, "staging", 2);
        System.IO.File.WriteAllText(file, System.IO.File.ReadAllText(file).Replace("dev-a", "dev-b"));

        ReleaseStatus status = ReleaseStatus.Read(OpenStore(dir), policy)!;
        Assert.False(status.IsVerified);
        Assert.Equal("GOV7003", Assert.Single(status.Problems).Code);

        string text = Encoding.UTF8.GetString(StatusJson.Write(status));
        Assert.Empty(SchemaValidator.Validate("status.json", text, StatusJson.SchemaFileName));
        using JsonDocument document = JsonDocument.Parse(text);
        Assert.False(document.RootElement.GetProperty("verified").GetBoolean());
        JsonElement ledger = document.RootElement.GetProperty("environments")[1].GetProperty("ledger");
        Assert.Equal(1, ledger.GetProperty("length").GetInt32());
        Assert.Equal("GOV7003", ledger.GetProperty("problem").GetProperty("code").GetString());
    }

    [Fact]
    public void Status_of_one_environment_or_of_an_unknown_one()
    {
        History();
        Assert.Equal("staging", Assert.Single(ReleaseStatus.Read(OpenStore(dir), policy, "Staging")!.Environments).Policy.Name);
        Assert.Null(ReleaseStatus.Read(OpenStore(dir), policy, "qa"));
    }

    public void Dispose() => dir.Dispose();
}
