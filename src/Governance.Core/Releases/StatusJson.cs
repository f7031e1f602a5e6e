using System.Text.Json;
using Governance.Core.Evaluation;
using Governance.Core.Json;

namespace Governance.Core.Releases;

/// <summary>
/// <c>governance status --json</c> (schema <c>schemas/governance-status.schema.json</c>): canonical,
/// so the same ledgers give the same bytes (no time of writing in it; every list sorted or in
/// ledger order). Deploy tooling reads <c>environments[].tracks[]</c>: what is current where.
/// </summary>
public static class StatusJson
{
    public const string SchemaVersion = "1";

    public const string SchemaFileName = "governance-status.schema.json";

    /// <summary>The status document; with <paramref name="lineage"/>, the <c>promoted</c>/<c>rolledBack</c> edges too (<c>--lineage</c>).</summary>
    public static byte[] Write(ReleaseStatus status, bool lineage = false) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("schemaVersion", SchemaVersion);
        w.WriteBoolean("verified", status.IsVerified);
        w.WriteStartArray("environments");
        foreach (EnvironmentStatus environment in status.Environments)
        {
            WriteEnvironment(w, environment);
        }

        w.WriteEndArray();
        if (lineage)
        {
            w.WriteStartArray("lineage");
            foreach (ReleaseEdge edge in status.Edges)
            {
                w.WriteStartObject();
                w.WriteString("kind", Names.Name(edge.Kind));
                w.WriteString("manifestSha256", edge.ManifestSha256);
                w.WriteString("package", edge.Bundle.PackageId);
                w.WriteString("version", edge.Bundle.Version);
                w.WriteString("environment", edge.Environment);
                w.WriteNumber("sequence", edge.Sequence);
                w.WriteString("at", GateClock.Format(edge.At));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    });

    private static void WriteEnvironment(Utf8JsonWriter w, EnvironmentStatus environment)
    {
        EnvironmentState state = environment.State;
        w.WriteStartObject();
        w.WriteString("name", environment.Policy.Name);
        if (environment.Policy.After is null)
        {
            w.WriteNull("after");
        }
        else
        {
            w.WriteString("after", environment.Policy.After);
        }

        w.WriteStartObject("ledger");
        w.WriteNumber("length", state.Ledger.Entries.Count);
        if (state.Ledger.Newest is RecordedLedgerEntry head)
        {
            w.WriteString("head", head.Digest);
        }
        else
        {
            w.WriteNull("head");
        }

        w.WriteBoolean("verified", state.IsVerified);
        if (state.Ledger.Problem is Diagnostics.Diagnostic problem)
        {
            w.WriteStartObject("problem");
            w.WriteString("code", problem.Code);
            w.WriteString("message", problem.Message);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("problem");
        }

        w.WriteEndObject();
        w.WriteStartArray("tracks");
        foreach (CurrentRelease current in state.Current)
        {
            w.WriteStartObject();
            w.WriteString("track", current.Track.Key);
            w.WriteString("package", current.Bundle.PackageId);
            w.WriteNumber("major", current.Track.Major);
            w.WriteString("version", current.Bundle.Version);
            w.WriteString("manifestSha256", current.Bundle.ManifestSha256);
            w.WriteString("release", current.Release.Id);
            w.WriteString("since", GateClock.Format(current.Since));
            w.WriteString("by", current.By);
            w.WriteNumber("sequence", current.Sequence);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("interrupted");
        foreach (InterruptedPromotion interrupted in state.Interrupted)
        {
            w.WriteStartObject();
            w.WriteString("release", interrupted.Release.Id);
            w.WriteStartArray("bundles");
            foreach (ReleaseBundle bundle in interrupted.Release.Bundles)
            {
                w.WriteStartObject();
                w.WriteString("package", bundle.PackageId);
                w.WriteString("version", bundle.Version);
                w.WriteString("manifestSha256", bundle.ManifestSha256);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("startedAt", GateClock.Format(interrupted.StartedAt));
            w.WriteString("by", interrupted.By);
            w.WriteNumber("sequence", interrupted.Sequence);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
