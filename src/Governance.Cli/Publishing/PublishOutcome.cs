namespace Governance.Cli.Publishing;

/// <summary>What <see cref="PackageFeed.PublishAsync"/> did.</summary>
public enum PublishOutcome
{
    /// <summary>The feed did not have the package; it does now.</summary>
    Published,

    /// <summary>The feed already had identical content (same content hash): nothing was written.</summary>
    AlreadyPresent,

    /// <summary>A folder feed had identical content in <c>.unlisted/</c>: it was moved back.</summary>
    Relisted,
}
