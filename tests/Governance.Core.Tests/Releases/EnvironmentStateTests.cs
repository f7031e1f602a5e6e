using System;
using System.Linq;
using Governance.Core.Releases;
using Governance.Core.Store;
using static Governance.Core.Tests.Releases.ReleaseFixtures;

namespace Governance.Core.Tests.Releases;

/// <summary>
/// The state an environment's ledger describes (contract section 9): current per track, interrupted
/// promotions, what was ever current and rolled back from, the last known good, over long histories
/// written to a real ledger and read back.
/// </summary>
public sealed class EnvironmentStateTests : IDisposable
{
    private readonly TempDirectory dir = new();

    private EnvironmentState Write(params LedgerEntry[] entries)
    {
        IReleaseStore store = OpenStore(dir);
        AppendAll(store, "prod", entries);
        return EnvironmentState.From(Ledger.Read(OpenStore(dir), "prod"));
    }

    [Fact]
    public void Promote_fail_rollback_and_promote_again_leave_the_right_current_release_and_last_known_good()
    {
        Release a = Release("Contoso.Core", "1.0.0"), b = Release("Contoso.Core", "1.1.0"), c = Release("Contoso.Core", "1.2.0"),
            d = Release("Contoso.Core", "1.3.0"), e = Release("Contoso.Core", "1.4.0");
        EnvironmentState state = Write(
            Entry(LedgerAction.PromoteStarted, a, 0), Entry(LedgerAction.Promote, a, 1),
            Entry(LedgerAction.PromoteStarted, b, 10), Entry(LedgerAction.PromoteFailed, b, 11),
            Entry(LedgerAction.PromoteStarted, c, 20), Entry(LedgerAction.Promote, c, 21, by: "dev-a"),
            Entry(LedgerAction.Rollback, a, 30, by: "oncall"),
            Entry(LedgerAction.PromoteStarted, d, 40));

        Assert.True(state.IsVerified);
        CurrentRelease core = Assert.Single(state.Current);
        Assert.Equal(a, core.Release);
        Assert.Equal("Contoso.Core@1", core.Track.ToString());
        Assert.Equal(T0.AddMinutes(30), core.Since);
        Assert.Equal("oncall", core.By);
        Assert.Equal(7, core.Sequence);

        InterruptedPromotion interrupted = Assert.Single(state.Interrupted);
        Assert.Equal(d, interrupted.Release);
        Assert.Equal(8, interrupted.Sequence);

        Assert.Equal(new[] { c, a }, state.EverCurrent.Select(h => h.Release));
        Assert.True(state.HistoryOf(c.Id)!.RolledBackFrom);
        Assert.False(state.HistoryOf(a.Id)!.RolledBackFrom);
        Assert.Equal(T0.AddMinutes(1), state.HistoryOf(a.Id)!.FirstCurrentAt);
        Assert.Null(state.HistoryOf(b.Id));
        Assert.True(state.HoldsOrHeld(a.Id));
        Assert.False(state.HoldsOrHeld(b.Id));
        Assert.False(state.HoldsOrHeld(c.Id));

        // The only other release ever current was rolled back from: nothing to go back to.
        LastKnownGood none = state.LastKnownGood();
        Assert.Null(none.Target);
        Assert.Equal("GOV7009", none.Problem!.Code);
        Assert.Contains("is current now or was rolled back from; promote a fixed release instead", none.Problem.Message);

        // Promote again: the one before is the last known good, the rolled-back one never is.
        EnvironmentState after = Write(Entry(LedgerAction.Promote, d, 50), Entry(LedgerAction.PromoteStarted, e, 60), Entry(LedgerAction.Promote, e, 61));
        Assert.Equal(e, Assert.Single(after.Current).Release);
        Assert.Empty(after.Interrupted);
        Assert.Equal(d, after.LastKnownGood().Target!.Release);
        Assert.Equal(a, after.LastKnownGood(toVersion: "1.0.0").Target!.Release);
        Assert.Equal(a, after.LastKnownGood("contoso.core", 1, "1.0").Target!.Release);

        LastKnownGood rolledBack = after.LastKnownGood(toVersion: "1.2.0");
        Assert.Null(rolledBack.Target);
        Assert.Contains("Contoso.Core 1.2.0 was rolled back from there (2026-11-02T09:30:00Z), so it is not known good", rolledBack.Problem!.Message);
        Assert.Contains("Contoso.Core 1.3.0; Contoso.Core 1.0.0 are", rolledBack.Problem.Message);

        Assert.Contains("Contoso.Core 1.4.0 is current there now", after.LastKnownGood(toVersion: "1.4.0").Problem!.Message);
        Assert.Contains("no release with version 1.1.0 was ever current", after.LastKnownGood(toVersion: "1.1.0").Problem!.Message);
        Assert.Contains("'one' is not a NuGet version", after.LastKnownGood(toVersion: "one").Problem!.Message);
    }

    [Fact]
    public void Servicing_tracks_of_one_package_are_independent()
    {
        Release v1 = Release("Contoso.Core", "1.4.0"), v2 = Release("Contoso.Core", "2.0.0"), v21 = Release("Contoso.Core", "2.1.0"), v141 = Release("Contoso.Core", "1.4.1");
        EnvironmentState state = Write(
            Entry(LedgerAction.Promote, v1, 0), Entry(LedgerAction.Promote, v2, 1), Entry(LedgerAction.Promote, v21, 2),
            Entry(LedgerAction.Promote, v141, 3));

        Assert.Equal(new[] { "Contoso.Core 1.4.1", "Contoso.Core 2.1.0" }, state.Current.Select(c => c.Bundle.ToString()));
        Assert.Equal(v21, state.CurrentOn(new ReleaseTrack("CONTOSO.CORE", 2))!.Release);

        // Without a track the newest not current anywhere; with one, that track's.
        Assert.Equal(v2, state.LastKnownGood().Target!.Release);
        Assert.Equal(v1, state.LastKnownGood("Contoso.Core", 1).Target!.Release);
        Assert.Equal(v2, state.LastKnownGood("Contoso.Core", 2).Target!.Release);
        Assert.Contains("no release was ever current in the track Contoso.Core@3 of 'prod'", state.LastKnownGood("Contoso.Core", 3).Problem!.Message);

        // Rolling the 2.x track back leaves 1.x where it is.
        EnvironmentState rolled = Write(Entry(LedgerAction.Rollback, v2, 4));
        Assert.Equal(new[] { "Contoso.Core 1.4.1", "Contoso.Core 2.0.0" }, rolled.Current.Select(c => c.Bundle.ToString()));
        Assert.True(rolled.HistoryOf(v21.Id)!.RolledBackFrom);
        Assert.False(rolled.HistoryOf(v141.Id)!.RolledBackFrom);
        Assert.Equal(v1, rolled.LastKnownGood("Contoso.Core", 1).Target!.Release);
        Assert.Null(rolled.LastKnownGood("Contoso.Core", 2).Target);
    }

    [Fact]
    public void A_multi_package_release_moves_and_rolls_back_as_one_and_leaves_lineage_edges()
    {
        Release r1 = Release(Bundle("Contoso.Core", "1.0.0"), Bundle("Contoso.Data", "1.0.0"));
        Release r2 = Release(Bundle("Contoso.Core", "1.1.0"), Bundle("Contoso.Data", "1.1.0"));
        Release web = Release("Contoso.Web", "3.0.0");
        EnvironmentState state = Write(
            Entry(LedgerAction.Promote, r1, 0), Entry(LedgerAction.Promote, web, 1), Entry(LedgerAction.Promote, r2, 2), Entry(LedgerAction.Rollback, r1, 3));

        Assert.Equal(new[] { "Contoso.Core 1.0.0", "Contoso.Data 1.0.0", "Contoso.Web 3.0.0" }, state.Current.Select(c => c.Bundle.ToString()));
        Assert.True(state.IsCurrent(r1.Id));
        Assert.False(state.IsCurrent(r2.Id));
        Assert.True(state.HistoryOf(r2.Id)!.RolledBackFrom);
        Assert.Null(state.LastKnownGood("Contoso.Data").Target);

        Assert.Equal(
            new[]
            {
                "Promoted Contoso.Core 1.0.0 @1", "Promoted Contoso.Data 1.0.0 @1", "Promoted Contoso.Web 3.0.0 @2",
                "Promoted Contoso.Core 1.1.0 @3", "Promoted Contoso.Data 1.1.0 @3", "RolledBack Contoso.Core 1.1.0 @4", "RolledBack Contoso.Data 1.1.0 @4",
            },
            state.Edges.Select(e => $"{e.Kind} {e.Bundle} @{e.Sequence}"));
        Assert.All(state.Edges, e => Assert.Equal(e.Bundle.ManifestSha256, e.ManifestSha256));
        Assert.All(state.Edges, e => Assert.Equal("prod", e.Environment));
    }

    [Fact]
    public void A_release_current_on_only_part_of_its_tracks_is_still_current_and_no_rollback_target()
    {
        Release r1 = Release(Bundle("Contoso.Core", "1.0.0"), Bundle("Contoso.Data", "1.0.0"));
        Release core = Release("Contoso.Core", "1.0.1");
        EnvironmentState state = Write(Entry(LedgerAction.Promote, r1, 0), Entry(LedgerAction.Promote, core, 1));

        Assert.Equal(new[] { "Contoso.Core 1.0.1", "Contoso.Data 1.0.0" }, state.Current.Select(c => c.Bundle.ToString()));
        Assert.True(state.IsCurrent(r1.Id));
        Assert.Null(state.LastKnownGood("Contoso.Core").Target);
    }

    [Fact]
    public void The_previous_current_of_an_entry_and_whether_a_release_is_wholly_current()
    {
        Release r1 = Release(Bundle("Contoso.Core", "1.0.0"), Bundle("Contoso.Data", "1.0.0"));
        Release core = Release("Contoso.Core", "1.0.1");
        Release next = Release(Bundle("Contoso.Core", "1.1.0"), Bundle("Contoso.Data", "1.1.0"), Bundle("Contoso.Web", "1.0.0"));
        EnvironmentState state = Write(Entry(LedgerAction.Promote, r1, 0), Entry(LedgerAction.Promote, core, 1));

        Assert.False(state.IsWhollyCurrent(r1));
        Assert.True(state.IsWhollyCurrent(core));
        Assert.False(state.IsWhollyCurrent(Release(Bundle("Contoso.Core", "1.0.1", salt: "rebuilt"))));
        Assert.Equal(
            new[] { "contoso.core@1 Contoso.Core 1.0.1 " + core.Id, "contoso.data@1 Contoso.Data 1.0.0 " + r1.Id, "contoso.web@1  " },
            state.PreviousCurrentFor(next).Select(p => $"{p.Track.Key} {p.Bundle} {p.ReleaseId}"));
    }

    [Fact]
    public void A_promotion_started_again_after_it_failed_is_interrupted_once()
    {
        Release a = Release("Contoso.Core", "1.0.0");
        EnvironmentState state = Write(
            Entry(LedgerAction.PromoteStarted, a, 0), Entry(LedgerAction.PromoteFailed, a, 1), Entry(LedgerAction.PromoteStarted, a, 2));

        Assert.Empty(state.Current);
        Assert.Equal(3, Assert.Single(state.Interrupted).Sequence);
        Assert.Contains("no release was ever current in 'prod'", state.LastKnownGood().Problem!.Message);
    }

    [Fact]
    public void A_broken_ledger_gives_no_last_known_good_but_its_problem()
    {
        AppendAll(OpenStore(dir), "prod", Entry(LedgerAction.Promote, Release("Contoso.Core", "1.0.0")), Entry(LedgerAction.Promote, Release("Contoso.Core", "1.1.0")));
        string file = EntryFile(dir, "prod", 2);
        System.IO.File.WriteAllText(file, System.IO.File.ReadAllText(file).Replace("ci-bot", "nobody"));

        EnvironmentState state = EnvironmentState.From(Ledger.Read(OpenStore(dir), "prod"));
        Assert.False(state.IsVerified);
        Assert.Equal("GOV7003", state.LastKnownGood().Problem!.Code);
    }

    public void Dispose() => dir.Dispose();
}
