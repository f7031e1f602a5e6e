namespace Governance.Core.Lineage;

/// <summary>An edge from an upstream node to the node that depends on it.</summary>
public sealed record LineageEdge(string From, string To, string Kind);
