using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Inputs;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Policy;

namespace Governance.Core.Checks;

/// <summary>One unsuppressed result of a SARIF log.</summary>
public sealed record SarifResult(string RuleId, string Level, string Message, SourceLocation? Location);

/// <summary>
/// Turns SARIF logs (the compiler's <c>ErrorLog</c>, which is SARIF 1.0 unless
/// <c>,version=2.1</c> is given, or any tool's SARIF 2.1.0) into findings. Each result's severity
/// comes from the policy's <c>sarif</c> mapping (rule id over level); results at or above
/// <c>failAt</c> fail, lower ones warn, and <c>info</c> ones are only counted. Suppressed results
/// and results that are not failures (<c>kind</c> pass, informational…) are not findings.
/// Results are grouped per rule, so a rule that fires a hundred times is one finding with a
/// hundred locations.
/// </summary>
public sealed class SarifChecker : IGateCheck
{
    /// <summary>How many locations one finding keeps; the message counts the rest.</summary>
    private const int LocationsKept = 50;

    /// <summary>
    /// Every SARIF log the projects produced, each read once and owned by the first project that
    /// names it; the logs of one project (one per target framework, typically) are judged
    /// together, so a rule is one finding per project however many frameworks report it.
    /// </summary>
    public void Run(GateContext context, GateFindings findings)
    {
        if (context.Policy is null)
        {
            return;
        }

        foreach (IGrouping<string, string> logs in context.Projects
            .SelectMany(p => p.SarifLogs.Select(l => (Log: Path.GetFullPath(l), p.ProjectFile)))
            .GroupBy(x => x.Log, x => x.ProjectFile, RepoPath.Comparer)
            // A log several projects share (one ErrorLog for the repository) belongs to the first by path, whatever the build order.
            .GroupBy(g => g.OrderBy(project => project, StringComparer.Ordinal).First(), g => g.Key, RepoPath.Comparer)
            .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            findings.AddRange(Check(logs.OrderBy(l => l, StringComparer.Ordinal).ToArray(), context.Root, RepoPath.Relative(context.Root, logs.Key), context.Policy.Sarif, context.Inputs));
        }
    }

    public static IEnumerable<CheckResult> Check(string logFile, string governanceRoot, string? project, SarifPolicy policy, IGateInputs inputs) =>
        Check(new[] { logFile }, governanceRoot, project, policy, inputs);

    /// <summary>The findings of one project's SARIF logs: a result the logs repeat (one per target framework) counts once.</summary>
    public static IEnumerable<CheckResult> Check(IReadOnlyList<string> logFiles, string governanceRoot, string? project, SarifPolicy policy, IGateInputs inputs)
    {
        var findings = new List<CheckResult>();
        var read = new List<(string Log, SarifResult Result, EvidenceReference Evidence)>();
        foreach (string logFile in logFiles)
        {
            string relative = RepoPath.Relative(governanceRoot, logFile);
            string logId = $"sarif:{relative}";
            if (!inputs.FileExists(logFile))
            {
                findings.Add(new CheckResult(logId, Gov.UnreadableFile, CheckStatus.Error, Severity.High,
                    $"The SARIF log {relative} does not exist. Build the project so the compiler or tool writes it, or remove it from ErrorLog / GovernanceSarifLog.",
                    project, new[] { new SourceLocation(logFile) }, Array.Empty<EvidenceReference>()));
                continue;
            }

            using JsonInput input = JsonInput.Read(inputs, logFile, InputRole.Sarif);
            if (input.Error is not null)
            {
                findings.Add(CheckResult.FromDiagnostic(logId, input.Error, project));
                continue;
            }

            var evidence = new EvidenceReference(logFile, input.Sha256);
            IReadOnlyList<SarifResult>? results = Read(input.Document!.RootElement, governanceRoot, out string? problem);
            if (results is null)
            {
                findings.Add(new CheckResult(logId, Gov.SchemaViolation, CheckStatus.Error, Severity.High,
                    $"{relative} is not a SARIF log this SDK reads: {problem}. Produce SARIF 2.1.0 (or the compiler's ErrorLog), or remove it from ErrorLog / GovernanceSarifLog.",
                    project, new[] { new SourceLocation(logFile) }, new[] { evidence }));
                continue;
            }

            int informational = results.Count(r => policy.SeverityOf(r.RuleId, r.Level) == Severity.Info);
            findings.Add(new CheckResult(logId, Gov.SarifFinding, CheckStatus.Pass, Severity.Info,
                string.Format(CultureInfo.InvariantCulture,
                    "{0}: {1} result(s), {2} of them informational (not reported).", relative, results.Count, informational),
                project, new[] { new SourceLocation(logFile) }, new[] { evidence }));
            read.AddRange(results.Select(r => (logFile, r, evidence)));
        }

        foreach (IGrouping<(string RuleId, Severity Severity), (string Log, SarifResult Result, EvidenceReference Evidence)> group in read
            .GroupBy(r => (r.Result.RuleId, Severity: policy.SeverityOf(r.Result.RuleId, r.Result.Level)))
            .Where(g => g.Key.Severity != Severity.Info)
            .OrderBy(g => g.Key.RuleId, StringComparer.Ordinal))
        {
            // The same result from several target frameworks' logs is one result.
            SarifResult[] all = group.Select(r => r.Result).Distinct().ToArray();
            string[] logs = group.Select(r => r.Log).Distinct(RepoPath.Comparer).ToArray();
            SourceLocation[] inside = all.Select(r => r.Location).Where(l => l is not null && RepoPath.IsUnder(governanceRoot, l.Path)).Select(l => l!).ToArray();
            CheckStatus status = group.Key.Severity >= policy.FailAt ? CheckStatus.Fail : CheckStatus.Warn;
            string levels = string.Join("/", all.Select(r => r.Level).Distinct(StringComparer.Ordinal).OrderBy(l => l, StringComparer.Ordinal));
            string first = WithoutRoot(all[0].Message, governanceRoot);
            string more = all.Length > 1 ? $" ({all.Length} results; the first: {first})" : $": {first}";
            string where = logs.Length == 1
                ? RepoPath.Relative(governanceRoot, logs[0])
                : $"{logs.Length} SARIF logs of {project} ({RepoPath.Relative(governanceRoot, logs[0])}, …)";
            string remedy = status == CheckStatus.Fail
                ? $" Fix it, or map {group.Key.RuleId} to a lower severity in the policy's sarif.rules if it must not block a release."
                : string.Empty;
            findings.Add(new CheckResult($"sarif:{group.Key.RuleId}", Gov.SarifFinding, status, group.Key.Severity,
                $"{group.Key.RuleId} ({levels}, {Names.Of(group.Key.Severity)} severity) in {where}{more}{remedy}",
                project,
                // Locations outside the repository (an SDK file, a package) would tie the report to this machine.
                inside.Take(LocationsKept).DefaultIfEmpty(new SourceLocation(logs[0])).ToArray(),
                group.Select(r => r.Evidence).Distinct().ToArray()));
        }

        return findings;
    }

    /// <summary>
    /// A tool's message with the repository's absolute location taken out (compilers name files by
    /// full path), so the report does not depend on where the repository is checked out.
    /// </summary>
    private static string WithoutRoot(string message, string governanceRoot)
    {
        string root = Path.GetFullPath(governanceRoot).TrimEnd('/', '\\');
        string uri = new Uri(root + Path.DirectorySeparatorChar).AbsoluteUri;
        return message.Replace(uri, string.Empty).Replace(root + Path.DirectorySeparatorChar, string.Empty).Replace(root, ".");
    }

    /// <summary>
    /// The unsuppressed failure results of a SARIF 1.0 or 2.1.0 log, or null with the reason it is
    /// not one. Relative result paths resolve through the run's <c>originalUriBaseIds</c> when
    /// the result names a base, else against <paramref name="baseDirectory"/> (the governance root:
    /// tools write repository-relative paths).
    /// </summary>
    public static IReadOnlyList<SarifResult>? Read(JsonElement root, string baseDirectory, out string? problem)
    {
        problem = null;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("runs", out JsonElement runs) || runs.ValueKind != JsonValueKind.Array)
        {
            problem = "it has no \"runs\" array";
            return null;
        }

        string version = root.StringOrNull("version") ?? string.Empty;
        bool v1 = version.StartsWith("1.", StringComparison.Ordinal);
        if (!v1 && !version.StartsWith("2.1", StringComparison.Ordinal))
        {
            problem = version.Length == 0 ? "it has no \"version\"" : $"its version is \"{version}\" (1.0.0 and 2.1.0 are read)";
            return null;
        }

        var results = new List<SarifResult>();
        foreach (JsonElement run in runs.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object))
        {
            if (!run.TryGetProperty("results", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            IReadOnlyDictionary<string, string> defaultLevels = v1 ? new Dictionary<string, string>() : RuleDefaultLevels(run);
            IReadOnlyDictionary<string, string> bases = v1 ? new Dictionary<string, string>() : UriBases(run);
            foreach (JsonElement result in list.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object))
            {
                if (IsSuppressed(result) || (result.StringOrNull("kind") is string kind && kind != "fail"))
                {
                    continue;
                }

                string ruleId = result.StringOrNull("ruleId")
                    ?? (result.TryGetProperty("rule", out JsonElement rule) ? rule.StringOrNull("id") : null)
                    ?? "(no rule id)";
                // SARIF 2.1: an absent level is the rule's default level, else "warning".
                string level = result.StringOrNull("level") ?? (defaultLevels.TryGetValue(ruleId, out string? byRule) ? byRule : "warning");
                if (level == "pass")
                {
                    // SARIF 1.0 spelled "not a failure" as a level.
                    continue;
                }

                string message = result.TryGetProperty("message", out JsonElement m)
                    ? m.ValueKind == JsonValueKind.String ? m.GetString()! : m.StringOrNull("text") ?? string.Empty
                    : string.Empty;
                results.Add(new SarifResult(ruleId, level, message.Trim(), FirstLocation(result, v1, baseDirectory, bases)));
            }
        }

        return results;
    }

    /// <summary>The <c>defaultConfiguration.level</c> of each rule the run's tool declares, by rule id.</summary>
    private static IReadOnlyDictionary<string, string> RuleDefaultLevels(JsonElement run)
    {
        var levels = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonElement driver = run.ObjectOrUndefined("tool").ObjectOrUndefined("driver");
        if (driver.ValueKind == JsonValueKind.Object && driver.TryGetProperty("rules", out JsonElement rules) && rules.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement rule in rules.EnumerateArray())
            {
                if (rule.StringOrNull("id") is string id && rule.ObjectOrUndefined("defaultConfiguration").StringOrNull("level") is string level)
                {
                    levels[id] = level;
                }
            }
        }

        return levels;
    }

    private static bool IsSuppressed(JsonElement result) =>
        (result.TryGetProperty("suppressions", out JsonElement suppressions) && suppressions.ValueKind == JsonValueKind.Array &&
         suppressions.EnumerateArray().Any(s => s.StringOrNull("status") is null or "accepted")) ||
        (result.TryGetProperty("suppressionStates", out JsonElement states) && states.ValueKind == JsonValueKind.Array && states.GetArrayLength() > 0);

    private static SourceLocation? FirstLocation(JsonElement result, bool v1, string baseDirectory, IReadOnlyDictionary<string, string> bases)
    {
        if (!result.TryGetProperty("locations", out JsonElement locations) || locations.ValueKind != JsonValueKind.Array || locations.GetArrayLength() == 0)
        {
            return null;
        }

        JsonElement physical = locations[0].ObjectOrUndefined(v1 ? "resultFile" : "physicalLocation");
        JsonElement artifact = v1 ? physical : physical.ObjectOrUndefined("artifactLocation");
        string? uri = artifact.StringOrNull("uri");
        string directory = artifact.StringOrNull("uriBaseId") is string baseId && bases.TryGetValue(baseId, out string? baseUri) && ToPath(baseUri, baseDirectory) is string basePath
            ? basePath
            : baseDirectory;
        string? path = ToPath(uri, directory);
        if (path is null)
        {
            return null;
        }

        JsonElement region = physical.ObjectOrUndefined("region");
        return new SourceLocation(path, System.Math.Max(0, region.IntOrZero("startLine")), System.Math.Max(0, region.IntOrZero("startColumn")));
    }

    /// <summary>The run's <c>originalUriBaseIds</c> that carry a URI, by id.</summary>
    private static IReadOnlyDictionary<string, string> UriBases(JsonElement run)
    {
        var bases = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonElement all = run.ObjectOrUndefined("originalUriBaseIds");
        if (all.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty entry in all.EnumerateObject())
            {
                if (entry.Value.StringOrNull("uri") is string uri)
                {
                    bases[entry.Name] = uri;
                }
            }
        }

        return bases;
    }

    /// <summary>A local path for a URI: file URIs as they are, relative ones against <paramref name="directory"/>; null for other schemes.</summary>
    private static string? ToPath(string? uri, string directory)
    {
        if (string.IsNullOrEmpty(uri))
        {
            return null;
        }

        try
        {
            if (uri!.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                return new Uri(uri).LocalPath;
            }

            if (Path.IsPathRooted(uri))
            {
                return Path.GetFullPath(uri);
            }

            // Another scheme (https:) names nothing on this disk; anything else is relative.
            return Uri.TryCreate(uri, UriKind.Absolute, out _) ? null : Path.GetFullPath(Path.Combine(directory, Uri.UnescapeDataString(uri)));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException or UriFormatException)
        {
            return null;
        }
    }
}
