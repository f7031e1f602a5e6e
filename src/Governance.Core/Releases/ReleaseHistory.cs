using System;

namespace Governance.Core.Releases;

/// <summary>
/// What happened to one release in one environment that it was ever current in: when it first
/// became current (what soak time counts from), when it last did (what "newest" means for the last
/// known good), and whether it was rolled back from.
/// </summary>
/// <param name="Release">The release.</param>
/// <param name="FirstCurrentAt">When it first became current here (the wall clock of that entry).</param>
/// <param name="LastCurrentSequence">The newest entry that made it current (a promotion, or a rollback to it).</param>
/// <param name="RolledBackAt">When a rollback replaced it on a track; null when that never happened.</param>
public sealed record ReleaseHistory(Release Release, DateTimeOffset FirstCurrentAt, long LastCurrentSequence, DateTimeOffset? RolledBackAt)
{
    /// <summary>True when a rollback replaced the release here: it is never a last known good again, nor does it count as having reached the environment.</summary>
    public bool RolledBackFrom => RolledBackAt is not null;
}
