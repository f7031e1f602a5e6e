using System;
using System.Collections.Generic;
using System.Linq;
using Governance.Core.Diagnostics;

namespace Governance.Core.Lineage;

/// <summary>One way the lineage graph is incomplete, with the node it is about and the project that node belongs to.</summary>
public sealed record LineageFinding(DiagnosticDescriptor Rule, string NodeId, string? Project, string Message);

/// <summary>
/// Checks that the canonical lineage is complete, so a release decision can be traced end to end:
/// <list type="number">
/// <item>every edge names nodes that exist (else GOV3002, a dangling reference);</item>
/// <item>every artifact has a producer: a <c>produced</c> edge from a source (else GOV3001);</item>
/// <item>every node reaches a decision: nothing collected, checked or consumed is left out of it (else GOV3001);</item>
/// <item>every decision traces back to at least one source (else GOV3001).</item>
/// </list>
/// Pure and deterministic: findings come sorted by rule, node and message.
/// </summary>
public static class LineageValidator
{
    public static IReadOnlyList<LineageFinding> Validate(LineageGraph graph)
    {
        IReadOnlyList<LineageNode> nodes = graph.Nodes;
        IReadOnlyList<LineageEdge> edges = graph.Edges;
        var byId = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var findings = new List<LineageFinding>();

        var incoming = new Dictionary<string, List<LineageEdge>>(StringComparer.Ordinal);
        foreach (LineageEdge edge in edges)
        {
            bool fromExists = byId.TryGetValue(edge.From, out LineageNode? from);
            bool toExists = byId.TryGetValue(edge.To, out LineageNode? to);
            if (!fromExists || !toExists)
            {
                string missing = fromExists ? edge.To : edge.From;
                string? project = graph.OriginOf(edge) ?? (fromExists ? from!.Project : to?.Project);
                findings.Add(new LineageFinding(Gov.LineageDanglingReference, missing, project,
                    $"The lineage edge {edge.From} -[{edge.Kind}]-> {edge.To}{InProject(project)} names {missing}, which no project's fragment and no gate input defines. " +
                    "The fragment was edited or written by a broken build step: rebuild the project (dotnet build --no-incremental) and run the gate again."));
                continue;
            }

            if (!incoming.TryGetValue(edge.To, out List<LineageEdge>? list))
            {
                incoming[edge.To] = list = new List<LineageEdge>();
            }

            list.Add(edge);
        }

        IEnumerable<LineageEdge> Into(string id) => incoming.TryGetValue(id, out List<LineageEdge>? list) ? list : Enumerable.Empty<LineageEdge>();

        foreach (LineageNode artifact in nodes.Where(n => n.Kind == NodeKind.Artifact))
        {
            if (!Into(artifact.Id).Any(e => e.Kind == EdgeKind.Produced && byId[e.From].Kind == NodeKind.Source))
            {
                string consumers = string.Join(", ", edges.Where(e => e.From == artifact.Id && byId.ContainsKey(e.To)).Select(e => byId[e.To].Project).Where(p => p is not null).Distinct().OrderBy(p => p, StringComparer.Ordinal));
                string message = artifact.Project is null && consumers.Length > 0
                    ? $"The artifact {Name(artifact)} is consumed by {consumers}, but no trusted fragment in the gate produced it: the project that builds it is not in the gate, or its fragment was rejected (see that project's collect finding). Add the project to the gate (to the solution, or as a ProjectReference of the root project) with governance enabled, rebuild, and run the gate again."
                    : $"The artifact {Name(artifact)}{InProject(artifact.Project)} has no producer: no source is recorded as producing it. Rebuild the project so GovernanceCollect records it again (dotnet build --no-incremental), and run the gate again.";
                findings.Add(new LineageFinding(Gov.LineageIncomplete, artifact.Id, artifact.Project, message));
            }
        }

        // Everything that reaches a decision, walking edges backwards from the decisions.
        HashSet<string> reachesDecision = Ancestors(nodes.Where(n => n.Kind == NodeKind.Decision).Select(n => n.Id), Into);
        foreach (LineageNode node in nodes.Where(n => n.Kind != NodeKind.Decision && !reachesDecision.Contains(n.Id)))
        {
            findings.Add(new LineageFinding(Gov.LineageIncomplete, node.Id, node.Project,
                $"The {node.Kind} {Name(node)}{InProject(node.Project)} does not reach the release decision: no chain of edges leads from it to a decision, so the decision cannot be traced to it. " +
                "Rebuild the project so its fragment is complete (dotnet build --no-incremental) and run the gate again."));
        }

        foreach (LineageNode decision in nodes.Where(n => n.Kind == NodeKind.Decision))
        {
            HashSet<string> ancestors = Ancestors(new[] { decision.Id }, Into);
            if (!ancestors.Any(id => byId[id].Kind == NodeKind.Source))
            {
                findings.Add(new LineageFinding(Gov.LineageIncomplete, decision.Id, null,
                    $"The decision {Name(decision)} does not trace back to any source: no project in the gate recorded what it was built from. " +
                    "Build the projects with GovernanceEnabled=true (without GovernanceGateNoBuild) and run the gate again."));
            }
        }

        return findings
            .OrderBy(f => f.Rule.Code, StringComparer.Ordinal)
            .ThenBy(f => f.NodeId, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The given nodes and everything upstream of them.</summary>
    private static HashSet<string> Ancestors(IEnumerable<string> start, Func<string, IEnumerable<LineageEdge>> into)
    {
        var seen = new HashSet<string>(start, StringComparer.Ordinal);
        var pending = new Stack<string>(seen);
        while (pending.Count > 0)
        {
            foreach (LineageEdge edge in into(pending.Pop()))
            {
                if (seen.Add(edge.From))
                {
                    pending.Push(edge.From);
                }
            }
        }

        return seen;
    }

    private static string Name(LineageNode node) => node.Id.Substring(node.Kind.Length + 1);

    private static string InProject(string? project) => project is null ? string.Empty : $" (project {project})";
}
