using System;
using System.Collections.Generic;
using System.Text.Json;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Store;

namespace Governance.Core.Tenants;

/// <summary>
/// The tenant rollout's history of one gate subject in the release store: a hash-chained stream
/// (<see cref="HashChain"/>, as the SLO history is) with one entry per recorded blocking run,
/// holding the commit and the rollout's totals. The rollout page's trend is read from it; an
/// edited, removed or reordered entry breaks the chain and is reported instead of being believed.
/// </summary>
public static class TenantHistory
{
    public const string SchemaVersion = "1";

    /// <summary>How many recorded runs the trend shows, this run included.</summary>
    public const int TrendLength = 10;

    public static string StreamName(string subject) => "tenant-history/" + StreamNames.Subject(subject);

    /// <summary>The recorded runs, oldest first, up to the first that cannot be trusted, with why not.</summary>
    public static (IReadOnlyList<TenantTrendPoint> Points, ChainRead Chain) Read(IReleaseStore store, string subject)
    {
        ChainRead chain = HashChain.Read(store, StreamName(subject), SchemaVersion);
        var points = new List<TenantTrendPoint>();
        foreach (ChainEntry entry in chain.Entries)
        {
            TenantTrendPoint? point = Parse(entry);
            if (point is null)
            {
                return (points, chain with { Problem = $"entry {entry.Sequence} is not a well-formed tenant history entry", ProblemLocation = entry.Location });
            }

            points.Add(point);
        }

        return (points, chain);
    }

    /// <summary>What appends this run once the gate's outputs are written; nothing when the newest entry is the same commit with the same totals (a rerun).</summary>
    public static StreamAppend Record(string subject, TenantTrendPoint run) => new(
        StreamName(subject),
        SchemaVersion,
        w => WritePayload(w, run),
        newest => Parse(newest) is TenantTrendPoint last && SameRun(last, run),
        Gov.StoreTampered,
        $"The tenant rollout history of '{subject}'");

    /// <summary>The same commit with the same totals: a rerun, which is not recorded twice.</summary>
    public static bool SameRun(TenantTrendPoint a, TenantTrendPoint b) =>
        a.Commit == b.Commit && a.Required == b.Required && a.Covered == b.Covered &&
        a.Enforced == b.Enforced && a.Pending == b.Pending && a.Exempt == b.Exempt;

    private static void WritePayload(Utf8JsonWriter w, TenantTrendPoint run)
    {
        w.WriteString("recordedAt", run.RecordedAt);
        w.WriteString("commit", run.Commit);
        w.WriteNumber("required", run.Required);
        w.WriteNumber("covered", run.Covered);
        w.WriteNumber("enforced", run.Enforced);
        w.WriteNumber("pending", run.Pending);
        w.WriteNumber("exempt", run.Exempt);
    }

    private static TenantTrendPoint? Parse(ChainEntry stored)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(stored.Content);
            JsonElement root = document.RootElement;
            string recordedAt = root.GetProperty("recordedAt").GetString()!;
            if (!GateClock.TryParseRfc3339(recordedAt, out _))
            {
                return null;
            }

            // A chain verifies itself, not its writer: a null commit would be believed, then crash the rollout page.
            if (root.GetProperty("commit").GetString() is not string commit)
            {
                return null;
            }

            int required = root.GetProperty("required").GetInt32();
            int covered = root.GetProperty("covered").GetInt32();
            return new TenantTrendPoint(
                stored.Sequence, recordedAt, commit,
                required == 0 ? null : (double)covered / required, required, covered,
                root.GetProperty("enforced").GetInt32(), root.GetProperty("pending").GetInt32(), root.GetProperty("exempt").GetInt32());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or NullReferenceException)
        {
            return null;
        }
    }
}
