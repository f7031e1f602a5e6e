using System;
using System.IO;
using System.Linq;
using Governance.Core.Collect;
using Governance.Core.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Governance.Sdk.Tasks;

/// <summary>
/// Writes one project build's collected results (sources in, artifacts out, with digests) to
/// <see cref="OutputFile"/>. Runs only when the target's Inputs changed; the file is written
/// atomically, so a killed build leaves the previous complete fragment or none.
/// </summary>
public sealed class CollectGovernanceResults : Task
{
    [Required]
    public string ProjectName { get; set; } = string.Empty;

    [Required]
    public string ProjectFile { get; set; } = string.Empty;

    public string TargetFramework { get; set; } = string.Empty;

    public ITaskItem[] Sources { get; set; } = Array.Empty<ITaskItem>();

    public ITaskItem[] Artifacts { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string OutputFile { get; set; } = string.Empty;

    public override bool Execute()
    {
        string projectDirectory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        string Full(ITaskItem item) => Path.GetFullPath(Path.Combine(projectDirectory, item.ItemSpec));

        try
        {
            ProjectFragment fragment = ProjectFragment.Create(
                ProjectName,
                ProjectFile,
                TargetFramework,
                Sources.Select(Full),
                Artifacts.Select(Full));
            AtomicFile.WriteAllBytes(OutputFile, fragment.ToCanonicalJson());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A source locked or deleted mid-build, or an unwritable obj folder: say which, no stack trace.
            Log.LogError(null, "GOV1005", null, null, ProjectFile, 0, 0, 0, 0,
                "The collected results of {0} could not be written to {1}: {2} Check that the files are readable and the folder writable, then build again.",
                ProjectName, OutputFile, ex.Message);
        }

        return !Log.HasLoggedErrors;
    }
}
