using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Governance.Core.IO;
using Governance.Core.Json;

namespace Governance.Core.Tests.Durability;

/// <summary>
/// Writes <c>artifacts/durability/durability_report.json</c> at the repository root as the
/// durability tests run. Several test classes in two test assemblies (run in parallel by
/// <c>dotnet test</c> on the solution) contribute: each class keeps its own part file under
/// <c>parts/</c>, rewritten after every scenario, and every write merges all parts into the report
/// while holding a lock file, so whichever writer is last sees every part and the report is
/// complete after a full run. A class run again replaces its own part; the others are kept.
/// </summary>
public static class DurabilityReport
{
    public const string SchemaFileName = "durability-report.schema.json";

    private static readonly object Gate = new();
    private static readonly Dictionary<string, List<DurabilityResult>> Parts = new(StringComparer.Ordinal);

    public static string Directory => Path.Combine(FindRepositoryRoot(), "artifacts", "durability");

    public static string ReportFile => Path.Combine(Directory, "durability_report.json");

    /// <summary>Records <paramref name="result"/> under <paramref name="part"/> and merges the report again.</summary>
    public static void Add(string part, DurabilityResult result)
    {
        lock (Gate)
        {
            if (!Parts.TryGetValue(part, out List<DurabilityResult>? results))
            {
                Parts[part] = results = new List<DurabilityResult>();
            }

            results.Add(result);
            string parts = Path.Combine(Directory, "parts");
            System.IO.Directory.CreateDirectory(parts);
            using FileStream held = Lock();
            AtomicFile.WriteAllBytes(Path.Combine(parts, part + ".json"), CanonicalJson.Write(w =>
            {
                w.WriteStartArray();
                foreach (DurabilityResult r in results)
                {
                    Write(w, part, r);
                }

                w.WriteEndArray();
            }));
            Merge(parts);
        }
    }

    /// <summary>Merges the part files there are into the report (an empty report when none are).</summary>
    public static void Merge()
    {
        lock (Gate)
        {
            string parts = Path.Combine(Directory, "parts");
            System.IO.Directory.CreateDirectory(parts);
            using FileStream held = Lock();
            Merge(parts);
        }
    }

    private static void Merge(string parts)
    {
        var scenarios = new List<(string Part, string Scenario, string FaultPoint, long Kill, string Json, bool Passed)>();
        foreach (string file in System.IO.Directory.GetFiles(parts, "*.json"))
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (JsonElement s in document.RootElement.EnumerateArray())
            {
                bool passed = s.GetProperty("invariants").GetString() == "held" && s.GetProperty("rerun").GetString() == "converged" && s.GetProperty("outcome").GetString() != "not-killed";
                scenarios.Add((s.GetProperty("part").GetString()!, s.GetProperty("scenario").GetString()!, s.GetProperty("faultPoint").GetString() ?? string.Empty,
                    s.GetProperty("killAfterMs").ValueKind == JsonValueKind.Number ? s.GetProperty("killAfterMs").GetInt64() : -1, s.GetRawText(), passed));
            }
        }

        var ordered = scenarios.OrderBy(s => s.Part, StringComparer.Ordinal).ThenBy(s => s.Scenario, StringComparer.Ordinal)
            .ThenBy(s => s.FaultPoint, StringComparer.Ordinal).ThenBy(s => s.Kill).ToList();
        AtomicFile.WriteAllBytes(ReportFile, CanonicalJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("schemaVersion", "1");
            w.WriteString("generatedAt", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteStartObject("summary");
            w.WriteNumber("total", ordered.Count);
            w.WriteNumber("passed", ordered.Count(s => s.Passed));
            w.WriteNumber("failed", ordered.Count(s => !s.Passed));
            w.WriteEndObject();
            w.WriteStartArray("scenarios");
            foreach (var s in ordered)
            {
                using JsonDocument one = JsonDocument.Parse(s.Json);
                one.RootElement.WriteTo(w);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    private static void Write(Utf8JsonWriter w, string part, DurabilityResult r)
    {
        w.WriteStartObject();
        w.WriteString("part", part);
        w.WriteString("scenario", r.Scenario);
        w.WriteString("kind", r.Kind);
        if (r.FaultPoint is null)
        {
            w.WriteNull("faultPoint");
        }
        else
        {
            w.WriteString("faultPoint", r.FaultPoint);
        }

        if (r.KillAfterMs is long kill)
        {
            w.WriteNumber("killAfterMs", kill);
        }
        else
        {
            w.WriteNull("killAfterMs");
        }

        w.WriteString("outcome", r.Outcome);
        w.WriteString("invariants", r.Invariants);
        w.WriteString("rerun", r.Rerun);
        w.WriteString("detail", r.Detail);
        w.WriteEndObject();
    }

    /// <summary>The lock other test processes wait on; one left by a killed test host is broken after a minute.</summary>
    private static FileStream Lock()
    {
        string file = Path.Combine(Directory, ".lock");
        var wait = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (wait.Elapsed < TimeSpan.FromMinutes(2))
            {
                if (File.Exists(file) && DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > TimeSpan.FromMinutes(1))
                {
                    File.Delete(file);
                }

                Thread.Sleep(20);
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (string? directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "Governance.Sdk.sln")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException("Governance.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
