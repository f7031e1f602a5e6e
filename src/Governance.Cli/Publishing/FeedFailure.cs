namespace Governance.Cli.Publishing;

/// <summary>Why a feed operation failed; the caller chooses the GOV code (Conflict is GOV4004).</summary>
public enum FeedFailure
{
    /// <summary>The feed holds other content under the same id and version (or an unreadable file there): never overwritten.</summary>
    Conflict,

    /// <summary>The feed does not have the package.</summary>
    NotFound,

    /// <summary>The feed could not be reached or written: network, server error, disk.</summary>
    Unavailable,

    /// <summary>The feed refused the credentials (HTTP 401 or 403).</summary>
    Refused,

    /// <summary>The feed is not usable as configured: a malformed location, an API key variable that is not set, a source without a publish endpoint.</summary>
    Misconfigured,
}
