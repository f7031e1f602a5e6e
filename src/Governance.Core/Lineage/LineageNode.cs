namespace Governance.Core.Lineage;

/// <summary>
/// A node of the lineage graph. <see cref="Id"/> is <c>kind:name</c> (a path relative to the
/// governance root, a package URL, a check id). <see cref="Digest"/> is <c>algorithm:hex</c> for
/// content; <see cref="Project"/> is the one project the node belongs to, or null when it is
/// shared by several projects or belongs to the gate itself.
/// </summary>
public sealed record LineageNode(string Id, string Kind, string? Digest, string? Project);
