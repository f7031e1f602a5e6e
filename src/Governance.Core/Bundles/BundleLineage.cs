namespace Governance.Core.Bundles;

/// <summary>The digest of one of the project's lineage fragments (one per target framework).</summary>
public sealed record BundleLineage(string TargetFramework, string Sha256);
