using System;
using System.Collections.Generic;
using System.Linq;

namespace Governance.Core.Lineage;

/// <summary>The node kinds of the lineage model (contract section 7).</summary>
public static class NodeKind
{
    /// <summary>A file the build compiled or packed: <c>Compile</c>, <c>EmbeddedResource</c>, the project file, the repository's imported props and targets.</summary>
    public const string Source = "source";

    /// <summary>Something consumed that is not a source: a package from restore, the policy, a custom input.</summary>
    public const string Input = "input";

    /// <summary>A check result.</summary>
    public const string Check = "check";

    /// <summary>A file a build produced: assembly, symbols, reference assembly, package, bundle manifest.</summary>
    public const string Artifact = "artifact";

    /// <summary>A file a check looked at as evidence (branch protection, release notes, ...).</summary>
    public const string Evidence = "evidence";

    /// <summary>The release decision.</summary>
    public const string Decision = "decision";

    public static IReadOnlyList<string> All { get; } = new[] { Artifact, Check, Decision, Evidence, Input, Source };
}

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

/// <summary>
/// A node of the lineage graph. <see cref="Id"/> is <c>kind:name</c> (a path relative to the
/// governance root, a package URL, a check id). <see cref="Digest"/> is <c>algorithm:hex</c> for
/// content; <see cref="Project"/> is the one project the node belongs to, or null when it is
/// shared by several projects or belongs to the gate itself.
/// </summary>
public sealed record LineageNode(string Id, string Kind, string? Digest, string? Project);

/// <summary>An edge from an upstream node to the node that depends on it.</summary>
public sealed record LineageEdge(string From, string To, string Kind);

/// <summary>Two sources of the graph gave one node different contents: one of them is out of date.</summary>
public sealed record DigestConflict(string NodeId, string RecordedDigest, string RecordedBy, string ConflictingDigest, string ConflictingBy);

/// <summary>
/// The canonical lineage graph. Nodes and edges are merged from every project's fragment and from
/// the gate's own inputs, checks and decision; adding the same node or edge twice is harmless, so
/// callers need not coordinate. A node added twice with different digests is recorded as a
/// <see cref="DigestConflict"/> (the first digest is kept). Enumeration is always sorted, so the
/// same graph always serialises to the same bytes, whatever order it was built in.
/// </summary>
public sealed class LineageGraph
{
    public const string SchemaVersion = "1";

    private readonly Dictionary<string, NodeState> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<LineageEdge, string?> edges = new();
    private readonly List<DigestConflict> conflicts = new();

    public IReadOnlyList<LineageNode> Nodes => nodes
        .OrderBy(n => n.Key, StringComparer.Ordinal)
        .Select(n => n.Value.ToNode(n.Key))
        .ToArray();

    public IReadOnlyList<LineageEdge> Edges => edges.Keys
        .OrderBy(e => e.From, StringComparer.Ordinal)
        .ThenBy(e => e.To, StringComparer.Ordinal)
        .ThenBy(e => e.Kind, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Digest disagreements found while merging, in the order they were found.</summary>
    public IReadOnlyList<DigestConflict> Conflicts => conflicts;

    public static string IdOf(string kind, string name) => kind + ":" + name;

    public bool Contains(string id) => nodes.ContainsKey(id);

    public LineageNode? Find(string id) => nodes.TryGetValue(id, out NodeState? state) ? state.ToNode(id) : null;

    /// <summary>Adds (or joins) the node <c>kind:name</c> and returns its id.</summary>
    /// <param name="kind">One of <see cref="NodeKind"/>.</param>
    /// <param name="name">The name after the kind prefix.</param>
    /// <param name="digest"><c>algorithm:hex</c>, or null for nodes that are not content.</param>
    /// <param name="project">The project that owns the node, or null when the node belongs to no single project.</param>
    /// <param name="origin">Who is adding it (a project path, or null for the gate): named in conflicts.</param>
    public string AddNode(string kind, string name, string? digest = null, string? project = null, string? origin = null) =>
        AddNodeWithId(IdOf(kind, name), kind, digest, project, origin);

    /// <summary>As <see cref="AddNode"/>, for a node whose id is already made (merged from a fragment).</summary>
    public string AddNodeWithId(string id, string kind, string? digest = null, string? project = null, string? origin = null)
    {
        if (!nodes.TryGetValue(id, out NodeState? state))
        {
            state = new NodeState(kind, digest, origin ?? project);
            nodes[id] = state;
        }
        else if (digest is not null)
        {
            if (state.Digest is null)
            {
                state.Digest = digest;
                state.DigestOrigin = origin ?? project;
            }
            else if (!string.Equals(state.Digest, digest, StringComparison.Ordinal))
            {
                conflicts.Add(new DigestConflict(id, state.Digest, state.DigestOrigin ?? "the gate", digest, origin ?? project ?? "the gate"));
            }
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
        if (!edges.ContainsKey(edge))
        {
            edges[edge] = origin;
        }
    }

    /// <summary>The project whose fragment contributed <paramref name="edge"/>, if any.</summary>
    public string? OriginOf(LineageEdge edge) => edges.TryGetValue(edge, out string? origin) ? origin : null;

    private sealed class NodeState
    {
        public NodeState(string kind, string? digest, string? digestOrigin)
        {
            Kind = kind;
            Digest = digest;
            DigestOrigin = digestOrigin;
        }

        public string Kind { get; }

        public string? Digest { get; set; }

        public string? DigestOrigin { get; set; }

        public SortedSet<string> Projects { get; } = new(StringComparer.Ordinal);

        public LineageNode ToNode(string id) => new(id, Kind, Digest, Projects.Count == 1 ? Projects.Min : null);
    }
}
