using System.Collections.Generic;
using Governance.Core.Diagnostics;
using Governance.Core.Store;

namespace Governance.Core.Releases;

/// <summary>
/// An environment's ledger as read: its verified entries, oldest first, up to the first that could
/// not be trusted; the reason (GOV7003) when there is one; and where the stream stood, for
/// compare-and-swap (<see cref="Ledger.AppendIfUnmoved"/>).
/// </summary>
/// <param name="Environment">The environment's name as the policy spells it.</param>
/// <param name="Entries">The entries that verified, oldest first.</param>
/// <param name="Problem">Why the ledger cannot be trusted (GOV7003: edited, reordered, cut short, rewritten), or null.</param>
/// <param name="Head">Where the stream stood when it was read (its verified part).</param>
public sealed record LedgerRead(string Environment, IReadOnlyList<RecordedLedgerEntry> Entries, Diagnostic? Problem, StreamHead Head)
{
    /// <summary>True when every entry verified: only then may anything be decided from the ledger or appended to it.</summary>
    public bool IsVerified => Problem is null;

    /// <summary>The newest entry, or null for an empty ledger.</summary>
    public RecordedLedgerEntry? Newest => Entries.Count == 0 ? null : Entries[Entries.Count - 1];
}
