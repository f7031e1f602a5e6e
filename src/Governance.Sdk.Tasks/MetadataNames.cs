namespace Governance.Sdk.Tasks;

/// <summary>
/// The item metadata the targets and the tasks exchange, named once (the targets spell the same
/// names: sdk/build/Governance.Gate.targets and Governance.Checks.targets).
/// </summary>
internal static class MetadataNames
{
    // _GovernanceGateProject: one project build, or its pack.
    public const string FragmentFile = "FragmentFile";
    public const string FragmentKind = "FragmentKind";
    public const string TargetFramework = "TargetFramework";
    public const string PackageId = "PackageId";
    public const string PackageVersion = "PackageVersion";
    public const string VersionExemption = "VersionExemption";
    public const string VersionSource = "VersionSource";
    public const string ReleaseNotes = "ReleaseNotes";
    public const string OptOuts = "OptOuts";

    /// <summary>"true" on the item of a project that sets GovernanceEnabled=false: listed as an opt-out.</summary>
    public const string Disabled = "Disabled";
    public const string SarifLogs = "SarifLogs";

    // _GovernanceGateCheckResult: a result of a project's own check.
    public const string CheckOrigin = "CheckOrigin";
    public const string ProjectFile = "ProjectFile";
    public const string Status = "Status";
    public const string Severity = "Severity";
    public const string Message = "Message";
    public const string File = "File";
    public const string Line = "Line";
    public const string Column = "Column";


    /// <summary>The value of <see cref="CheckOrigin"/> for a <c>GovernanceCommandCheck</c>'s result (else a check target's).</summary>
    public const string CommandOrigin = "Command";
}
