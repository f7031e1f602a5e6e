using System;
using System.Collections.Generic;
using System.Linq;
using Governance.Core.Diagnostics;
using NuGet.Versioning;

namespace Governance.Core.Releases;

/// <summary>
/// What an environment's ledger says, computed from its verified entries alone (a pure function of
/// a <see cref="LedgerRead"/>): the current release per track, the promotions started and not
/// finished, every release that was ever current and which of them were rolled back from, and the
/// lineage edges. Promotion checks, rollback and status all read this one model, so they never
/// disagree about what "current", "reached" or "last known good" mean.
/// </summary>
public sealed class EnvironmentState
{
    private readonly SortedDictionary<ReleaseTrack, CurrentRelease> current;
    private readonly Dictionary<string, ReleaseHistory> histories;

    private EnvironmentState(
        LedgerRead ledger, SortedDictionary<ReleaseTrack, CurrentRelease> current, Dictionary<string, ReleaseHistory> histories,
        IReadOnlyList<InterruptedPromotion> interrupted, IReadOnlyList<ReleaseEdge> edges)
    {
        Ledger = ledger;
        this.current = current;
        this.histories = histories;
        Interrupted = interrupted;
        Edges = edges;
    }

    /// <summary>The ledger the state was computed from: its length, head and whether it verified.</summary>
    public LedgerRead Ledger { get; }

    public string Environment => Ledger.Environment;

    /// <summary>True when the whole ledger verified; otherwise the state covers only the entries before the problem and nothing may be decided from it.</summary>
    public bool IsVerified => Ledger.IsVerified;

    /// <summary>The current release of every track that has one, sorted by track.</summary>
    public IReadOnlyList<CurrentRelease> Current => current.Values.ToArray();

    /// <summary>Promotions started and never finished, oldest first.</summary>
    public IReadOnlyList<InterruptedPromotion> Interrupted { get; }

    /// <summary>Every release that was ever current here, in the order it last became current.</summary>
    public IReadOnlyList<ReleaseHistory> EverCurrent => histories.Values.OrderBy(h => h.LastCurrentSequence).ToArray();

    /// <summary>The <c>promoted</c> and <c>rolledBack</c> edges, in ledger order.</summary>
    public IReadOnlyList<ReleaseEdge> Edges { get; }

    /// <summary>The state an environment's ledger describes.</summary>
    public static EnvironmentState From(LedgerRead ledger)
    {
        var current = new SortedDictionary<ReleaseTrack, CurrentRelease>();
        var histories = new Dictionary<string, ReleaseHistory>(StringComparer.Ordinal);
        var started = new List<InterruptedPromotion>();
        var edges = new List<ReleaseEdge>();
        foreach (RecordedLedgerEntry recorded in ledger.Entries)
        {
            LedgerEntry entry = recorded.Entry;
            Release release = entry.Release;
            switch (entry.Action)
            {
                case LedgerAction.PromoteStarted:
                    started.RemoveAll(s => s.Release.Equals(release));
                    started.Add(new InterruptedPromotion(release, entry.At, entry.By, recorded.Sequence));
                    break;
                case LedgerAction.PromoteFailed:
                    started.RemoveAll(s => s.Release.Equals(release));
                    break;
                case LedgerAction.Promote:
                case LedgerAction.Rollback:
                    started.RemoveAll(s => s.Release.Equals(release));
                    foreach (ReleaseBundle bundle in release.Bundles)
                    {
                        ReleaseTrack track = bundle.Track!;
                        if (entry.Action == LedgerAction.Rollback && current.TryGetValue(track, out CurrentRelease? replaced) && !replaced.Release.Equals(release))
                        {
                            // What a rollback replaces was rolled back from: never a last known good,
                            // and no longer "reached" for the environments after this one.
                            ReleaseHistory history = histories[replaced.Release.Id];
                            histories[replaced.Release.Id] = history with { RolledBackAt = history.RolledBackAt ?? entry.At };
                            edges.Add(new ReleaseEdge(ReleaseEdgeKind.RolledBack, replaced.Bundle.ManifestSha256, replaced.Bundle, ledger.Environment, recorded.Sequence, entry.At));
                        }

                        current[track] = new CurrentRelease(track, bundle, release, entry.At, entry.By, recorded.Sequence);
                        if (entry.Action == LedgerAction.Promote)
                        {
                            edges.Add(new ReleaseEdge(ReleaseEdgeKind.Promoted, bundle.ManifestSha256, bundle, ledger.Environment, recorded.Sequence, entry.At));
                        }
                    }

                    histories[release.Id] = histories.TryGetValue(release.Id, out ReleaseHistory? earlier)
                        ? earlier with { LastCurrentSequence = recorded.Sequence }
                        : new ReleaseHistory(release, entry.At, recorded.Sequence, null);
                    break;
            }
        }

        return new EnvironmentState(ledger, current, histories, started, edges);
    }

    /// <summary>The current release of <paramref name="track"/>, or null when nothing was ever current there.</summary>
    public CurrentRelease? CurrentOn(ReleaseTrack track) => current.TryGetValue(track, out CurrentRelease? on) ? on : null;

    /// <summary>What happened to the release <paramref name="releaseId"/> here, or null when it was never current here.</summary>
    public ReleaseHistory? HistoryOf(string releaseId) => histories.TryGetValue(releaseId, out ReleaseHistory? history) ? history : null;

    /// <summary>True when the release is current on at least one of its tracks.</summary>
    public bool IsCurrent(string releaseId) => current.Values.Any(c => string.Equals(c.Release.Id, releaseId, StringComparison.Ordinal));

    /// <summary>
    /// True when every bundle of <paramref name="release"/> is current on its track: promoting it
    /// again has nothing left to do (a rerun of a finished promotion exits 0 and appends nothing).
    /// </summary>
    public bool IsWhollyCurrent(Release release) =>
        release.Bundles.All(b => CurrentOn(b.Track!) is CurrentRelease on && on.Bundle.SameBundle(b));

    /// <summary>
    /// What each track <paramref name="release"/> moves holds now: the <c>previousCurrent</c> of the
    /// ledger entry that promotes it or rolls back to it, so every entry can be read, and undone, on its own.
    /// </summary>
    public IReadOnlyList<PreviousCurrent> PreviousCurrentFor(Release release) =>
        release.Tracks.Select(t => CurrentOn(t) is CurrentRelease on ? new PreviousCurrent(t, on.Bundle, on.Release.Id) : new PreviousCurrent(t, null, null)).ToArray();

    /// <summary>
    /// True when the release holds this environment, or held it without being rolled back from it:
    /// what an environment that comes <c>after</c> this one asks of a release (GOV7001).
    /// </summary>
    public bool HoldsOrHeld(string releaseId) => IsCurrent(releaseId) || HistoryOf(releaseId) is { RolledBackFrom: false };

    /// <summary>
    /// The release a rollback goes back to: the newest release that was successfully current here,
    /// never rolled back from, and not current. <paramref name="packageId"/> and <paramref name="major"/>
    /// narrow it to a track (<c>--track Contoso.Core@2</c>); <paramref name="toVersion"/> names it
    /// (<c>--to 1.4.0</c>), and may name only such a release.
    /// </summary>
    public LastKnownGood LastKnownGood(string? packageId = null, int? major = null, string? toVersion = null)
    {
        if (!IsVerified)
        {
            return new LastKnownGood(null, Ledger.Problem);
        }

        string scope = packageId is null ? $"'{Environment}'" : $"the track {packageId}{(major is null ? string.Empty : "@" + major)} of '{Environment}'";
        bool Matches(ReleaseTrack track) => packageId is null || (string.Equals(track.PackageId, packageId.Trim(), StringComparison.OrdinalIgnoreCase) && (major is null || track.Major == major));
        ReleaseHistory[] touched = EverCurrent.Where(h => h.Release.Tracks.Any(Matches)).ToArray();
        ReleaseHistory[] eligible = touched.Where(h => !h.RolledBackFrom && !IsCurrent(h.Release.Id)).ToArray();
        string choices = eligible.Length == 0
            ? "none is"
            : string.Join("; ", eligible.OrderByDescending(h => h.LastCurrentSequence).Select(h => h.Release.ToString())) + (eligible.Length == 1 ? " is" : " are");
        if (toVersion is not null)
        {
            if (!NuGetVersion.TryParse(toVersion.Trim(), out NuGetVersion? wanted))
            {
                return Missing($"'{toVersion}' is not a NuGet version: name the version to go back to as the package has it (--to 1.4.0)");
            }

            ReleaseHistory[] named = touched.Where(h => h.Release.Bundles.Any(b => Matches(b.Track!) && NuGetVersion.Parse(b.Version) == wanted)).ToArray();
            if (named.Length == 0)
            {
                return Missing($"no release with version {wanted.ToNormalizedString()} was ever current in {scope}; releases that may be rolled back to: {choices}");
            }

            ReleaseHistory? target = named.LastOrDefault(h => !h.RolledBackFrom && !IsCurrent(h.Release.Id));
            if (target is null)
            {
                ReleaseHistory newest = named[named.Length - 1];
                string why = IsCurrent(newest.Release.Id)
                    ? "is current there now"
                    : $"was rolled back from there ({Evaluation.GateClock.Format(newest.RolledBackAt!.Value)}), so it is not known good";
                return Missing($"{newest.Release} {why}; --to may name only a release that was successfully current, was never rolled back from and is not current: {choices}");
            }

            return new LastKnownGood(target, null);
        }

        return eligible.Length == 0
            ? Missing(touched.Length == 0
                ? $"no release was ever current in {scope}, so there is nothing to go back to"
                : $"every release that was current in {scope} is current now or was rolled back from; promote a fixed release instead")
            : new LastKnownGood(eligible[eligible.Length - 1], null);

        LastKnownGood Missing(string why) => new(null, new Diagnostic(
            Gov.LastKnownGoodUnavailable, $"There is no last known good release to roll back to in {scope}: {why}.", null));
    }
}
