namespace Governance.Core.Lineage;

/// <summary>Which step wrote a lineage fragment: it decides how a stale one is treated and what remedy a message names.</summary>
public enum FragmentKind
{
    /// <summary>A project build (<c>GovernanceCollect</c>, one per target framework): part of every decision.</summary>
    Build,

    /// <summary>A pack (<c>GovernanceBundle</c>): the package's lineage, part of the decision while it is as fresh as the build.</summary>
    Pack,

    /// <summary>A native AOT or single-file publish: the published executable's lineage, like a pack's.</summary>
    Publish,
}
