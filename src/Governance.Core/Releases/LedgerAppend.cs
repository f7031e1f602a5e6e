using System;
using System.Collections.Generic;
using Governance.Core.Diagnostics;
using Governance.Core.Store;

namespace Governance.Core.Releases;

/// <summary>What appending to a ledger did, and the ledger afterwards.</summary>
/// <param name="Status">Appended, already recorded, moved (check again) or broken.</param>
/// <param name="Ledger">The ledger as it stands afterwards (as read, when nothing was appended).</param>
/// <param name="Entry">The entry appended, or the one that already recorded it; null otherwise.</param>
/// <param name="Moved">With <see cref="LedgerAppendStatus.Moved"/>: where each stream that moved stands now.</param>
public sealed record LedgerAppend(LedgerAppendStatus Status, LedgerRead Ledger, RecordedLedgerEntry? Entry, IReadOnlyList<StreamHead> Moved)
{
    /// <summary>With <see cref="LedgerAppendStatus.Broken"/>: why (GOV7003).</summary>
    public Diagnostic? Problem => Ledger.Problem;

    internal static LedgerAppend Of(LedgerAppendStatus status, LedgerRead ledger, RecordedLedgerEntry? entry = null, IReadOnlyList<StreamHead>? moved = null) =>
        new(status, ledger, entry, moved ?? Array.Empty<StreamHead>());
}
