using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Core.IO;
using Governance.Core.Tests.Durability;
using Governance.Sdk.Tests.Infrastructure;

namespace Governance.Sdk.Tests;

/// <summary>
/// <c>governance promote</c> and <c>rollback</c> crashed at each of their fault points, and
/// <c>promote</c> killed (its whole process group, the canary included) at moments spread over an
/// uninterrupted promotion. Every environment here has a feed of its own, so each interrupted
/// promotion is compared with an uninterrupted one of the same release: after the crash the store
/// verifies and no package on the feed is torn; after the same command is run again, the
/// environment's state (current versions, manifest digests, ledger length) and its feed are those
/// of the uninterrupted promotion.
/// </summary>
[Collection(EndToEnd.Name)]
public class PromotionDurabilityTests
{
    private const string FaultPart = "promotion-fault-points";
    private const string KillPart = "promote-kills";
    private const string Bundle1 = "out1/Contoso.Core.1.2.0.bundle.json";
    private const string Bundle2 = "out2/Contoso.Core.1.3.0.bundle.json";

    /// <summary>Promotion is quick; more moments than for a build still cost little.</summary>
    private const int Moments = 8;

    /// <summary>SIGKILL as a .NET parent sees it on Unix: 128 + 9.</summary>
    private const int Killed = 137;

    private static readonly string[] PromotePoints =
    {
        FaultPoint.PromoteStarted, FaultPoint.PromoteRecorded, FaultPoint.FolderFeedCopied, FaultPoint.PromotePublished,
        FaultPoint.PromoteCanaryPassed, FaultPoint.StreamAppended + "@2",
    };

    private readonly SdkPackage sdk;

    public PromotionDurabilityTests(SdkPackage sdk) => this.sdk = sdk;

    [Fact]
    public void Promote_and_rollback_crashed_at_each_fault_point_or_killed_at_any_moment_converge_when_run_again()
    {
        string[] kills = Enumerable.Range(0, Moments).Select(i => "kill-" + i).ToArray();
        string[] faults = PromotePoints.Select((_, i) => "fault-" + i).ToArray();
        var repo = new TestRepository(sdk, "Durable").AddProject("Contoso.Core").WriteSolution();
        string environments = string.Join(",\n", new[] { "clean", "clean-timed", "rollback-clean", "rollback-crash" }.Concat(faults).Concat(kills)
            .Select(e => $$"""{ "name": "{{e}}", "feed": "feeds/{{e}}", "checks": [ { "command": "test -n \"$GOVERNANCE_PACKAGES\"" } ] }"""));
        repo.Write("governance.json", $$"""
            {
              "policyVersion": "1",
              "gate": { "blockingBranches": ["main"] },
              "environments": [ {{environments}} ]
            }
            """);
        GateAndPack(repo, "out1");
        repo.Write("src/Contoso.Core/Contoso.Core.csproj", File.ReadAllText(repo.Path("src/Contoso.Core/Contoso.Core.csproj")).Replace("<Version>1.2.0</Version>", "<Version>1.3.0</Version>", StringComparison.Ordinal));
        GateAndPack(repo, "out2");

        // The uninterrupted promotion every interrupted one is compared with, timed for the kills
        // after a dry run has warmed what every later process finds warm. Timed twice, and the
        // shorter kept: a busy machine during one timing would put every kill after the promotion ends.
        Succeeded(sdk.Governance(repo.Root, "promote", Bundle2, "--to", "clean", "--dry-run"));
        var clock = Stopwatch.StartNew();
        Succeeded(Promote(repo, Bundle2, "clean"));
        TimeSpan duration = clock.Elapsed;
        clock.Restart();
        Succeeded(Promote(repo, Bundle2, "clean-timed"));
        duration = clock.Elapsed < duration ? clock.Elapsed : duration;
        EnvironmentObservation expected = Observe(repo, "clean");

        var failures = new List<string>();
        for (int i = 0; i < PromotePoints.Length; i++)
        {
            string point = PromotePoints[i];
            Scenario(failures, FaultPart, "governance promote", point, null, repo, faults[i], expected, () =>
            {
                int exit = sdk.Governance(Fault(point), repo.Root, "promote", Bundle2, "--to", faults[i]).ExitCode;
                return exit == Killed;
            }, () => Succeeded(Promote(repo, Bundle2, faults[i])));
        }

        // Rollback: 1.2.0 then 1.3.0 current, back to 1.2.0; crashed after re-publishing, before its ledger entry.
        foreach (string environment in new[] { "rollback-clean", "rollback-crash" })
        {
            Succeeded(Promote(repo, Bundle1, environment));
            Succeeded(Promote(repo, Bundle2, environment));
        }

        Succeeded(sdk.Governance(repo.Root, "rollback", "--env", "rollback-clean"));
        EnvironmentObservation rolledBack = Observe(repo, "rollback-clean");
        Scenario(failures, FaultPart, "governance rollback", FaultPoint.RollbackRepublished, null, repo, "rollback-crash", rolledBack,
            () => sdk.Governance(Fault(FaultPoint.RollbackRepublished), repo.Root, "rollback", "--env", "rollback-crash").ExitCode == Killed,
            () => Succeeded(sdk.Governance(repo.Root, "rollback", "--env", "rollback-crash")));

        // Black-box: the promotion's whole process group killed at moments spread over its duration.
        int killedMoments = 0;
        for (int i = 0; i < Moments; i++)
        {
            string environment = kills[i];
            var delay = TimeSpan.FromMilliseconds(duration.TotalMilliseconds * (i + 0.5) / Moments);
            killedMoments += Scenario(failures, KillPart, "governance promote", null, delay, repo, environment, expected, () =>
            {
                (bool killed, int exit, string output) = ProcessGroup.RunAndKillAfter(
                    DotNet.StartInfo(Path.Combine(sdk.ToolPath, "governance"), repo.Root, sdk.NuGetPackages, null, new[] { "promote", Bundle2, "--to", environment }), delay);
                Assert.True(killed || exit == 0, output);
                return killed;
            }, () => Succeeded(Promote(repo, Bundle2, environment))) ? 1 : 0;
        }

        // A promotion that finishes before its kill proves nothing: most moments must really interrupt one.
        Assert.True(killedMoments >= Moments / 2, $"only {killedMoments} of {Moments} promotions were killed before they finished");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>One interrupted run: interrupt it, check the invariants, run it again, compare; the result goes to the report.</summary>
    private bool Scenario(List<string> failures, string part, string command, string? point, TimeSpan? delay, TestRepository repo, string environment, EnvironmentObservation expected, Func<bool> interrupt, Action again)
    {
        string outcome = "not-killed", invariants = "violated", rerun = "failed", detail = string.Empty;
        try
        {
            bool killed = interrupt();
            outcome = killed ? "killed" : point is null ? "finished-before-kill" : "not-killed";
            Assert.True(killed || point is null, $"the process did not die at {point}");

            // The store verifies and the state reads; every package on the feed is a whole one of this release.
            ProcessResult verify = sdk.Governance(repo.Root, "store", "verify");
            Assert.True(verify.ExitCode == 0, verify.ToString());
            Assert.True(sdk.Governance(repo.Root, "status", "--env", environment, "--json").ExitCode == 0, "status does not read after the crash");
            string feed = repo.Path("feeds/" + environment);
            SortedDictionary<string, string> published = OutputSnapshot.Of(feed, _ => true);
            // Whole: bytes the uninterrupted run's feed holds too (perhaps elsewhere: a package
            // a rollback unlists is still listed if it was killed before unlisting).
            foreach (KeyValuePair<string, string> file in published)
            {
                Assert.True(expected.Feed.ContainsValue(file.Value), $"{file.Key} on the feed is torn or not the release's after the crash");
            }

            int leftovers = OutputSnapshot.Leftovers(feed, _ => true) + OutputSnapshot.Leftovers(repo.Path(".governance/store"), _ => true);
            invariants = "held";

            again();
            EnvironmentObservation actual = Observe(repo, environment);
            Assert.True(expected.State == actual.State, $"the state of '{environment}' after the re-run is {actual.State}, not {expected.State}");
            string? difference = OutputSnapshot.Difference(expected.Feed, actual.Feed);
            Assert.True(difference is null, $"the feed of '{environment}' after the re-run differs: {difference}");
            rerun = "converged";
            detail = $"'{environment}' after the crash: store verified, {published.Count} whole package file(s) on the feed, {leftovers} temporary file(s) left; after the re-run: {actual.State}, the feed as an uninterrupted run's";
        }
        catch (Exception ex)
        {
            detail = ex.Message;
            failures.Add($"{command} {point ?? $"killed at {delay?.TotalMilliseconds:F0} ms"} ('{environment}'): {ex.Message}");
        }
        finally
        {
            DurabilityReport.Add(part, new DurabilityResult(command, point is null ? DurabilityResult.KillKind : DurabilityResult.FaultPointKind, point, delay is null ? null : (long)delay.Value.TotalMilliseconds, outcome, invariants, rerun, detail));
        }

        return outcome == "killed";
    }

    /// <summary>What an environment holds: its state as status reports it (without stamps, signatures or who) and its feed's files.</summary>
    private EnvironmentObservation Observe(TestRepository repo, string environment)
    {
        ProcessResult status = sdk.Governance(repo.Root, "status", "--env", environment, "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        using JsonDocument json = JsonDocument.Parse(status.Output);
        JsonElement env = json.RootElement.GetProperty("environments")[0];
        JsonElement ledger = env.GetProperty("ledger");
        string tracks = string.Join("; ", env.GetProperty("tracks").EnumerateArray().Select(t =>
            $"{t.GetProperty("track").GetString()} {t.GetProperty("version").GetString()} {t.GetProperty("manifestSha256").GetString()} #{t.GetProperty("sequence").GetInt64()}"));
        string state = $"ledger of {ledger.GetProperty("length").GetInt64()} entries (verified: {ledger.GetProperty("verified").GetBoolean()}), current: {tracks}, interrupted: {env.GetProperty("interrupted").GetArrayLength()}";
        return new EnvironmentObservation(state, OutputSnapshot.Of(repo.Path("feeds/" + environment), _ => true));
    }

    private ProcessResult Promote(TestRepository repo, string bundle, string environment) => sdk.Governance(repo.Root, "promote", bundle, "--to", environment);

    private static Dictionary<string, string> Fault(string point) => new() { [FaultPoint.Variable] = point };

    private static void Succeeded(ProcessResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    private void GateAndPack(TestRepository repo, string output)
    {
        repo.Commit();
        BuildAssert.Succeeded(repo.Build("Durable.sln", "-t:ReleaseGate"));
        BuildAssert.Succeeded(DotNet.Run(repo.Root, sdk.NuGetPackages, null, "pack", "Durable.sln", "-c", "Debug", "--no-build", "-o", output, "-nr:false", "-tl:off"));
    }
}
