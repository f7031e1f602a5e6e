using System.Collections.Generic;

namespace Governance.Core.Lineage;

/// <summary>The edge kinds: each edge points from the upstream node to the node that depends on it.</summary>
public static class EdgeKind
{
    /// <summary>A source went into an artifact.</summary>
    public const string Produced = "produced";

    /// <summary>An input, package or upstream artifact was read by an artifact's build, or an input by the decision.</summary>
    public const string Consumed = "consumed";

    /// <summary>A check looked at the node.</summary>
    public const string Checked = "checked";

    /// <summary>A check result went into the decision.</summary>
    public const string Decided = "decided";

    public static IReadOnlyList<string> All { get; } = new[] { Checked, Consumed, Decided, Produced };
}
