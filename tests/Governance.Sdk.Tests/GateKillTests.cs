using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Governance.Core.IO;
using Governance.Core.Store;
using Governance.Core.Tests.Durability;
using Governance.Sdk.Tests.Infrastructure;

namespace Governance.Sdk.Tests;

/// <summary>
/// Black-box kills of <c>dotnet build -t:ReleaseGate</c>: the whole process group (the CLI, its
/// MSBuild nodes, the compiler) gets SIGKILL at moments spread over an uninterrupted build's
/// duration, measured first. After each kill every file Governance.Sdk writes (the gate's outputs
/// in artifacts/governance, the fragments under obj/**/governance) is whole, and the same build
/// run again leaves what the uninterrupted build left, byte for byte but for stamps. The same
/// checks follow crashes at the n-th atomic write of a build (fault points).
/// </summary>
[Collection(EndToEnd.Name)]
public class GateKillTests
{
    private const string Part = "release-gate-kills";
    private const string FaultPart = "release-gate-fault-points";

    /// <summary>SIGKILL as a .NET parent sees it on Unix: 128 + 9.</summary>
    private const int Killed = 137;

    /// <summary>The first atomic write of the build, one in the middle, and the rename of the last (the gate's own outputs come last).</summary>
    private static readonly string[] FaultPoints =
    {
        FaultPoint.AtomicFileTemporaryWritten + "@1", FaultPoint.AtomicFileTemporaryWritten + "@5", FaultPoint.AtomicFileRenamed + "@9",
    };

    /// <summary>Few, spread out: each costs a partial and a full build, within the CI budget (docs/durability.md).</summary>
    private const int Moments = 8;

    private static readonly DateTimeOffset CommitDate = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly SdkPackage sdk;

    public GateKillTests(SdkPackage sdk) => this.sdk = sdk;

    public static bool Ours(string relative) =>
        relative.StartsWith("artifacts/governance/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal) && relative.Contains("/governance/", StringComparison.Ordinal);

    [Fact]
    public void A_release_gate_killed_at_spread_out_moments_leaves_its_outputs_whole_and_the_same_build_converges()
    {
        // One decision clock for every run, as a CI re-run of the same job would record it.
        string now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        // Every run builds the same restored repository at the same path: the compiler embeds
        // paths in what it writes, and the gate records the digests of what it built.
        var template = new TestRepository(sdk, "GateKill").AddProject("Contoso.Core").AddProject("Contoso.Api", string.Empty, "Contoso.Core").WriteSolution();
        template.Commit(at: CommitDate);
        string work = template.Root + "-work";
        Copy(template.Root, work);
        BuildAssert.Succeeded(DotNet.Run(work, sdk.NuGetPackages, null, "restore", "GateKill.sln", "-nr:false", "-tl:off"));
        Directory.Delete(template.Root, recursive: true);
        Copy(work, template.Root);

        // A first build warms what every later one finds warm (the SDK's and the task assembly's
        // code, the disk cache), so the measured duration is the one the kills are spread over.
        (_, int warm, string warmOutput) = ProcessGroup.RunAndKillAfter(Gate(work, now), TimeSpan.FromMinutes(5));
        Assert.True(warm == 0, warmOutput);
        Directory.Delete(work, recursive: true);
        Copy(template.Root, work);
        var clock = Stopwatch.StartNew();
        (bool killedEarly, int exit, string output) = ProcessGroup.RunAndKillAfter(Gate(work, now), TimeSpan.FromMinutes(5));
        TimeSpan duration = clock.Elapsed;
        Assert.True(!killedEarly && exit == 0, output);
        SortedDictionary<string, string> expected = OutputSnapshot.Of(work, Ours);
        Assert.Contains("artifacts/governance/release_readiness_gate_report.json", expected.Keys);

        var failures = new List<string>();
        int killed = 0;
        for (int moment = 0; moment < Moments; moment++)
        {
            // Spread over the whole run, from early (evaluation, compiling) to late (the gate writing its outputs).
            var delay = TimeSpan.FromMilliseconds(duration.TotalMilliseconds * (moment + 0.5) / Moments);
            killed += Scenario(failures, Part, null, delay, template.Root, work, now, expected, duration, () => ProcessGroup.RunAndKillAfter(Gate(work, now), delay)) ? 1 : 0;
        }

        // A build that finishes before its kill proves nothing: most moments must really interrupt one.
        Assert.True(killed >= Moments / 2, $"only {killed} of {Moments} gate builds were killed before they finished");

        // The gate's own writes, crashed deterministically: one MSBuild node (-m:1), so the n-th
        // atomic write is the same file on every run (the first fragment, a digest cache, the
        // last gate output) and the process that dies is the build itself.
        foreach (string point in FaultPoints)
        {
            Scenario(failures, FaultPart, point, null, template.Root, work, now, expected, duration, () =>
            {
                ProcessStartInfo start = Gate(work, now, "-m:1");
                start.Environment[FaultPoint.Variable] = point;
                (_, int exit, string output) = ProcessGroup.RunAndKillAfter(start, TimeSpan.FromMinutes(5));
                return (exit == Killed, exit, output);
            });
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>One interrupted gate build on a fresh copy: interrupt it, check that every output there is whole, build again, compare; the result goes to the report. True when the build was killed (not finished first).</summary>
    private bool Scenario(List<string> failures, string part, string? point, TimeSpan? delay, string template, string work, string now,
        SortedDictionary<string, string> expected, TimeSpan duration, Func<(bool Killed, int Exit, string Output)> interrupt)
    {
        string outcome = "not-killed", invariants = "violated", rerun = "failed", detail = string.Empty;
        try
        {
            Directory.Delete(work, recursive: true);
            Copy(template, work);
            (bool killed, int killedExit, string killedOutput) = interrupt();
            outcome = killed ? "killed" : point is null ? "finished-before-kill" : "not-killed";
            Assert.True(point is null ? killed || killedExit == 0 : killed, $"exit {killedExit}: {killedOutput}");

            // Whole or absent: each output already there is the uninterrupted run's.
            SortedDictionary<string, string> partial = OutputSnapshot.Of(work, Ours);
            foreach (KeyValuePair<string, string> file in partial)
            {
                Assert.True(expected.TryGetValue(file.Key, out string? whole), $"{file.Key} was written by the killed build but not by the uninterrupted one");
                Assert.True(whole == file.Value, $"{file.Key} is torn or differs after the kill: {OutputSnapshot.Difference(new Dictionary<string, string> { [file.Key] = whole! }, new Dictionary<string, string> { [file.Key] = file.Value })}");
            }

            AssertStoreVerifies(work);
            int leftovers = OutputSnapshot.Leftovers(work, Ours);
            invariants = "held";

            (_, int again, string againOutput) = ProcessGroup.RunAndKillAfter(Gate(work, now), TimeSpan.FromMinutes(5));
            Assert.True(again == 0, againOutput);
            string? difference = OutputSnapshot.Difference(expected, OutputSnapshot.Of(work, Ours));
            Assert.True(difference is null, $"the re-run differs from the uninterrupted build: {difference}");
            AssertStoreVerifies(work);
            rerun = "converged";
            detail = $"{(killed ? "killed" : "ended")} with {partial.Count} of {expected.Count} outputs written, all whole; {leftovers} temporary file(s) left; the re-run's {expected.Count} outputs equal those of the uninterrupted build ({duration.TotalSeconds:F1} s)";
        }
        catch (Exception ex)
        {
            detail = ex.Message;
            failures.Add($"{point ?? $"at {delay?.TotalMilliseconds:F0} ms"}: {ex.Message}");
        }
        finally
        {
            DurabilityReport.Add(part, new DurabilityResult("dotnet build -t:ReleaseGate", point is null ? DurabilityResult.KillKind : DurabilityResult.FaultPointKind, point,
                delay is null ? null : (long)delay.Value.TotalMilliseconds, outcome, invariants, rerun, detail));
        }

        return outcome == "killed";
    }

    /// <summary>A copy of a repository, its git metadata and restore outputs included.</summary>
    private static void Copy(string from, string to)
    {
        foreach (string directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    /// <summary>The gate build, without a shared compiler server: a server outside the killed group would outlive the kill, one inside it would be another job's loss.</summary>
    private ProcessStartInfo Gate(string repository, string now, params string[] more) => DotNet.StartInfo("dotnet", repository, sdk.NuGetPackages, null, new[]
    {
        "build", "GateKill.sln", "--no-restore", "-t:ReleaseGate", "-nr:false", "-tl:off", "-p:UseSharedCompilation=false", "-p:GovernanceNow=" + now,
    }.Concat(more));

    private static void AssertStoreVerifies(string repository)
    {
        string store = Path.Combine(repository, ReleaseStoreFactory.DefaultRelativeLocation);
        if (Directory.Exists(store))
        {
            StoreAuditResult audit = StoreAudit.Verify(ReleaseStoreFactory.Open(store, repository));
            Assert.True(audit.Problems.Count == 0, string.Join(Environment.NewLine, audit.Problems.Select(p => p.Message)));
        }
    }
}
