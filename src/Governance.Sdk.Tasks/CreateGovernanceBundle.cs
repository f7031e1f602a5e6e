using System;
using System.IO;
using System.Linq;
using Governance.Core.Bundles;
using Governance.Core.Crypto;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Microsoft.Build.Framework;

namespace Governance.Sdk.Tasks;

/// <summary>
/// Writes the release bundle manifest next to the package NuGet just packed, and signs it when a
/// key is configured (a PEM file, or the PEM text in an environment variable so CI secrets never
/// sit on disk in the repository). The key is never logged.
/// </summary>
public sealed class CreateGovernanceBundle : GovernanceTask
{
    [Required]
    public string PackageId { get; set; } = string.Empty;

    [Required]
    public string PackageVersion { get; set; } = string.Empty;

    /// <summary>NuGet's pack outputs (<c>NuGetPackOutput</c>); the <c>.nupkg</c> and <c>.snupkg</c> among them are bundled.</summary>
    public ITaskItem[] PackageOutputs { get; set; } = Array.Empty<ITaskItem>();

    /// <summary><c>GovernanceBundleFile</c> items.</summary>
    public ITaskItem[] BundleFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The project's lineage fragments, with <c>TargetFramework</c> metadata.</summary>
    public ITaskItem[] Fragments { get; set; } = Array.Empty<ITaskItem>();

    public string GateReport { get; set; } = string.Empty;

    /// <summary>The governance root: the gate report's project paths are relative to it.</summary>
    public string GovernanceRoot { get; set; } = string.Empty;

    /// <summary>Where to write the pack's lineage fragment.</summary>
    public string PackFragmentFile { get; set; } = string.Empty;

    [Required]
    public string ProjectFile { get; set; } = string.Empty;

    public string Branch { get; set; } = string.Empty;

    public string Commit { get; set; } = string.Empty;

    /// <summary>The PEM key file as the user wrote it; relative paths are relative to the project, wherever they were set.</summary>
    public string SigningKeyFile { get; set; } = string.Empty;

    /// <summary>The name of an environment variable that may hold the PEM key instead of a file.</summary>
    public string SigningKeyEnvironmentVariable { get; set; } = string.Empty;

    [Output]
    public string ManifestFile { get; set; } = string.Empty;

    public override bool Execute()
    {
        string projectDirectory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        string Full(string path) => Path.GetFullPath(Path.Combine(projectDirectory, path));
        string[] packageFiles = PackageOutputs.Select(o => o.ItemSpec)
            .Where(f => f.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".snupkg", StringComparison.OrdinalIgnoreCase))
            .Select(Full)
            .ToArray();
        if (!packageFiles.Any(f => f.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase) && File.Exists(f)))
        {
            LogError(Gov.BundleFileSetMismatch, ProjectFile,
                $"Pack produced no .nupkg for {PackageId} {PackageVersion}, so there is nothing to bundle. Check the pack output above; GovernanceBundle runs after a successful Pack.");
            return false;
        }

        string? missing = BundleFiles.Select(f => f.ItemSpec).FirstOrDefault(f => !File.Exists(Full(f)));
        if (missing is not null)
        {
            LogError(Gov.UnreadableFile, ProjectFile,
                $"The GovernanceBundleFile '{missing}' does not exist, so the bundle of {PackageId} {PackageVersion} would be incomplete. Fix the item's path or make it before packing.");
            return false;
        }

        string? pem = ReadKey(Full);
        if (Log.HasLoggedErrors)
        {
            return false;
        }

        try
        {
            BundleOutput output = BundleBuilder.Write(new BundleRequest
            {
                PackageId = PackageId,
                PackageVersion = PackageVersion,
                PackageFiles = packageFiles,
                ExtraFiles = BundleFiles.Select(f => Full(f.ItemSpec)).ToArray(),
                Fragments = Fragments.Where(f => f.ItemSpec.Length > 0).Select(f => (f.GetMetadata(MetadataNames.TargetFramework), Full(f.ItemSpec))).ToArray(),
                GateReport = GateReport.Length == 0 ? null : Full(GateReport),
                GovernanceRoot = GovernanceRoot.Length == 0 ? null : GovernanceRoot,
                SourceDirectory = projectDirectory,
                ProjectFile = Path.GetFullPath(ProjectFile),
                PackFragment = PackFragmentFile.Length == 0 ? null : Full(PackFragmentFile),
                Branch = Branch,
                Commit = Commit,
                SigningKeyPem = pem,
            });
            ManifestFile = output.Manifest;
            if (output.GateReportLeftOut is not null)
            {
                LogWarning(Gov.LineageIncomplete, ProjectFile,
                    $"The gate report {GateReport} is not the decision of {PackageId} {PackageVersion}: {output.GateReportLeftOut}. The bundle is written without a gate report, so it can be verified but not promoted. Run the gate (dotnet build -t:ReleaseGate) and pack this build right after it.");
            }

            Log.LogMessage(MessageImportance.High, "Governance bundle: {0}{1}", output.Manifest,
                output.Envelope is null ? " (unsigned)" : $", signed by key {output.KeyId} in {Path.GetFileName(output.Envelope)}");
            return true;
        }
        catch (BundleInputException ex)
        {
            LogError(Gov.BundleFileSetMismatch, ProjectFile, ex.Message + " The package was packed; its bundle was not written.");
        }
        catch (KeyFormatException ex)
        {
            LogError(Gov.InvalidKey, KeySource(), $"The bundle signing key ({KeySource()}) cannot be used: {ex.Message}. Nothing was signed.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            LogError(Gov.UnreadableFile, ProjectFile,
                $"The bundle of {PackageId} {PackageVersion} could not be written next to the package: {(ex is IOException or UnauthorizedAccessException ? RepoPath.DescribeFailure(ex) : "a path is not valid on this system")}. Check that the package output folder is writable and pack again.");
        }

        return false;
    }

    /// <summary>The PEM key from the file, else from the environment variable, else null (unsigned).</summary>
    private string? ReadKey(Func<string, string> full)
    {
        if (SigningKeyFile.Length > 0)
        {
            try
            {
                // Relative to the project, also when it comes from the command line (-p:), which the targets cannot normalise.
                return File.ReadAllText(full(SigningKeyFile));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                LogError(Gov.UnreadableFile, ProjectFile,
                    $"GovernanceSigningKeyFile '{SigningKeyFile}' ({(ex is ArgumentException or NotSupportedException ? "not a valid path" : full(SigningKeyFile))}; relative paths are relative to the project) cannot be read: {(ex is IOException or UnauthorizedAccessException ? RepoPath.DescribeFailure(ex) : "the path is not valid")}. Point it at the PEM private key, or clear it to sign with the {SigningKeyEnvironmentVariable} environment variable or not at all. The package was packed; its bundle was not written.");
                return null;
            }
        }

        return SigningKeyEnvironmentVariable.Length > 0 && Environment.GetEnvironmentVariable(SigningKeyEnvironmentVariable) is { Length: > 0 } pem ? pem : null;
    }

    private string KeySource() => SigningKeyFile.Length > 0 ? SigningKeyFile : "environment variable " + SigningKeyEnvironmentVariable;
}
