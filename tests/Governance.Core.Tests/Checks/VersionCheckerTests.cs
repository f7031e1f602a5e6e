using System.Collections.Generic;
using System.Linq;
using Governance.Core.Checks;
using Governance.Core.Evaluation;
using Governance.Core.Policy;
using Governance.Core.Store;
using Governance.Core.Store.FileSystem;

namespace Governance.Core.Tests.Checks;

public class VersionCheckerTests
{
    private static VersioningPolicy Policy(bool stable = false, string? baseline = null, Dictionary<string, string>? perPackage = null) =>
        new(stable, baseline, perPackage ?? new Dictionary<string, string>(System.StringComparer.OrdinalIgnoreCase), 4);

    private static CheckResult[] Check(string version, VersioningPolicy policy, GateMode mode = GateMode.Blocking, IReleaseStore? store = null, string? exemption = null) =>
        VersionChecker.Check(new[] { new GatePackage("Contoso.Lib", version, "/repo/src/Lib/Lib.csproj", "src/Lib/Lib.csproj") { Exemption = exemption } }, policy, "/repo/governance.json", mode, store).ToArray();

    [Theory]
    [InlineData("1.2.0-beta.1", GateMode.Blocking, CheckStatus.Fail)]
    [InlineData("1.2.0", GateMode.Blocking, CheckStatus.Pass)]
    [InlineData("1.2.0+sha.abc", GateMode.Blocking, CheckStatus.Pass)]
    [InlineData("1.2.0-beta.1", GateMode.Informational, CheckStatus.Pass)]
    public void Prereleases_fail_only_on_blocking_branches(string version, GateMode mode, CheckStatus expected)
    {
        CheckResult result = Assert.Single(Check(version, Policy(stable: true), mode));

        Assert.Equal(("GOV2201", expected), (result.Code, result.Status));
    }

    [Theory]
    [InlineData("1.2.3.4.5")]
    [InlineData("banana")]
    [InlineData("")]
    public void An_invalid_version_is_GOV2201_whatever_the_policy(string version)
    {
        CheckResult result = Assert.Single(Check(version, VersioningPolicy.None));

        Assert.Equal(("GOV2201", CheckStatus.Fail), (result.Code, result.Status));
        Assert.Contains("not a valid NuGet version", result.Message);
    }

    [Theory]
    [InlineData("1.4.0", "1.4.0", CheckStatus.Fail)]
    [InlineData("1.4.0.0", "1.4.0", CheckStatus.Fail)]
    [InlineData("1.4.0-rc.1", "1.4.0", CheckStatus.Fail)]
    [InlineData("1.4.1-alpha", "1.4.0", CheckStatus.Pass)]
    [InlineData("1.10.0", "1.9.0", CheckStatus.Pass)]
    public void The_version_must_exceed_the_baseline(string version, string baseline, CheckStatus expected)
    {
        CheckResult result = Assert.Single(Check(version, Policy(baseline: baseline)));

        Assert.Equal(("GOV2202", expected), (result.Code, result.Status));
    }

    [Fact]
    public void A_per_package_baseline_wins_over_the_general_one_and_ids_ignore_case()
    {
        var perPackage = new Dictionary<string, string>(System.StringComparer.OrdinalIgnoreCase) { ["contoso.lib"] = "2.0.0" };

        CheckResult result = Assert.Single(Check("2.0.0", Policy(baseline: "1.0.0", perPackage: perPackage)));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("2.0.0, the policy's baseline", result.Message);
    }

    [Fact]
    public void The_release_store_raises_the_floor_above_the_baseline()
    {
        using var dir = new TempDirectory();
        var store = new DirectoryReleaseStore(dir.Path);
        Governance.Core.Bundles.BundleRecords.Add(store, "Contoso.Lib", "1.3.0", new byte[] { 1 });
        Governance.Core.Bundles.BundleRecords.Add(store, "Contoso.Lib", "1.10.0", new byte[] { 2 });
        Governance.Core.Bundles.BundleRecords.Add(store, "Other", "9.0.0", new byte[] { 3 });

        CheckResult same = Assert.Single(Check("1.10.0", Policy(baseline: "1.0.0"), store: store));
        CheckResult higher = Assert.Single(Check("1.11.0", VersioningPolicy.None, store: store));

        Assert.Equal(("GOV2202", CheckStatus.Fail), (same.Code, same.Status));
        Assert.Contains("1.10.0, the last version of Contoso.Lib in the release store", same.Message);
        Assert.Equal(CheckStatus.Pass, higher.Status);
    }

    [Fact]
    public void An_invalid_baseline_is_a_configuration_error_at_the_policy()
    {
        CheckResult result = Assert.Single(Check("1.0.0", Policy(baseline: "one")));

        Assert.Equal(("GOV1002", CheckStatus.Error, 4), (result.Code, result.Status, result.Locations[0].Line));
    }

    [Fact]
    public void Without_a_versioning_policy_or_store_a_valid_version_adds_nothing()
    {
        Assert.Empty(Check("1.0.0-beta", VersioningPolicy.None));
    }

    [Theory]
    [InlineData("test project")]
    [InlineData("application")]
    [InlineData("GovernanceVersionPolicy=false")]
    public void An_exempt_package_never_released_is_one_notice_naming_why(string exemption)
    {
        CheckResult result = Assert.Single(Check("0.1.0-dev", Policy(stable: true, baseline: "1.0.0"), exemption: exemption));

        Assert.Equal(("GOV0002", CheckStatus.Pass, "version:exempt"), (result.Code, result.Status, result.Id));
        Assert.Contains($"Contoso.Lib ({exemption})", result.Message);
        Assert.Equal("/repo/src/Lib/Lib.csproj", Assert.Single(result.Locations).Path);
    }

    [Fact]
    public void An_exempt_package_the_store_has_released_is_held_to_the_floor_but_may_be_a_prerelease()
    {
        using var dir = new TempDirectory();
        var store = new DirectoryReleaseStore(dir.Path);
        Governance.Core.Bundles.BundleRecords.Add(store, "Contoso.Lib", "1.3.0", new byte[] { 1 });

        CheckResult again = Assert.Single(Check("1.3.0", Policy(stable: true), store: store, exemption: "GovernanceVersionPolicy=false"));
        CheckResult prerelease = Assert.Single(Check("1.4.0-beta", Policy(stable: true), store: store, exemption: "GovernanceVersionPolicy=false"));

        Assert.Equal(("GOV2202", CheckStatus.Fail), (again.Code, again.Status));
        Assert.Equal(("GOV2202", CheckStatus.Pass), (prerelease.Code, prerelease.Status));
    }

    [Fact]
    public void An_exempt_package_the_policy_names_is_held_to_its_own_baseline_only()
    {
        var perPackage = new Dictionary<string, string>(System.StringComparer.OrdinalIgnoreCase) { ["Contoso.Lib"] = "2.0.0" };

        CheckResult named = Assert.Single(Check("2.0.0", Policy(baseline: "1.0.0", perPackage: perPackage), exemption: "application"));
        CheckResult unnamed = Assert.Single(Check("0.5.0", Policy(baseline: "1.0.0"), exemption: "application"));

        Assert.Equal(("GOV2202", CheckStatus.Fail), (named.Code, named.Status));
        Assert.Equal("GOV0002", unnamed.Code);
    }

    /// <summary>The floor is kept per major (contract section 8): servicing 1.x after 2.0.0 is allowed, reusing a 1.x version is not.</summary>
    [Theory]
    [InlineData("1.4.1", CheckStatus.Pass, "greater than 1.4.0, the last version of Contoso.Lib in the release store with major version 1")]
    [InlineData("1.4.0", CheckStatus.Fail, "not greater than 1.4.0, the last version of Contoso.Lib in the release store with major version 1")]
    [InlineData("1.3.9", CheckStatus.Fail, "not greater than 1.4.0")]
    [InlineData("2.0.1", CheckStatus.Pass, "greater than 2.0.0, the last version of Contoso.Lib in the release store.")]
    [InlineData("2.0.0", CheckStatus.Fail, "not greater than 2.0.0")]
    [InlineData("3.0.0", CheckStatus.Pass, "the first 3.x version: the release store holds Contoso.Lib only in other major versions (the last: 2.0.0)")]
    [InlineData("0.9.0", CheckStatus.Pass, "the first 0.x version")]
    public void The_store_floor_is_kept_per_major_version(string version, CheckStatus expected, string message)
    {
        using var dir = new TempDirectory();
        var store = new DirectoryReleaseStore(dir.Path);
        Governance.Core.Bundles.BundleRecords.Add(store, "Contoso.Lib", "1.3.0", new byte[] { 1 });
        Governance.Core.Bundles.BundleRecords.Add(store, "Contoso.Lib", "1.4.0", new byte[] { 2 });
        Governance.Core.Bundles.BundleRecords.Add(store, "Contoso.Lib", "2.0.0", new byte[] { 3 });

        CheckResult result = Assert.Single(Check(version, VersioningPolicy.None, store: store));

        Assert.Equal(("GOV2202", expected), (result.Code, result.Status));
        Assert.Contains(message, result.Message);
    }

    /// <summary>A baseline is the floor of its own major and of later ones; a version of an earlier major services that major.</summary>
    [Theory]
    [InlineData("2.0.0", CheckStatus.Fail, "not greater than 2.0.0, the policy's baseline")]
    [InlineData("2.1.0", CheckStatus.Pass, "greater than 2.0.0, the policy's baseline")]
    [InlineData("3.0.0", CheckStatus.Pass, "greater than 2.0.0, the policy's baseline")]
    [InlineData("1.9.0", CheckStatus.Pass, "the first 1.x version: the policy's baseline 2.0.0 is of a later major version")]
    public void The_baseline_is_the_floor_of_its_major_and_later_ones(string version, CheckStatus expected, string message)
    {
        CheckResult result = Assert.Single(Check(version, Policy(baseline: "2.0.0")));

        Assert.Equal(("GOV2202", expected), (result.Code, result.Status));
        Assert.Contains(message, result.Message);
    }

    [Fact]
    public void A_servicing_version_must_exceed_both_the_baseline_and_the_store_of_its_major()
    {
        using var dir = new TempDirectory();
        var store = new DirectoryReleaseStore(dir.Path);
        Governance.Core.Bundles.BundleRecords.Add(store, "Contoso.Lib", "1.2.0", new byte[] { 1 });
        Governance.Core.Bundles.BundleRecords.Add(store, "Contoso.Lib", "2.0.0", new byte[] { 2 });

        CheckResult belowBaseline = Assert.Single(Check("1.3.0", Policy(baseline: "1.5.0"), store: store));
        CheckResult belowStore = Assert.Single(Check("1.1.0", Policy(baseline: "1.0.0"), store: store));
        CheckResult above = Assert.Single(Check("1.5.1", Policy(baseline: "1.5.0"), store: store));

        Assert.Equal(CheckStatus.Fail, belowBaseline.Status);
        Assert.Contains("1.5.0, the policy's baseline", belowBaseline.Message);
        Assert.Equal(CheckStatus.Fail, belowStore.Status);
        Assert.Contains("1.2.0, the last version of Contoso.Lib in the release store with major version 1", belowStore.Message);
        Assert.Equal(CheckStatus.Pass, above.Status);
    }
}
