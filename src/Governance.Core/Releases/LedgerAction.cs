namespace Governance.Core.Releases;

/// <summary>What a ledger entry records (names in <see cref="Names"/>: <c>promote-started</c>, <c>promote</c>, <c>promote-failed</c>, <c>rollback</c>).</summary>
public enum LedgerAction
{
    /// <summary>A promotion began: written before anything is published, so an interrupted one shows in status until its final entry.</summary>
    PromoteStarted,

    /// <summary>The release became current on its tracks: published, and the environment's checks passed.</summary>
    Promote,

    /// <summary>The release did not become current (an environment check failed, GOV7004); its packages were unlisted where the feed allows.</summary>
    PromoteFailed,

    /// <summary>An earlier release became current again on its tracks, replacing the ones there (which are then rolled back from).</summary>
    Rollback,
}
