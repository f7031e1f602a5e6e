using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Governance.Core.Policy;

namespace Governance.Core.Evaluation;

/// <summary>The policy a decision was made under; all null for the built-in defaults.</summary>
public sealed record PolicyReference(string? Path, string Version, string? Sha256);

/// <summary>What the decision is about.</summary>
public sealed record GateSubject(string Name, string Version, string Branch, string Commit);

/// <summary>
/// A project build in the gate and the digest of its collected results. A multi-targeted project
/// appears once per target framework; <see cref="TargetFramework"/> is null when its results are missing.
/// </summary>
public sealed record ReportProject(string Name, string Path, string? TargetFramework, string? Sha256);

/// <summary>The tool that made the decision.</summary>
public sealed record GeneratorInfo(string Name, string Version)
{
    public static GeneratorInfo Current { get; } = new("Governance.Sdk", ReadVersion());

    private static string ReadVersion()
    {
        string? informational = typeof(GeneratorInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        string version = informational ?? typeof(GeneratorInfo).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        int plus = version.IndexOf('+');
        return plus < 0 ? version : version.Substring(0, plus);
    }
}

/// <summary>
/// The release decision and everything it rests on: the content of
/// <c>release_readiness_gate_report.json</c> (schema <c>schemas/release-readiness-gate-report.schema.json</c>).
/// </summary>
public sealed record GateReport
{
    public const string SchemaVersion = "1";

    public required bool IsGo { get; init; }

    public required GateMode Mode { get; init; }

    public required PolicyProfile Profile { get; init; }

    public required PolicyReference Policy { get; init; }

    public required GateSubject Subject { get; init; }

    public required DateTimeOffset EvaluatedAt { get; init; }

    public required IReadOnlyList<ReportProject> Projects { get; init; }

    /// <summary>Sorted: by id, then code, project and message.</summary>
    public required IReadOnlyList<CheckResult> Checks { get; init; }

    /// <summary>Each valid SLO's value, tier and trend, in policy order.</summary>
    public IReadOnlyList<Slos.SloOutcome> Slos { get; init; } = Array.Empty<Slos.SloOutcome>();

    /// <summary>The exceptions that applied and what each waived, by exception id.</summary>
    public IReadOnlyList<Exceptions.Waiver> Waivers { get; init; } = Array.Empty<Exceptions.Waiver>();

    public GeneratorInfo Generator { get; init; } = GeneratorInfo.Current;

    public string Decision => IsGo ? "go" : "no-go";

    /// <summary>How many distinct project files are in the gate (a multi-targeted project counts once).</summary>
    public int ProjectCount => Projects.Select(p => p.Path).Distinct(StringComparer.Ordinal).Count();
}
