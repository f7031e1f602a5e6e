using System;
using System.Collections.Generic;
using System.Linq;

namespace Governance.Core.Evaluation;

/// <summary>A node of the lineage graph. <see cref="Id"/> is kind-prefixed and content-free (a path or name).</summary>
public sealed record LineageNode(string Id, string Kind, string? Digest, string? Project);

/// <summary>An edge from an upstream node to the node that depends on it.</summary>
public sealed record LineageEdge(string From, string To, string Kind);

/// <summary>
/// Builds the canonical lineage graph: sources produce artifacts; inputs and artifacts are
/// consumed by the decision; evidence and collected results are checked; checks decide. Adding
/// the same node or edge twice is harmless, so callers need not coordinate.
/// </summary>
public sealed class LineageGraph
{
    public const string SchemaVersion = "1";

    private readonly Dictionary<string, LineageNode> nodes = new(StringComparer.Ordinal);
    private readonly HashSet<LineageEdge> edges = new();

    public IReadOnlyList<LineageNode> Nodes => nodes.Values.OrderBy(n => n.Id, StringComparer.Ordinal).ToArray();

    public IReadOnlyList<LineageEdge> Edges => edges
        .OrderBy(e => e.From, StringComparer.Ordinal)
        .ThenBy(e => e.To, StringComparer.Ordinal)
        .ThenBy(e => e.Kind, StringComparer.Ordinal)
        .ToArray();

    public string AddNode(string kind, string name, string? digest = null, string? project = null)
    {
        string id = $"{kind}:{name}";
        if (!nodes.ContainsKey(id))
        {
            nodes[id] = new LineageNode(id, kind, digest, project);
        }

        return id;
    }

    public void AddEdge(string from, string to, string kind) => edges.Add(new LineageEdge(from, to, kind));
}
