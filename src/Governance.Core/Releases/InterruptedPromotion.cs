using System;

namespace Governance.Core.Releases;

/// <summary>
/// A <c>promote-started</c> entry that no final entry (<c>promote</c>, <c>promote-failed</c>) for the
/// same release followed: the promotion was interrupted (a crash, a cancelled job) or is running
/// now. Running the same promotion again finishes it.
/// </summary>
/// <param name="Release">The release being promoted.</param>
/// <param name="StartedAt">When the promotion started (wall clock).</param>
/// <param name="By">Who started it.</param>
/// <param name="Sequence">The <c>promote-started</c> entry.</param>
public sealed record InterruptedPromotion(Release Release, DateTimeOffset StartedAt, string By, long Sequence);
