using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Exceptions;
using Governance.Core.Json;
using Governance.Core.Policy;
using Governance.Core.Slos;

namespace Governance.Core.Reports;

/// <summary>A gate report read back, with the lineage outputs it names (their paths relative to the governance root).</summary>
public sealed record GateReportDocument(GateReport Report, EvidenceReference Lineage, EvidenceReference? Provenance);

/// <summary>
/// Reads <c>release_readiness_gate_report.json</c> back into the model <see cref="GateReportWriter"/>
/// wrote it from (promotion reads the decision from a bundle's report; replay compares reports).
/// A report of this SDK's format is validated against its schema (GOV1002); a later minor version
/// is read for what this version knows; another major version is refused (GOV1003). Paths in the
/// report are relative to the governance root and come back as full paths under
/// <paramref name="governanceRoot"/>, so writing a report read back gives the same bytes.
/// </summary>
public static class GateReportReader
{
    public const string SchemaFileName = "release-readiness-gate-report.schema.json";

    public static GateReportDocument? Read(string path, string governanceRoot, out IReadOnlyList<Diagnostic> diagnostics)
    {
        using JsonInput input = JsonInput.Read(path);
        return Read(input, governanceRoot, out diagnostics);
    }

    public static GateReportDocument? Read(byte[] bytes, string path, string governanceRoot, out IReadOnlyList<Diagnostic> diagnostics)
    {
        using JsonInput input = JsonInput.FromBytes(path, bytes);
        return Read(input, governanceRoot, out diagnostics);
    }

    private static GateReportDocument? Read(JsonInput input, string governanceRoot, out IReadOnlyList<Diagnostic> diagnostics)
    {
        var at = new SourceLocation(input.Path);
        if (input.Error is not null)
        {
            diagnostics = new[] { input.Error };
            return null;
        }

        JsonElement root = input.Document!.RootElement;
        string? version = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("schemaVersion", out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        FormatCompatibility compatibility = FormatVersion.Check(version, GateReport.SchemaVersion);
        if (compatibility == FormatCompatibility.Unsupported)
        {
            diagnostics = new[]
            {
                new Diagnostic(Gov.UnsupportedSchemaVersion,
                    $"{Path.GetFileName(input.Path)} has schemaVersion {(version is null ? "(none)" : $"\"{version}\"")}; this version of Governance.Sdk reads gate reports of schemaVersion \"{GateReport.SchemaVersion}\" (and later 1.x). Read it with the Governance.Sdk version that wrote it (its generator), or a later one.",
                    at),
            };
            return null;
        }

        diagnostics = compatibility == FormatCompatibility.Current
            ? SchemaValidator.Validate(input.Path, input.Text!, SchemaFileName)
            : Array.Empty<Diagnostic>();
        if (diagnostics.Count > 0)
        {
            return null;
        }

        try
        {
            return Parse(root, Path.GetFullPath(governanceRoot));
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or NotSupportedException)
        {
            // Only a later minor version skips the schema: a field it lacks, or a value (a status, a
            // severity) this version has no name for, is reported, never guessed at.
            diagnostics = new[]
            {
                new Diagnostic(Gov.SchemaViolation,
                    $"{Path.GetFileName(input.Path)} (schemaVersion \"{version}\") lacks fields every gate report has, or uses values this version of Governance.Sdk does not know: it was edited, or it needs a later Governance.Sdk to read. Use the report ReleaseGate wrote, read with the SDK version that wrote it.",
                    at),
            };
            return null;
        }
    }

    private static GateReportDocument Parse(JsonElement root, string governanceRoot)
    {
        string Full(string relative) => Path.GetFullPath(Path.Combine(governanceRoot, relative));

        JsonElement policy = root.GetProperty("policy");
        JsonElement subject = root.GetProperty("subject");
        JsonElement lineage = root.GetProperty("lineage");
        JsonElement generator = root.GetProperty("generator");
        var report = new GateReport
        {
            IsGo = Text(root, "decision") switch
            {
                "go" => true,
                "no-go" => false,
                string other => throw new FormatException($"decision '{other}'"),
            },
            Mode = Named<GateMode>(root, "mode"),
            Profile = Named<PolicyProfile>(root, "profile"),
            Policy = new PolicyReference(OptionalText(policy, "path"), Text(policy, "version"), OptionalText(policy, "sha256")),
            Subject = new GateSubject(Text(subject, "name"), Text(subject, "version"), Text(subject, "branch"), Text(subject, "commit")),
            EvaluatedAt = Time(root, "evaluatedAt"),
            Overrides = root.TryGetProperty("overrides", out JsonElement overrides)
                ? overrides.EnumerateArray().Select(o => new GateOverride(Text(o, "class"), Text(o, "setting"), Text(o, "value"), OptionalText(o, "project"))).ToArray()
                : Array.Empty<GateOverride>(),
            Projects = root.GetProperty("projects").EnumerateArray()
                .Select(p => new ReportProject(Text(p, "name"), Text(p, "path"), OptionalText(p, "targetFramework"), OptionalText(p, "sha256"))
                {
                    Kind = p.TryGetProperty("kind", out _) ? Named<Lineage.FragmentKind>(p, "kind") : Lineage.FragmentKind.Build,
                })
                .ToArray(),
            Checks = root.GetProperty("checks").EnumerateArray()
                .Select(c => new CheckResult(
                    Text(c, "id"),
                    Descriptor(Text(c, "code")),
                    Named<CheckStatus>(c, "status"),
                    Named<Severity>(c, "severity"),
                    Text(c, "message"),
                    OptionalText(c, "project"),
                    c.GetProperty("locations").EnumerateArray()
                        .Select(l => new SourceLocation(Full(Text(l, "path")), Number(l, "line"), Number(l, "column")))
                        .ToArray(),
                    c.GetProperty("evidence").EnumerateArray()
                        .Select(e => new EvidenceReference(Full(Text(e, "path")), OptionalText(e, "sha256")))
                        .ToArray())
                {
                    WaivedBy = OptionalText(c, "waivedBy"),
                })
                .ToArray(),
            Waivers = root.GetProperty("waivers").EnumerateArray()
                .Select(w => new Waiver(
                    new GovernanceException(Text(w, "exception"), Text(w, "check"), Text(w, "scope"), Text(w, "reason"),
                        Text(w, "requestedBy"), OptionalText(w, "approvedBy"), default, Time(w, "expires"), 0),
                    w.GetProperty("waived").EnumerateArray().Select(id => id.GetString() ?? throw new FormatException("waived")).ToArray()))
                .ToArray(),
            Slos = root.GetProperty("slos").EnumerateArray().Select(ParseSlo).ToArray(),
            Tenants = root.TryGetProperty("tenants", out JsonElement tenants) ? ParseTenants(tenants, Full) : null,
            Generator = new GeneratorInfo(Text(generator, "name"), Text(generator, "version")),
        };

        JsonElement provenance = lineage.GetProperty("provenance");
        return new GateReportDocument(
            report,
            new EvidenceReference(Text(lineage, "path"), Text(lineage, "sha256")),
            provenance.ValueKind == JsonValueKind.Null ? null : new EvidenceReference(Text(provenance, "path"), Text(provenance, "sha256")));
    }

    private static Tenants.TenantSummary ParseTenants(JsonElement tenants, Func<string, string> full)
    {
        JsonElement registry = tenants.GetProperty("registry");
        return new Tenants.TenantSummary(
            full(Text(registry, "path")), Text(registry, "sha256"),
            tenants.GetProperty("requiredCohorts").EnumerateArray().Select(c => c.GetInt32()).ToArray(),
            tenants.GetProperty("minCoverage").GetDouble(),
            tenants.GetProperty("required").GetInt32(),
            tenants.GetProperty("covered").GetInt32(),
            tenants.GetProperty("cohorts").EnumerateArray()
                .Select(c => new Tenants.CohortProgress(
                    (int?)OptionalNumber(c, "cohort"), c.GetProperty("required").GetBoolean(), c.GetProperty("capabilities").GetInt32(),
                    c.GetProperty("enforced").GetInt32(), c.GetProperty("pending").GetInt32(), c.GetProperty("exempt").GetInt32(), c.GetProperty("covered").GetInt32()))
                .ToArray());
    }

    private static SloOutcome ParseSlo(JsonElement slo)
    {
        JsonElement thresholds = slo.GetProperty("thresholds");
        var definition = new SloDefinition(
            Text(slo, "id"), Text(slo, "metric"), Named<SloDirection>(slo, "direction"),
            OptionalNumber(thresholds, "warn"), OptionalNumber(thresholds, "softFail"), OptionalNumber(thresholds, "hardFail"),
            (int?)OptionalNumber(slo, "window"), (int?)OptionalNumber(slo, "maxBreaches"), Severity.High, 0);
        return new SloOutcome(
            definition,
            OptionalNumber(slo, "value"),
            Named<SloTier>(slo, "tier"),
            slo.GetProperty("breaches").GetInt32(),
            slo.GetProperty("trend").EnumerateArray()
                .Select(p => new SloTrendPoint((long?)OptionalNumber(p, "sequence"), Text(p, "commit"), OptionalNumber(p, "value"), Named<SloTier>(p, "tier")))
                .ToArray());
    }

    /// <summary>The catalog's descriptor for a code; a code from a later version is kept as it is.</summary>
    private static DiagnosticDescriptor Descriptor(string code) =>
        Gov.All.FirstOrDefault(d => d.Code == code)
        ?? new DiagnosticDescriptor(code, "A finding of a later version of Governance.Sdk", IsConfigurationError: code.StartsWith("GOV1", StringComparison.Ordinal));

    private static string Text(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new FormatException($"{name} is null");

    private static string? OptionalText(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? OptionalNumber(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static int Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;

    private static T Named<T>(JsonElement element, string name)
        where T : struct, Enum =>
        Names.TryParse(Text(element, name), out T value) ? value : throw new FormatException($"{name} '{Text(element, name)}'");

    private static DateTimeOffset Time(JsonElement element, string name) =>
        GateClock.TryParseRfc3339(Text(element, name), out DateTimeOffset value) ? value : throw new FormatException($"{name} is not a time");
}
