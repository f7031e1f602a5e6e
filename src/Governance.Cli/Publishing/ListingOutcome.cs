namespace Governance.Cli.Publishing;

/// <summary>What <see cref="PackageFeed.UnlistAsync"/> or <see cref="PackageFeed.RelistAsync"/> did.</summary>
public enum ListingOutcome
{
    /// <summary>The package's listing changed (or, on a v3 source, the source accepted the request).</summary>
    Changed,

    /// <summary>It was already so: re-running an interrupted unlist or relist is harmless.</summary>
    AlreadyDone,

    /// <summary>The feed does not have the package at all.</summary>
    NotFound,
}
