namespace Governance.Core.Bundles;

/// <summary>A file of a bundle: <see cref="Path"/> is relative to the manifest's folder, with '/' separators.</summary>
public sealed record BundleFile(string Path, long Size, string Sha256);
