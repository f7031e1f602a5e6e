namespace Governance.Core.Releases;

/// <summary>How a bundle relates to an environment in the lineage export (names in <see cref="Names"/>: <c>promoted</c>, <c>rolledBack</c>).</summary>
public enum ReleaseEdgeKind
{
    /// <summary>The bundle became current in the environment by a promotion.</summary>
    Promoted,

    /// <summary>A rollback took the bundle out of the environment's current state.</summary>
    RolledBack,
}
