namespace Governance.Core.Lineage;

/// <summary>
/// Who contributed a node or an edge to the lineage: a project build, a project's pack, or the
/// gate itself. Conflicts name it, and the remedy depends on it (rebuild, or pack again).
/// </summary>
/// <param name="Project">The project, relative to the governance root; null for the gate.</param>
/// <param name="IsPack">True when the project's pack (its package-level fragment) contributed it.</param>
public sealed record LineageOrigin(string? Project, bool IsPack = false)
{
    public static LineageOrigin Gate { get; } = new(Project: null);

    public bool IsGate => Project is null;

    /// <summary>As messages name it; also the order in which claims are compared, so merge order never matters.</summary>
    public override string ToString() => Project is null ? "the gate" : IsPack ? Project + " (its pack)" : Project;
}
