using System;
using System.Collections.Generic;
using System.Linq;

namespace Governance.Core.Lineage;

/// <summary>
/// The canonical lineage graph. Nodes and edges are merged from every project's fragment and from
/// the gate's own inputs, checks and decision; adding the same node or edge twice is harmless, so
/// callers need not coordinate. A node added with different digests keeps its owner's digest (the
/// project that produced it), else the smallest, and the disagreement is a
/// <see cref="DigestConflict"/>. Nothing depends on the order the graph was built in: the same
/// graph always serialises to the same bytes.
/// </summary>
public sealed class LineageGraph
{
    public const string SchemaVersion = "1";

    /// <summary>The one order of edges everywhere: by from, to, then kind.</summary>
    public static IComparer<LineageEdge> EdgeOrder { get; } = Comparer<LineageEdge>.Create((a, b) =>
    {
        int order = string.CompareOrdinal(a.From, b.From);
        order = order != 0 ? order : string.CompareOrdinal(a.To, b.To);
        return order != 0 ? order : string.CompareOrdinal(a.Kind, b.Kind);
    });

    private readonly Dictionary<string, NodeState> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<LineageEdge, string?> edges = new();

    public IReadOnlyList<LineageNode> Nodes => nodes
        .OrderBy(n => n.Key, StringComparer.Ordinal)
        .Select(n => n.Value.ToNode(n.Key))
        .ToArray();

    public IReadOnlyList<LineageEdge> Edges => edges.Keys.OrderBy(e => e, EdgeOrder).ToArray();

    public int NodeCount => nodes.Count;

    public int EdgeCount => edges.Count;

    /// <summary>Every node whose contributors disagree on its digest, sorted by node and digest.</summary>
    public IReadOnlyList<DigestConflict> Conflicts => nodes
        .OrderBy(n => n.Key, StringComparer.Ordinal)
        .SelectMany(n => n.Value.Conflicts(n.Key))
        .ToArray();

    public static string IdOf(string kind, string name) => kind + ":" + name;

    public bool Contains(string id) => nodes.ContainsKey(id);

    public LineageNode? Find(string id) => nodes.TryGetValue(id, out NodeState? state) ? state.ToNode(id) : null;

    /// <summary>Adds (or joins) the node <c>kind:name</c> and returns its id.</summary>
    /// <param name="kind">One of <see cref="NodeKind"/>.</param>
    /// <param name="name">The name after the kind prefix.</param>
    /// <param name="digest"><c>algorithm:hex</c>, or null for nodes that are not content.</param>
    /// <param name="project">The project that owns the node, or null when the node belongs to no single project.</param>
    /// <param name="origin">Who is adding it, named in conflicts; by default the owning project, else the gate.</param>
    public string AddNode(string kind, string name, string? digest = null, string? project = null, LineageOrigin? origin = null) =>
        AddNodeWithId(IdOf(kind, name), kind, digest, project, origin);

    /// <summary>As <see cref="AddNode"/>, for a node whose id is already made (merged from a fragment).</summary>
    public string AddNodeWithId(string id, string kind, string? digest = null, string? project = null, LineageOrigin? origin = null)
    {
        if (!nodes.TryGetValue(id, out NodeState? state))
        {
            state = new NodeState(kind);
            nodes[id] = state;
        }

        if (digest is not null)
        {
            state.Claims.Add(new Claim(digest, origin ?? (project is null ? LineageOrigin.Gate : new LineageOrigin(project)), IsOwner: project is not null));
        }

        if (project is not null)
        {
            state.Projects.Add(project);
        }

        return id;
    }

    /// <summary>Adds an edge; <paramref name="origin"/> (a project path) is remembered for diagnostics about it.</summary>
    public void AddEdge(string from, string to, string kind, string? origin = null)
    {
        var edge = new LineageEdge(from, to, kind);
        if (!edges.TryGetValue(edge, out string? known) || (origin is not null && (known is null || string.CompareOrdinal(origin, known) < 0)))
        {
            // The smallest origin, so which project is named does not depend on merge order.
            edges[edge] = origin;
        }
    }

    /// <summary>The project whose fragment contributed <paramref name="edge"/>, if any.</summary>
    public string? OriginOf(LineageEdge edge) => edges.TryGetValue(edge, out string? origin) ? origin : null;

    private readonly record struct Claim(string Digest, LineageOrigin By, bool IsOwner);

    private sealed class NodeState
    {
        public NodeState(string kind) => Kind = kind;

        public string Kind { get; }

        public List<Claim> Claims { get; } = new();

        public SortedSet<string> Projects { get; } = new(StringComparer.Ordinal);

        /// <summary>The owner's digest when the node has an owner, else the smallest claimed.</summary>
        private Claim? Recorded => Claims.Count == 0
            ? null
            : Claims.OrderBy(c => c.IsOwner ? 0 : 1).ThenBy(c => c.Digest, StringComparer.Ordinal).ThenBy(c => c.By.ToString(), StringComparer.Ordinal).First();

        public IEnumerable<DigestConflict> Conflicts(string id)
        {
            if (Recorded is not Claim recorded)
            {
                return Enumerable.Empty<DigestConflict>();
            }

            return Claims
                .Where(c => !string.Equals(c.Digest, recorded.Digest, StringComparison.Ordinal))
                .GroupBy(c => (c.Digest, c.By))
                .Select(g => new DigestConflict(id, recorded.Digest, recorded.By, g.Key.Digest, g.Key.By))
                .OrderBy(c => c.ConflictingDigest, StringComparer.Ordinal)
                .ThenBy(c => c.ConflictingBy.ToString(), StringComparer.Ordinal);
        }

        public LineageNode ToNode(string id) => new(id, Kind, Recorded?.Digest, Projects.Count == 1 ? Projects.Min : null);
    }
}
