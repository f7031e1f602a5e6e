using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Json;

namespace Governance.Core.Lineage;

/// <summary>
/// A node of a fragment. File nodes have a <see cref="Path"/> (relative to the project's directory
/// while in the fragment) and an id of <c>kind:path</c>; other nodes (packages) have only an id.
/// <see cref="Upstream"/> marks an artifact another project produced and this build consumed: its
/// producer's fragment owns it.
/// </summary>
public sealed record FragmentNode(string Id, string Kind, string? Path, string? Digest, bool Upstream = false);

/// <summary>What one project build contributes to the lineage: the files and packages it consumed and the artifacts it produced.</summary>
public sealed record LineageFragmentInputs
{
    /// <summary>Compile items, embedded resources, files copied to the output, the project file and the repository's imported props/targets.</summary>
    public IEnumerable<string> Sources { get; init; } = Array.Empty<string>();

    /// <summary>Files added with the <c>GovernanceLineageInput</c> item.</summary>
    public IEnumerable<string> Inputs { get; init; } = Array.Empty<string>();

    public IEnumerable<PackageDependency> Packages { get; init; } = Array.Empty<PackageDependency>();

    /// <summary>Outputs of referenced projects this build consumed.</summary>
    public IEnumerable<string> UpstreamArtifacts { get; init; } = Array.Empty<string>();

    /// <summary>What the build produced: assembly, symbols, reference assembly.</summary>
    public IEnumerable<string> Artifacts { get; init; } = Array.Empty<string>();

    /// <summary>
    /// Folders whose files are not the repository's (the .NET SDK, NuGet's package folders, obj/):
    /// files under them are left out. A package's files are covered by its package node, and
    /// their paths would tie the lineage to one machine's layout.
    /// </summary>
    public IEnumerable<string> ExcludedDirectories { get; init; } = Array.Empty<string>();
}

/// <summary>
/// The lineage fragment <c>GovernanceCollect</c> writes for one project build (one target
/// framework): a small graph of content-addressed nodes and the edges between them, from sources,
/// packages and upstream artifacts to the artifacts this build produced. The gate merges every
/// fragment into the canonical lineage; it never rebuilds or re-reads a project.
/// Paths are relative to the project's directory, so the fragment does not depend on where the
/// governance root is: adding or moving a policy never makes a build collect again. The gate
/// rebases them (<see cref="RebaseOnto"/>).
/// </summary>
public sealed record LineageFragment(
    string ProjectName,
    string ProjectPath,
    string TargetFramework,
    IReadOnlyList<FragmentNode> Nodes,
    IReadOnlyList<LineageEdge> Edges)
{
    public const string SchemaVersion = "2";
    public const string SchemaFileName = "project-fragment.schema.json";

    /// <summary>The fragment <c>GovernanceBundle</c> writes after a pack: the package-level part of a project's lineage.</summary>
    public const string PackFragmentFileName = "pack.json";

    /// <summary>The digest cache kept beside each fragment (see <see cref="FileDigestCache"/>).</summary>
    public const string DigestCacheFileName = "digests.cache";

    /// <summary>The artifacts this build produced (not upstream ones).</summary>
    public IEnumerable<FragmentNode> ProducedArtifacts => Nodes.Where(n => n.Kind == NodeKind.Artifact && !n.Upstream);

    /// <summary>
    /// Hashes the files (through <paramref name="digests"/>, so unchanged files are not read) and
    /// builds the fragment: every source produced every artifact; every input, package and upstream
    /// artifact was consumed by every artifact. Files that do not exist are left out.
    /// </summary>
    public static LineageFragment Create(string projectName, string projectFile, string targetFramework, LineageFragmentInputs inputs, FileDigestCache digests)
    {
        string projectDirectory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(projectFile))!;
        string[] excluded = inputs.ExcludedDirectories.Where(d => d.Length > 0).Select(d => System.IO.Path.GetFullPath(d)).ToArray();
        var nodes = new Dictionary<string, FragmentNode>(StringComparer.Ordinal);
        var seen = new HashSet<string>(RepoPath.Comparer);

        // Each file once (an artifact is never also a source), only if it exists, is not under an
        // excluded folder and can be named relative to the project (not on another drive).
        List<string> Files(IEnumerable<string> files, string kind, bool upstream = false)
        {
            var ids = new List<string>();
            foreach (string file in files.Select(f => System.IO.Path.GetFullPath(f)))
            {
                if (!seen.Add(file) || !File.Exists(file) || excluded.Any(d => RepoPath.IsUnder(d, file)) || RepoPath.TryRelative(projectDirectory, file) is not string path)
                {
                    continue;
                }

                string id = LineageGraph.IdOf(kind, path);
                nodes[id] = new FragmentNode(id, kind, path, "sha256:" + digests.Digest(file), upstream);
                ids.Add(id);
            }

            return ids;
        }

        List<string> artifacts = Files(inputs.Artifacts, NodeKind.Artifact);
        List<string> sources = Files(inputs.Sources, NodeKind.Source);
        List<string> consumed = Files(inputs.Inputs, NodeKind.Input);
        consumed.AddRange(Files(inputs.UpstreamArtifacts, NodeKind.Artifact, upstream: true));
        foreach (PackageDependency package in inputs.Packages)
        {
            string id = LineageGraph.IdOf(NodeKind.Input, package.PackageUrl);
            if (!nodes.ContainsKey(id))
            {
                nodes[id] = new FragmentNode(id, NodeKind.Input, null, "sha512:" + package.Sha512);
                consumed.Add(id);
            }
        }

        var edges = new List<LineageEdge>();
        foreach (string artifact in artifacts)
        {
            edges.AddRange(sources.Select(s => new LineageEdge(s, artifact, EdgeKind.Produced)));
            edges.AddRange(consumed.Select(c => new LineageEdge(c, artifact, EdgeKind.Consumed)));
        }

        return new LineageFragment(projectName, System.IO.Path.GetFileName(projectFile), targetFramework, Sort(nodes.Values), Sort(edges));
    }

    /// <summary>
    /// The same fragment with every file path (and so every file node's id, and the edges naming
    /// them) relative to <paramref name="governanceRoot"/> instead of the project's directory.
    /// Edges naming ids the fragment does not define are kept as they are: the gate reports them.
    /// </summary>
    public LineageFragment RebaseOnto(string governanceRoot, string projectFile)
    {
        string projectDirectory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(projectFile))!;
        string Rebase(string path) => RepoPath.Relative(governanceRoot, System.IO.Path.Combine(projectDirectory, path));

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var nodes = new List<FragmentNode>();
        foreach (FragmentNode node in Nodes)
        {
            FragmentNode rebased = node.Path is null ? node : node with { Id = LineageGraph.IdOf(node.Kind, Rebase(node.Path)), Path = Rebase(node.Path) };
            ids[node.Id] = rebased.Id;
            nodes.Add(rebased);
        }

        string Map(string id) => ids.TryGetValue(id, out string? mapped) ? mapped : id;
        return this with
        {
            ProjectPath = Rebase(ProjectPath),
            Nodes = Sort(nodes),
            Edges = Sort(Edges.Select(e => e with { From = Map(e.From), To = Map(e.To) })),
        };
    }

    public byte[] ToCanonicalJson() => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("schemaVersion", SchemaVersion);
        w.WriteStartObject("project");
        w.WriteString("name", ProjectName);
        w.WriteString("path", ProjectPath);
        w.WriteString("targetFramework", TargetFramework);
        w.WriteEndObject();
        w.WriteStartArray("nodes");
        foreach (FragmentNode node in Nodes)
        {
            w.WriteStartObject();
            w.WriteString("id", node.Id);
            w.WriteString("kind", node.Kind);
            w.WriteOptionalString("path", node.Path);
            w.WriteOptionalString("digest", node.Digest);
            if (node.Upstream)
            {
                w.WriteBoolean("upstream", true);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        LineageWriter.WriteEdges(w, Edges);
        w.WriteEndObject();
    });

    /// <summary>
    /// Reads a fragment written by <see cref="ToCanonicalJson"/>; a damaged one yields
    /// GOV1001/GOV1002/GOV1003. <paramref name="sha256"/> is the digest of the bytes read (null
    /// when unreadable).
    /// </summary>
    public static LineageFragment? Read(string path, out IReadOnlyList<Diagnostic> diagnostics, out string? sha256) =>
        Read(new Inputs.FileSystemInputs(), path, out diagnostics, out sha256);

    /// <summary>As <see cref="Read(string, out IReadOnlyList{Diagnostic}, out string?)"/>, through the evaluation's inputs.</summary>
    public static LineageFragment? Read(Inputs.IGateInputs inputs, string path, out IReadOnlyList<Diagnostic> diagnostics, out string? sha256)
    {
        using JsonInput input = JsonInput.Read(inputs, path, Inputs.InputRole.Fragment);
        sha256 = input.Sha256;
        diagnostics = input.ValidateVersioned(SchemaVersion, SchemaFileName, "Rebuild the project with the SDK version in global.json (the fragment was written by another version of Governance.Sdk).");
        if (diagnostics.Count > 0)
        {
            return null;
        }

        JsonElement root = input.Document!.RootElement;
        JsonElement project = root.GetProperty("project");
        FragmentNode[] nodes = root.GetProperty("nodes").EnumerateArray()
            .Select(n => new FragmentNode(
                n.GetProperty("id").GetString()!,
                n.GetProperty("kind").GetString()!,
                OptionalString(n, "path"),
                OptionalString(n, "digest"),
                n.TryGetProperty("upstream", out JsonElement upstream) && upstream.GetBoolean()))
            .ToArray();
        string? invalid = nodes.Select(Describe).FirstOrDefault(problem => problem is not null);
        if (invalid is not null)
        {
            diagnostics = new[]
            {
                new Diagnostic(Gov.SchemaViolation,
                    $"{System.IO.Path.GetFileName(path)}: {invalid} The fragment was edited or damaged: rebuild the project (dotnet build --no-incremental).",
                    new SourceLocation(path)),
            };
            return null;
        }

        LineageEdge[] edges = root.GetProperty("edges").EnumerateArray()
            .Select(e => new LineageEdge(e.GetProperty("from").GetString()!, e.GetProperty("to").GetString()!, e.GetProperty("kind").GetString()!))
            .ToArray();
        return new LineageFragment(
            project.GetProperty("name").GetString()!,
            project.GetProperty("path").GetString()!,
            project.GetProperty("targetFramework").GetString()!,
            nodes,
            edges);
    }

    /// <summary>What is wrong with a node read from a file, or null: ids match kind and path, and paths are relative and usable.</summary>
    private static string? Describe(FragmentNode node)
    {
        if (!node.Id.StartsWith(node.Kind + ":", StringComparison.Ordinal) || (node.Path is not null && node.Id != LineageGraph.IdOf(node.Kind, node.Path)))
        {
            return $"the node id '{node.Id}' does not match its kind '{node.Kind}' and path.";
        }

        if (node.Path is not null &&
            (node.Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 || node.Path.IndexOf('\0') >= 0 ||
             System.IO.Path.IsPathRooted(node.Path)))
        {
            return $"the node '{node.Id}' has a path that is not a relative file path.";
        }

        return null;
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) ? value.GetString() : null;

    private static FragmentNode[] Sort(IEnumerable<FragmentNode> nodes) => nodes.OrderBy(n => n.Id, StringComparer.Ordinal).ToArray();

    private static LineageEdge[] Sort(IEnumerable<LineageEdge> edges) => edges.Distinct().OrderBy(e => e, LineageGraph.EdgeOrder).ToArray();
}
