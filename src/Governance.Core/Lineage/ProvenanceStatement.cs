using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Governance.Core.Evaluation;
using Governance.Core.Json;

namespace Governance.Core.Lineage;

/// <summary>
/// Exports the lineage as an in-toto Statement v1 with a SLSA provenance v1 predicate
/// (<c>lineage.intoto.json</c>), so tools that speak SLSA can consume what the gate traced:
/// the subjects are the artifacts the gate's projects produced, with their digests;
/// <c>buildDefinition</c> says what was decided under which policy; <c>resolvedDependencies</c>
/// lists the commit and every package restore resolved; <c>runDetails</c> names the builder and
/// the CI run. Unsigned: signing belongs to bundles (docs/bundles.md).
/// </summary>
public static class ProvenanceStatement
{
    public const string StatementType = "https://in-toto.io/Statement/v1";
    public const string PredicateType = "https://slsa.dev/provenance/v1";

    /// <summary>Our buildType: documented in docs/lineage.md (a URN, as the project has no hosted documentation).</summary>
    public const string BuildType = "urn:governance-sdk:buildtype:release-gate:v1";

    /// <summary>
    /// The statement, or null when the graph has no artifact to name as a subject (nothing was
    /// collected): in-toto requires at least one subject, and an empty statement would attest nothing.
    /// </summary>
    public static byte[]? ToJson(GateEvaluation evaluation, string canonicalLineagePath, string canonicalLineageSha256)
    {
        IReadOnlyList<LineageNode> nodes = evaluation.Lineage.Nodes;
        LineageNode[] subjects = nodes.Where(n => n.Kind == NodeKind.Artifact && n.Digest is not null && n.Digest.StartsWith("sha256:", StringComparison.Ordinal)).ToArray();
        return subjects.Length == 0 ? null : Write(evaluation, nodes, subjects, canonicalLineagePath, canonicalLineageSha256);
    }

    private static byte[] Write(GateEvaluation evaluation, IReadOnlyList<LineageNode> nodes, LineageNode[] subjects, string canonicalLineagePath, string canonicalLineageSha256) => CanonicalJson.Write(w =>
    {
        GateReport report = evaluation.Report;

        w.WriteStartObject();
        w.WriteString("_type", StatementType);
        w.WriteStartArray("subject");
        foreach (LineageNode artifact in subjects)
        {
            w.WriteStartObject();
            w.WriteString("name", artifact.Id.Substring(NodeKind.Artifact.Length + 1));
            WriteDigest(w, artifact.Digest!);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("predicateType", PredicateType);
        w.WriteStartObject("predicate");

        w.WriteStartObject("buildDefinition");
        w.WriteString("buildType", BuildType);
        w.WriteStartObject("externalParameters");
        w.WriteStartObject("subject");
        w.WriteString("name", report.Subject.Name);
        w.WriteString("version", report.Subject.Version);
        w.WriteString("branch", report.Subject.Branch);
        w.WriteString("commit", report.Subject.Commit);
        w.WriteEndObject();
        w.WriteStartObject("policy");
        w.WriteString("path", report.Policy.Path ?? "(built-in defaults)");
        w.WriteString("version", report.Policy.Version);
        w.WriteOptionalString("sha256", report.Policy.Sha256);
        w.WriteEndObject();
        w.WriteString("mode", Names.Of(report.Mode));
        w.WriteString("profile", Names.Of(report.Profile));
        w.WriteString("evaluatedAt", GateClock.Format(report.EvaluatedAt));
        w.WriteEndObject();
        w.WriteStartObject("internalParameters");
        w.WriteString("decision", report.Decision);
        w.WriteStartArray("projects");
        foreach (ReportProject project in report.Projects)
        {
            w.WriteStartObject();
            w.WriteString("path", project.Path);
            w.WriteOptionalString("targetFramework", project.TargetFramework);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteStartArray("resolvedDependencies");
        if (report.Subject.Commit.Length > 0)
        {
            w.WriteStartObject();
            if (evaluation.Run.Repository is not null)
            {
                w.WriteString("uri", "git+" + evaluation.Run.Repository);
            }

            w.WriteStartObject("digest");
            w.WriteString("gitCommit", report.Subject.Commit);
            w.WriteEndObject();
            w.WriteString("name", "source");
            w.WriteEndObject();
        }

        const string packagePrefix = NodeKind.Input + ":pkg:";
        foreach (LineageNode package in nodes.Where(n => n.Id.StartsWith(packagePrefix, StringComparison.Ordinal)))
        {
            string purl = package.Id.Substring(NodeKind.Input.Length + 1);
            w.WriteStartObject();
            w.WriteString("uri", purl);
            if (package.Digest is not null)
            {
                WriteDigest(w, package.Digest);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteStartObject("runDetails");
        w.WriteStartObject("builder");
        w.WriteString("id", evaluation.Run.BuilderId);
        w.WriteStartObject("version");
        w.WriteString(report.Generator.Name, report.Generator.Version);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("metadata");
        w.WriteOptionalString("invocationId", evaluation.Run.InvocationId);
        w.WriteEndObject();
        w.WriteStartArray("byproducts");
        w.WriteStartObject();
        w.WriteString("name", canonicalLineagePath);
        w.WriteStartObject("digest");
        w.WriteString("sha256", canonicalLineageSha256);
        w.WriteEndObject();
        w.WriteString("mediaType", "application/json");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>Writes <c>"digest": { "algorithm": "hex" }</c> from our <c>algorithm:hex</c> form.</summary>
    private static void WriteDigest(Utf8JsonWriter w, string digest)
    {
        int colon = digest.IndexOf(':');
        w.WriteStartObject("digest");
        w.WriteString(digest.Substring(0, colon), digest.Substring(colon + 1));
        w.WriteEndObject();
    }
}
