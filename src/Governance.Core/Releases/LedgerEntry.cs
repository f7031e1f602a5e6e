using System;
using System.Collections.Generic;

namespace Governance.Core.Releases;

/// <summary>
/// What one ledger entry says, apart from the chain's own fields: the action, the release, what the
/// release's tracks held before, who did it and why, when (the wall clock), which approvals it
/// consumed and which packages it unlisted. This is what a signing key signs
/// (<see cref="LedgerSignature"/>), together with the environment's name.
/// </summary>
/// <param name="Action">What happened.</param>
/// <param name="Release">The release the entry is about: promoted, failed, or made current again by a rollback.</param>
/// <param name="At">The wall clock when the entry was written (written as RFC 3339 UTC, to the second).</param>
/// <param name="By">Who did it: the CI actor, else <c>--by</c>, else the OS user.</param>
public sealed record LedgerEntry(LedgerAction Action, Release Release, DateTimeOffset At, string By)
{
    /// <summary>Why (<c>--reason</c>, or the check that failed); null when none was given.</summary>
    public string? Reason { get; init; }

    /// <summary>Per track the release moves (or would have moved), what was current there before; sorted by track.</summary>
    public IReadOnlyList<PreviousCurrent> PreviousCurrent { get; init; } = Array.Empty<PreviousCurrent>();

    /// <summary>The digests of the approvals this entry consumed (a final <c>promote</c>); sorted.</summary>
    public IReadOnlyList<string> ApprovalsConsumed { get; init; } = Array.Empty<string>();

    /// <summary>The packages unlisted from the feed with this entry (a failed canary's, or those a rollback replaced); sorted.</summary>
    public IReadOnlyList<ReleaseBundle> Unlisted { get; init; } = Array.Empty<ReleaseBundle>();
}
