using System.Collections.Generic;
using System.Text.Json;
using Governance.Core.Json;

namespace Governance.Core.Lineage;

/// <summary>Serialises the lineage graph: nodes by id, edges by (from, to, kind).</summary>
public static class LineageWriter
{
    public static byte[] ToJson(LineageGraph graph) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("schemaVersion", LineageGraph.SchemaVersion);
        w.WriteStartArray("nodes");
        foreach (LineageNode node in graph.Nodes)
        {
            w.WriteStartObject();
            w.WriteString("id", node.Id);
            w.WriteString("kind", node.Kind);
            w.WriteOptionalString("digest", node.Digest);
            w.WriteOptionalString("project", node.Project);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteEdges(w, graph.Edges);
        w.WriteEndObject();
    });

    /// <summary>Edges in one shape for the fragment and the canonical lineage.</summary>
    internal static void WriteEdges(Utf8JsonWriter w, IEnumerable<LineageEdge> edges)
    {
        w.WriteStartArray("edges");
        foreach (LineageEdge edge in edges)
        {
            w.WriteStartObject();
            w.WriteString("from", edge.From);
            w.WriteString("to", edge.To);
            w.WriteString("kind", edge.Kind);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
