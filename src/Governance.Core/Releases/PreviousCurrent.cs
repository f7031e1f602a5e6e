namespace Governance.Core.Releases;

/// <summary>What a track held before a ledger entry changed it, so every entry can be read (and undone) on its own.</summary>
/// <param name="Track">The track the entry moves.</param>
/// <param name="Bundle">The bundle current on it before, or null when nothing was.</param>
/// <param name="ReleaseId">The release that bundle came with, or null when nothing was current.</param>
public sealed record PreviousCurrent(ReleaseTrack Track, ReleaseBundle? Bundle, string? ReleaseId);
