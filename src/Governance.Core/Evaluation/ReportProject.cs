namespace Governance.Core.Evaluation;

/// <summary>
/// A project build in the gate and the digest of its collected results. A multi-targeted project
/// appears once per target framework; <see cref="TargetFramework"/> is null when its results are missing.
/// </summary>
public sealed record ReportProject(string Name, string Path, string? TargetFramework, string? Sha256)
{
    /// <summary>A build, or the pack or publish of the project (written as <c>kind</c> only then).</summary>
    public Lineage.FragmentKind Kind { get; init; } = Lineage.FragmentKind.Build;
}
