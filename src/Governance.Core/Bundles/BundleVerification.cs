using System.Collections.Generic;
using System.Linq;
using Governance.Core.Diagnostics;

namespace Governance.Core.Bundles;

/// <summary>What verifying one bundle found.</summary>
public sealed record BundleVerification(string ManifestPath, string? Name, string? Version, IReadOnlyList<Diagnostic> Findings, string? SignedBy, bool Recorded)
{
    public bool IsVerified => Findings.Count == 0;

    /// <summary>With <c>--require-go</c>: the mode of the go the bundle carries (<c>blocking</c> or <c>informational</c>); else null.</summary>
    public string? DecisionMode { get; init; }

    /// <summary>True when an input could not be read or is invalid (GOV1xxx), rather than the bundle failing verification.</summary>
    public bool HasInputErrors => Findings.Any(f => f.Descriptor.IsConfigurationError);
}
