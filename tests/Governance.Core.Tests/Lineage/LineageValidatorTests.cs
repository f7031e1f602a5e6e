using System;
using System.Collections.Generic;
using System.Linq;
using Governance.Core.Lineage;

namespace Governance.Core.Tests.Lineage;

public class LineageValidatorTests
{
    [Fact]
    public void A_complete_graph_has_no_findings()
    {
        LineageGraph graph = Complete();

        Assert.Empty(LineageValidator.Validate(graph));
    }

    [Fact]
    public void An_artifact_without_a_producer_is_GOV3001_naming_the_artifact_and_its_project()
    {
        var graph = new LineageGraph();
        string decision = graph.AddNode(NodeKind.Decision, "release");
        string check = graph.AddNode(NodeKind.Check, "collect");
        string source = graph.AddNode(NodeKind.Source, "src/A/A.cs", "sha256:" + new string('1', 64), "src/A/A.csproj");
        string dll = graph.AddNode(NodeKind.Artifact, "src/A/bin/A.dll", "sha256:" + new string('2', 64), "src/A/A.csproj");
        string pdb = graph.AddNode(NodeKind.Artifact, "src/A/bin/A.pdb", "sha256:" + new string('3', 64), "src/A/A.csproj");
        graph.AddEdge(source, dll, EdgeKind.Produced);
        graph.AddEdge(dll, check, EdgeKind.Checked);
        graph.AddEdge(pdb, check, EdgeKind.Checked);
        graph.AddEdge(check, decision, EdgeKind.Decided);

        LineageFinding finding = Assert.Single(LineageValidator.Validate(graph));

        Assert.Equal(("GOV3001", pdb, "src/A/A.csproj"), (finding.Rule.Code, finding.NodeId, finding.Project));
        Assert.Contains("has no producer", finding.Message);
        Assert.Contains("src/A/bin/A.pdb", finding.Message);
    }

    [Fact]
    public void A_consumed_artifact_that_no_project_in_the_gate_produced_says_to_add_its_project()
    {
        LineageGraph graph = Complete();
        string outside = graph.AddNode(NodeKind.Artifact, "src/Tools/bin/Tools.dll", "sha256:" + new string('9', 64));
        graph.AddEdge(outside, "artifact:src/P0/bin/P0_0.dll", EdgeKind.Consumed, origin: "src/P0/P0.csproj");

        LineageFinding finding = Assert.Single(LineageValidator.Validate(graph));

        Assert.Equal(outside, finding.NodeId);
        Assert.Contains("consumed by src/P0/P0.csproj, but no trusted fragment in the gate produced it", finding.Message);
    }

    [Fact]
    public void An_edge_to_nowhere_is_GOV3002_naming_the_missing_node_and_the_project_that_added_it()
    {
        LineageGraph graph = Complete();
        graph.AddEdge("source:src/P0/S0.cs", "artifact:src/P0/bin/ghost.dll", EdgeKind.Produced, origin: "src/P0/P0.csproj");

        LineageFinding finding = Assert.Single(LineageValidator.Validate(graph));

        Assert.Equal(("GOV3002", "artifact:src/P0/bin/ghost.dll", "src/P0/P0.csproj"), (finding.Rule.Code, finding.NodeId, finding.Project));
    }

    [Fact]
    public void A_check_that_does_not_decide_and_a_decision_without_sources_are_GOV3001()
    {
        var graph = new LineageGraph();
        graph.AddNode(NodeKind.Decision, "release");
        graph.AddNode(NodeKind.Check, "orphan");

        LineageFinding[] findings = LineageValidator.Validate(graph).ToArray();

        Assert.Equal(new[] { "check:orphan", "decision:release" }, findings.Select(f => f.NodeId));
        Assert.All(findings, f => Assert.Equal("GOV3001", f.Rule.Code));
        Assert.Contains("does not trace back to any source", findings[1].Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_digest_conflict_keeps_the_producer_s_digest_whatever_the_merge_order(bool producerFirst)
    {
        var graph = new LineageGraph();
        void Producer() => graph.AddNode(NodeKind.Artifact, "src/B/bin/B.dll", "sha256:" + new string('2', 64), "src/B/B.csproj");
        void Consumer() => graph.AddNode(NodeKind.Artifact, "src/B/bin/B.dll", "sha256:" + new string('1', 64), null, origin: new LineageOrigin("src/A/A.csproj"));
        if (producerFirst)
        {
            Producer();
            Consumer();
        }
        else
        {
            Consumer();
            Producer();
        }

        graph.AddNode(NodeKind.Source, "src/Shared/S.cs", null, "src/A/A.csproj");
        graph.AddNode(NodeKind.Source, "src/Shared/S.cs", null, "src/B/B.csproj");

        DigestConflict conflict = Assert.Single(graph.Conflicts);
        Assert.Equal(("artifact:src/B/bin/B.dll", "src/B/B.csproj", "src/A/A.csproj"), (conflict.NodeId, conflict.RecordedBy.ToString(), conflict.ConflictingBy.ToString()));
        LineageNode node = graph.Find("artifact:src/B/bin/B.dll")!;
        Assert.Equal(("src/B/B.csproj", "sha256:" + new string('2', 64)), (node.Project, node.Digest));
        Assert.Null(graph.Find("source:src/Shared/S.cs")!.Project);
    }

    /// <summary>
    /// Property: on random graphs, broken at random (edges deleted, edges to nowhere added, stray
    /// nodes added), the validator finds exactly what a naive oracle finds, and its findings do not
    /// depend on the order the graph was built in.
    /// </summary>
    [Fact]
    public void On_random_broken_graphs_findings_match_a_naive_oracle_and_do_not_depend_on_build_order()
    {
        for (int seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            (List<LineageNode> nodes, List<(LineageEdge Edge, string? Origin)> edges) = RandomGraph(random);
            Break(random, nodes, edges);

            LineageGraph graph = Build(nodes, edges, new Random(seed + 1000));
            IReadOnlyList<LineageFinding> findings = LineageValidator.Validate(graph);

            var expected = Oracle(nodes, edges.Select(e => e.Edge).ToList());
            var actual = findings.Select(f => (f.Rule.Code, f.NodeId)).Distinct().OrderBy(f => f).ToArray();
            Assert.True(expected.SequenceEqual(actual), $"seed {seed}: expected [{string.Join(", ", expected)}] but found [{string.Join(", ", actual)}]");

            IReadOnlyList<LineageFinding> reordered = LineageValidator.Validate(Build(nodes, edges, new Random(seed + 2000)));
            Assert.Equal(findings, reordered);
        }
    }

    [Fact]
    public void Random_well_formed_graphs_are_always_complete()
    {
        for (int seed = 0; seed < 200; seed++)
        {
            (List<LineageNode> nodes, List<(LineageEdge Edge, string? Origin)> edges) = RandomGraph(new Random(seed));
            Assert.Empty(LineageValidator.Validate(Build(nodes, edges, new Random(seed))));
        }
    }

    /// <summary>A small complete gate: two projects, the second consuming the first's assembly and a package.</summary>
    private static LineageGraph Complete()
    {
        (List<LineageNode> nodes, List<(LineageEdge, string?)> edges) = RandomGraph(new Random(7), projects: 2);
        return Build(nodes, edges, new Random(7));
    }

    /// <summary>
    /// A well-formed gate as the evaluator builds one: per project, sources produce artifacts,
    /// packages and earlier projects' first artifact are consumed, artifacts are checked by the
    /// project's collect check; evidence is checked; the policy is consumed; every check decides.
    /// </summary>
    private static (List<LineageNode>, List<(LineageEdge, string?)>) RandomGraph(Random random, int? projects = null)
    {
        var nodes = new List<LineageNode>();
        var edges = new List<(LineageEdge, string?)>();
        string Node(string kind, string name, string? project = null)
        {
            string id = LineageGraph.IdOf(kind, name);
            if (!nodes.Any(n => n.Id == id))
            {
                nodes.Add(new LineageNode(id, kind, kind is NodeKind.Check or NodeKind.Decision ? null : "sha256:" + new string('a', 64), project));
            }

            return id;
        }

        string decision = Node(NodeKind.Decision, "release");
        string policy = Node(NodeKind.Input, "governance.json");
        edges.Add((new LineageEdge(policy, decision, EdgeKind.Consumed), null));
        var firstArtifacts = new List<string>();
        int count = projects ?? random.Next(1, 5);
        for (int p = 0; p < count; p++)
        {
            string project = $"src/P{p}/P{p}.csproj";
            string check = Node(NodeKind.Check, $"collect:P{p}");
            edges.Add((new LineageEdge(check, decision, EdgeKind.Decided), null));
            string[] sources = Enumerable.Range(0, random.Next(1, 5)).Select(i => Node(NodeKind.Source, $"src/P{p}/S{i}.cs", project)).ToArray();
            string[] consumed = Enumerable.Range(0, random.Next(0, 3)).Select(i => Node(NodeKind.Input, $"pkg:nuget/Pkg{random.Next(0, 4)}@1.0.0")).Distinct()
                .Concat(p > 0 && random.Next(2) == 0 ? new[] { firstArtifacts[random.Next(p)] } : Array.Empty<string>())
                .ToArray();
            string[] artifacts = Enumerable.Range(0, random.Next(1, 4)).Select(i => Node(NodeKind.Artifact, $"src/P{p}/bin/P{p}_{i}.dll", project)).ToArray();
            firstArtifacts.Add(artifacts[0]);
            foreach (string artifact in artifacts)
            {
                edges.AddRange(sources.Select(s => (new LineageEdge(s, artifact, EdgeKind.Produced), (string?)project)));
                edges.AddRange(consumed.Select(c => (new LineageEdge(c, artifact, EdgeKind.Consumed), (string?)project)));
                edges.Add((new LineageEdge(artifact, check, EdgeKind.Checked), null));
            }
        }

        for (int e = 0; e < random.Next(0, 3); e++)
        {
            string check = Node(NodeKind.Check, $"evidence:{e}");
            edges.Add((new LineageEdge(Node(NodeKind.Evidence, $"evidence/{e}.json"), check, EdgeKind.Checked), null));
            edges.Add((new LineageEdge(check, decision, EdgeKind.Decided), null));
        }

        return (nodes, edges);
    }

    private static void Break(Random random, List<LineageNode> nodes, List<(LineageEdge Edge, string? Origin)> edges)
    {
        for (int i = random.Next(0, 4); i > 0 && edges.Count > 0; i--)
        {
            edges.RemoveAt(random.Next(edges.Count));
        }

        for (int i = random.Next(0, 3); i > 0; i--)
        {
            LineageNode existing = nodes[random.Next(nodes.Count)];
            string ghost = $"artifact:ghost/{random.Next(100)}.dll";
            edges.Add(random.Next(2) == 0 ? (new LineageEdge(existing.Id, ghost, EdgeKind.Produced), "src/P0/P0.csproj") : (new LineageEdge(ghost, existing.Id, EdgeKind.Consumed), null));
        }

        if (random.Next(4) == 0)
        {
            nodes.Add(new LineageNode($"input:stray/{random.Next(100)}.json", NodeKind.Input, null, null));
        }
    }

    private static LineageGraph Build(List<LineageNode> nodes, List<(LineageEdge Edge, string? Origin)> edges, Random order)
    {
        var graph = new LineageGraph();
        foreach (LineageNode node in nodes.OrderBy(_ => order.Next()))
        {
            graph.AddNodeWithId(node.Id, node.Kind, node.Digest, node.Project);
        }

        foreach ((LineageEdge edge, string? origin) in edges.OrderBy(_ => order.Next()))
        {
            graph.AddEdge(edge.From, edge.To, edge.Kind, origin);
        }

        return graph;
    }

    /// <summary>The rules, written the slow and obvious way: reachability by repeated relaxation until nothing changes.</summary>
    private static (string, string)[] Oracle(List<LineageNode> nodeList, List<LineageEdge> edgeList)
    {
        var nodes = nodeList.GroupBy(n => n.Id).ToDictionary(g => g.Key, g => g.First());
        var edges = edgeList.Distinct().ToList();
        var expected = new HashSet<(string, string)>();
        foreach (LineageEdge edge in edges.Where(e => !nodes.ContainsKey(e.From) || !nodes.ContainsKey(e.To)))
        {
            expected.Add(("GOV3002", nodes.ContainsKey(edge.From) ? edge.To : edge.From));
        }

        var valid = edges.Where(e => nodes.ContainsKey(e.From) && nodes.ContainsKey(e.To)).ToList();
        foreach (LineageNode artifact in nodes.Values.Where(n => n.Kind == NodeKind.Artifact))
        {
            if (!valid.Any(e => e.To == artifact.Id && e.Kind == EdgeKind.Produced && nodes[e.From].Kind == NodeKind.Source))
            {
                expected.Add(("GOV3001", artifact.Id));
            }
        }

        var reaches = new HashSet<string>(nodes.Values.Where(n => n.Kind == NodeKind.Decision).Select(n => n.Id));
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (LineageEdge edge in valid)
            {
                if (reaches.Contains(edge.To) && reaches.Add(edge.From))
                {
                    changed = true;
                }
            }
        }

        foreach (LineageNode node in nodes.Values.Where(n => n.Kind != NodeKind.Decision && !reaches.Contains(n.Id)))
        {
            expected.Add(("GOV3001", node.Id));
        }

        if (!nodes.Values.Any(n => n.Kind == NodeKind.Source && reaches.Contains(n.Id)))
        {
            expected.Add(("GOV3001", "decision:release"));
        }

        return expected.OrderBy(f => f).ToArray();
    }
}
