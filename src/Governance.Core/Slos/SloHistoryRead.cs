using System.Collections.Generic;

namespace Governance.Core.Slos;

/// <summary>The history as read: its entries, oldest first, or the reason it cannot be trusted.</summary>
public sealed record SloHistoryRead(IReadOnlyList<SloHistoryEntry> Entries, string? Problem, string? ProblemLocation)
{
    /// <summary>The problem is an entry a newer Governance.Sdk wrote (GOV1003), not tampering.</summary>
    public bool NewerFormat { get; init; }
}
