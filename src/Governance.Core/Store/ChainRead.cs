using System.Collections.Generic;

namespace Governance.Core.Store;

/// <summary>A stream as read: its verified entries, oldest first, up to the first one that cannot be trusted, and why not.</summary>
public sealed record ChainRead(IReadOnlyList<ChainEntry> Entries, string? Problem, string? ProblemLocation)
{
    /// <summary>
    /// True when the read stopped at an entry of a newer major format (a newer Governance.Sdk wrote
    /// it): not tampering, an upgrade to make (GOV1003). Nothing is appended to the stream either way.
    /// </summary>
    public bool NewerFormat { get; init; }

    /// <summary>The newest verified entry, or null for an empty stream.</summary>
    public ChainEntry? Head => Entries.Count == 0 ? null : Entries[Entries.Count - 1];
}
