namespace Governance.Core.Lineage;

/// <summary>
/// Who contributed a node or an edge to the lineage: a project build, a project's pack or
/// publish, or the gate itself. Conflicts name it, and the remedy depends on it.
/// </summary>
/// <param name="Project">The project, relative to the governance root; null for the gate.</param>
/// <param name="Kind">The step of the project whose fragment contributed it.</param>
public sealed record LineageOrigin(string? Project, FragmentKind Kind = FragmentKind.Build)
{
    public static LineageOrigin Gate { get; } = new(Project: null);

    public bool IsGate => Project is null;

    /// <summary>What brings this contributor up to date, for messages.</summary>
    public string Remedy => Kind switch
    {
        FragmentKind.Pack => "Pack the project again",
        FragmentKind.Publish => "Publish the project again",
        _ => "Rebuild " + this,
    };

    /// <summary>As messages name it; also the order in which claims are compared, so merge order never matters.</summary>
    public override string ToString() => Project is null ? "the gate" : Kind switch
    {
        FragmentKind.Pack => Project + " (its pack)",
        FragmentKind.Publish => Project + " (its publish)",
        _ => Project,
    };
}
