using System;

namespace Governance.Core.Releases;

/// <summary>What one track of an environment holds: the bundle, the release it came with, since when and by whom.</summary>
/// <param name="Track">The track (package id and major version).</param>
/// <param name="Bundle">The bundle current on the track.</param>
/// <param name="Release">The release the bundle came with (promoted or rolled back to).</param>
/// <param name="Since">When the entry that made it current was written (wall clock).</param>
/// <param name="By">Who wrote that entry.</param>
/// <param name="Sequence">The ledger entry that made it current.</param>
public sealed record CurrentRelease(ReleaseTrack Track, ReleaseBundle Bundle, Release Release, DateTimeOffset Since, string By, long Sequence);
