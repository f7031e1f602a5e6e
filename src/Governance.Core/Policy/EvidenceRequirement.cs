namespace Governance.Core.Policy;

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
