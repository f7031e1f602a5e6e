namespace Governance.Core.Bundles;

/// <summary>Where and from what a bundle was built. Empty strings when unknown (a local build).</summary>
public sealed record BundleMetadata(string Branch, string Commit, string Repository, string BuildId);
