using System.Collections.Generic;

namespace Governance.Core.Policy;

/// <summary>The evaluated posture of the gate: do failures stop the build?</summary>
public enum GateMode
{
    Informational,
    Blocking,
}

/// <summary>How strictly failures of lower severity are treated (docs/policy.md).</summary>
public enum PolicyProfile
{
    Strict,
    Transitional,
}

/// <summary>Severity of a check result, lowest first.</summary>
public enum Severity
{
    Info,
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>One required piece of evidence (<c>evidence[]</c> in the policy).</summary>
/// <param name="Kind">What the evidence is, e.g. <c>branch-protection</c>.</param>
/// <param name="Path">The file, relative to the governance root, as written in the policy.</param>
/// <param name="MaxAgeDays">Maximum age by the evidence's own <c>capturedAt</c>, or null for no limit.</param>
/// <param name="Severity">Severity of a failure of this requirement.</param>
/// <param name="Line">Line of the entry in the policy file, for diagnostics.</param>
public sealed record EvidenceRequirement(string Kind, string Path, double? MaxAgeDays, Severity Severity, int Line)
{
    /// <summary>The kind whose capture Governance.Sdk reads and checks itself (docs/policy.md#branch-protection).</summary>
    public const string BranchProtectionKind = "branch-protection";

    /// <summary>A JSON schema the evidence must satisfy, relative to the governance root as written in the policy; null for none.</summary>
    public string? SchemaPath { get; init; }

    /// <summary>What a <c>branch-protection</c> capture must show (<c>require</c>), or null when the policy says nothing.</summary>
    public BranchProtectionRequirement? BranchProtection { get; init; }

    public bool IsBranchProtection => string.Equals(Kind, BranchProtectionKind, System.StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// What a branch-protection capture must show (<c>evidence[].require</c>): pull requests with at
/// least <see cref="MinApprovals"/> approvals, the named status checks required, force pushes and
/// deletions blocked.
/// </summary>
public sealed record BranchProtectionRequirement(int MinApprovals, IReadOnlyList<string> StatusChecks, bool BlockForcePushes, bool BlockDeletions)
{
    /// <summary>A reviewed pull request, no force pushes, no deletion: the least a release branch needs.</summary>
    public static BranchProtectionRequirement Default { get; } = new(1, new string[0], true, true);
}

/// <summary>Which way an SLO's metric is good.</summary>
public enum SloDirection
{
    /// <summary>Bigger is better: a value below a threshold is beyond it.</summary>
    Higher,

    /// <summary>Smaller is better: a value above a threshold is beyond it.</summary>
    Lower,
}

/// <summary>A service level objective (<c>slos[]</c>): a metric, its good direction and three thresholds.</summary>
/// <param name="Window">How many recent runs the repeated-breach rule looks at, or null for no such rule.</param>
/// <param name="MaxBreaches">How many breaching runs within the window make a repeated breach (GOV5004).</param>
/// <param name="Line">Line of the entry in the policy file, for diagnostics.</param>
public sealed record SloDefinition(
    string Id, string Metric, SloDirection Direction, double? Warn, double? SoftFail, double? HardFail,
    int? Window, int? MaxBreaches, Severity Severity, int Line);

/// <summary>Files that must satisfy a JSON schema (<c>contracts[]</c> in the policy).</summary>
/// <param name="Files">A glob relative to the governance root (<c>*</c>, <c>**</c>, <c>?</c>).</param>
/// <param name="SchemaPath">The schema file, relative to the governance root; it may <c>$ref</c> others by relative path.</param>
/// <param name="Severity">Severity of a violation.</param>
/// <param name="Line">Line of the entry in the policy file, for diagnostics.</param>
public sealed record ContractRequirement(string Files, string SchemaPath, Severity Severity, int Line);

/// <summary>The version policy (<c>versioning</c>).</summary>
/// <param name="StableOnBlockingBranches">On blocking branches, package versions must not be prereleases (GOV2201).</param>
/// <param name="Baseline">A version every package must exceed, or null.</param>
/// <param name="PackageBaselines">Per-package versions to exceed, by package id (case-insensitive).</param>
/// <param name="Line">Line of <c>versioning</c> in the policy file, for diagnostics.</param>
public sealed record VersioningPolicy(bool StableOnBlockingBranches, string? Baseline, IReadOnlyDictionary<string, string> PackageBaselines, int Line)
{
    public static VersioningPolicy None { get; } = new(false, null, new Dictionary<string, string>(), 0);
}

/// <summary>
/// How SARIF results become findings (<c>sarif</c>): a severity per SARIF level, overridden per rule
/// id, and the severity from which a result fails rather than warns.
/// </summary>
public sealed record SarifPolicy(IReadOnlyDictionary<string, Severity> Levels, IReadOnlyDictionary<string, Severity> Rules, Severity FailAt)
{
    public static SarifPolicy Default { get; } = new(
        new Dictionary<string, Severity>(System.StringComparer.Ordinal)
        {
            ["error"] = Severity.High,
            ["warning"] = Severity.Medium,
            ["note"] = Severity.Low,
            ["none"] = Severity.Info,
        },
        new Dictionary<string, Severity>(System.StringComparer.Ordinal),
        Severity.High);

    /// <summary>The severity of a result: its rule's mapping, else its level's.</summary>
    public Severity SeverityOf(string ruleId, string level) =>
        Rules.TryGetValue(ruleId, out Severity byRule) ? byRule
        : Levels.TryGetValue(level, out Severity byLevel) ? byLevel
        : Default.Levels.TryGetValue(level, out Severity fallback) ? fallback
        : Severity.Medium;
}

/// <summary>A public key trusted to sign release bundles (<c>trustedKeys[]</c> in the policy).</summary>
/// <param name="Id">The name the policy gives the key, used in messages.</param>
/// <param name="PublicKeyPath">The PEM public key file, relative to the governance root as written in the policy.</param>
/// <param name="Line">Line of the entry in the policy file, for diagnostics.</param>
public sealed record TrustedKey(string Id, string PublicKeyPath, int Line);

/// <summary>
/// A loaded, schema-valid <c>governance.json</c>. Only the parts the current checks evaluate are
/// mapped; the schema validates every field of the reference policy already.
/// </summary>
public sealed record GovernancePolicy
{
    /// <summary>The policy used when a repository has no <c>governance.json</c>.</summary>
    public static GovernancePolicy BuiltInDefaults { get; } = new();

    /// <summary>Full path of the policy file, or null for the built-in defaults.</summary>
    public string? FilePath { get; init; }

    /// <summary>SHA-256 of the policy file's bytes, or null for the built-in defaults.</summary>
    public string? Sha256 { get; init; }

    public string PolicyVersion { get; init; } = PolicyLoader.SupportedVersion;

    /// <summary>The profile the policy names, or null when it names none.</summary>
    public PolicyProfile? Profile { get; init; }

    public IReadOnlyList<string> BlockingBranches { get; init; } = new string[0];

    public IReadOnlyList<EvidenceRequirement> Evidence { get; init; } = new EvidenceRequirement[0];

    public IReadOnlyList<ContractRequirement> Contracts { get; init; } = new ContractRequirement[0];

    public VersioningPolicy Versioning { get; init; } = VersioningPolicy.None;

    public SarifPolicy Sarif { get; init; } = SarifPolicy.Default;

    /// <summary>Globs (relative to the governance root) of metric files: plain JSON, TRX and Cobertura.</summary>
    public IReadOnlyList<string> Metrics { get; init; } = new string[0];

    public IReadOnlyList<SloDefinition> Slos { get; init; } = new SloDefinition[0];

    /// <summary>The exceptions file, relative to the governance root as written in the policy, or null.</summary>
    public string? ExceptionsPath { get; init; }

    /// <summary>The longest an exception may last (created to expires), or null for no limit.</summary>
    public double? ExceptionMaxDays { get; init; }

    /// <summary>Line of <c>exceptions</c> in the policy file, for diagnostics.</summary>
    public int ExceptionsLine { get; init; }

    /// <summary>Keys trusted to sign bundles. When any is listed, bundles must be signed by one of them.</summary>
    public IReadOnlyList<TrustedKey> TrustedKeys { get; init; } = new TrustedKey[0];
}
