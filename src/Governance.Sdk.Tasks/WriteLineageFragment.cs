using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Lineage;
using Microsoft.Build.Framework;

namespace Governance.Sdk.Tasks;

/// <summary>
/// Writes one project build's lineage fragment: sources, custom inputs, resolved packages and
/// upstream artifacts in, this build's artifacts out, each content-addressed. Runs only when the
/// target's Inputs changed; unchanged files are not read again (a digest cache beside the
/// fragment); the fragment and the cache are written atomically, so a killed build leaves the
/// previous complete fragment or none.
/// </summary>
public sealed class WriteLineageFragment : GovernanceTask
{
    [Required]
    public string ProjectName { get; set; } = string.Empty;

    [Required]
    public string ProjectFile { get; set; } = string.Empty;

    public string TargetFramework { get; set; } = string.Empty;

    public ITaskItem[] Sources { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The repository's imported MSBuild files (Directory.Build.props/targets, Directory.Packages.props).</summary>
    public ITaskItem[] ImportedFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Folders that are not the repository's (the .NET SDK, NuGet's package folders): files under them are left out.</summary>
    public ITaskItem[] ExcludedDirectories { get; set; } = Array.Empty<ITaskItem>();

    /// <summary><c>GovernanceLineageInput</c> items: files that reach the output by a route MSBuild does not describe.</summary>
    public ITaskItem[] Inputs { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Outputs of referenced projects the compiler read.</summary>
    public ITaskItem[] UpstreamArtifacts { get; set; } = Array.Empty<ITaskItem>();

    public ITaskItem[] Artifacts { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>NuGet's <c>project.assets.json</c>; empty for a project that does not restore.</summary>
    public string ProjectAssetsFile { get; set; } = string.Empty;

    public string RuntimeIdentifier { get; set; } = string.Empty;

    public string TargetFrameworkMoniker { get; set; } = string.Empty;

    [Required]
    public string OutputFile { get; set; } = string.Empty;

    /// <summary>
    /// The digest cache, beside the fragment: the gate reads it there (<see cref="LineageFragment.DigestCacheFileName"/>).
    /// Empty for none: every file is hashed (a publish, whose tools may copy files with their old timestamps).
    /// </summary>
    public string DigestCacheFile { get; set; } = string.Empty;

    public override bool Execute()
    {
        try
        {
            return Collect();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // A source locked or deleted mid-build, an unwritable obj folder, or an item whose path
            // the file system cannot take: say which, no stack trace.
            LogError(Gov.UnreadableFile, ProjectFile,
                $"The lineage fragment of {ProjectName} could not be collected into {OutputFile}: {(ex is ArgumentException or NotSupportedException ? "an item has a path that is not valid on this system" : RepoPath.DescribeFailure(ex))}. Check that the project's files exist, have valid names and are readable, and that the folder is writable, then build again.");
            return false;
        }
    }

    private bool Collect()
    {
        string projectDirectory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        string Full(ITaskItem item) => Path.GetFullPath(Path.Combine(projectDirectory, item.ItemSpec));

        IReadOnlyList<PackageDependency> packages = Array.Empty<PackageDependency>();
        if (ProjectAssetsFile.Length > 0 && File.Exists(ProjectAssetsFile))
        {
            packages = PackageAssets.Read(ProjectAssetsFile, TargetFramework, RuntimeIdentifier, TargetFrameworkMoniker, out Diagnostic? error);
            if (error is not null)
            {
                LogError(error, ProjectAssetsFile);
                return false;
            }
        }

        // A declared input that does not exist is a mistake worth a word: it would silently be left out.
        foreach (ITaskItem missing in Inputs.Where(i => !File.Exists(Full(i))))
        {
            LogWarning(Gov.UnreadableFile, ProjectFile,
                $"The GovernanceLineageInput '{missing.ItemSpec}' of {ProjectName} does not exist, so it is not recorded in the lineage. Fix the path or remove the item.");
        }

        FileDigestCache digests = DigestCacheFile.Length == 0 ? FileDigestCache.Empty() : FileDigestCache.Load(DigestCacheFile);
        LineageFragment fragment = LineageFragment.Create(ProjectName, ProjectFile, TargetFramework, new LineageFragmentInputs
        {
            Sources = Sources.Select(Full).Concat(ImportedFiles.Select(Full)).Append(Path.GetFullPath(ProjectFile)),
            Inputs = Inputs.Select(Full),
            Packages = packages,
            UpstreamArtifacts = UpstreamArtifacts.Select(Full),
            Artifacts = Artifacts.Select(Full),
            ExcludedDirectories = ExcludedDirectories.Where(d => d.ItemSpec.Length > 0).Select(Full),
        }, digests);
        // The cache first: the fragment is the target's output, so once it exists the target is
        // skipped, and a build killed between the two writes must not leave it without its cache.
        if (DigestCacheFile.Length > 0)
        {
            digests.Save(DigestCacheFile);
        }

        AtomicFile.WriteAllBytes(OutputFile, fragment.ToCanonicalJson());

        Log.LogMessage(MessageImportance.Low, "Lineage fragment of {0}: {1} node(s), {2} edge(s); {3} file(s) hashed, the rest unchanged.",
            ProjectName, fragment.Nodes.Count, fragment.Edges.Count, digests.FilesHashed);
        return !Log.HasLoggedErrors;
    }
}
