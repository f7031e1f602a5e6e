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
public sealed record EvidenceRequirement(string Kind, string Path, double? MaxAgeDays, Severity Severity, int Line);

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

    /// <summary>Keys trusted to sign bundles. When any is listed, bundles must be signed by one of them.</summary>
    public IReadOnlyList<TrustedKey> TrustedKeys { get; init; } = new TrustedKey[0];
}
