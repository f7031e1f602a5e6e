using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Json;

namespace Governance.Core.Collect;

/// <summary>A file and its SHA-256. <see cref="Path"/> is relative, with '/' separators.</summary>
public sealed record FileDigest(string Path, string Sha256);

/// <summary>
/// What <c>GovernanceCollect</c> records for one project build: which project, which sources went
/// in and which artifacts came out, each with its digest. The gate merges fragments; it never
/// rebuilds or re-hashes a project.
/// Paths are relative to the project's directory, so the fragment does not depend on where the
/// governance root is: adding or moving a policy never makes a build collect again. The gate
/// rebases them onto the governance root (<see cref="RebaseOnto"/>).
/// </summary>
public sealed record ProjectFragment(
    string ProjectName,
    string ProjectPath,
    string TargetFramework,
    IReadOnlyList<FileDigest> Sources,
    IReadOnlyList<FileDigest> Artifacts)
{
    public const string SchemaVersion = "1";
    public const string SchemaFileName = "project-fragment.schema.json";

    /// <summary>Hashes the given files and builds a fragment with every path relative to the project's directory.</summary>
    public static ProjectFragment Create(
        string projectName, string projectFile, string targetFramework,
        IEnumerable<string> sourceFiles, IEnumerable<string> artifactFiles)
    {
        string projectDirectory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(projectFile))!;
        return new ProjectFragment(
            projectName,
            System.IO.Path.GetFileName(projectFile),
            targetFramework,
            Digest(projectDirectory, sourceFiles),
            Digest(projectDirectory, artifactFiles));
    }

    /// <summary>The same fragment with every path relative to <paramref name="governanceRoot"/> instead of the project's directory.</summary>
    public ProjectFragment RebaseOnto(string governanceRoot, string projectFile)
    {
        string projectDirectory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(projectFile))!;
        string Rebase(string path) => RepoPath.Relative(governanceRoot, System.IO.Path.Combine(projectDirectory, path));
        FileDigest[] RebaseAll(IReadOnlyList<FileDigest> files) => files
            .Select(f => f with { Path = Rebase(f.Path) })
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToArray();
        return this with { ProjectPath = Rebase(ProjectPath), Sources = RebaseAll(Sources), Artifacts = RebaseAll(Artifacts) };
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
        WriteFiles(w, "sources", Sources);
        WriteFiles(w, "artifacts", Artifacts);
        w.WriteEndObject();
    });

    /// <summary>
    /// Reads a fragment written by <see cref="ToCanonicalJson"/>; a damaged one yields GOV1001/GOV1002/GOV1003.
    /// <paramref name="sha256"/> is the digest of the bytes read (null when unreadable).
    /// </summary>
    public static ProjectFragment? Read(string path, out IReadOnlyList<Diagnostic> diagnostics, out string? sha256)
    {
        using JsonInput input = JsonInput.Read(path);
        sha256 = input.Sha256;
        if (input.Error is not null)
        {
            diagnostics = new[] { input.Error };
            return null;
        }

        JsonElement root = input.Document!.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("schemaVersion", out JsonElement version) &&
            !(version.ValueKind == JsonValueKind.String && version.GetString() == SchemaVersion))
        {
            diagnostics = new[]
            {
                new Diagnostic(Gov.UnsupportedSchemaVersion,
                    $"{System.IO.Path.GetFileName(path)} was written by another version of Governance.Sdk (schemaVersion {version.GetRawText()}). Rebuild the project with the SDK version in global.json.",
                    new SourceLocation(path)),
            };
            return null;
        }

        diagnostics = SchemaValidator.Validate(path, input.Text!, SchemaFileName);
        if (diagnostics.Count > 0)
        {
            return null;
        }

        JsonElement project = root.GetProperty("project");
        return new ProjectFragment(
            project.GetProperty("name").GetString()!,
            project.GetProperty("path").GetString()!,
            project.GetProperty("targetFramework").GetString()!,
            ReadFiles(root, "sources"),
            ReadFiles(root, "artifacts"));
    }

    private static FileDigest[] Digest(string root, IEnumerable<string> files) =>
        files
            .Select(f => System.IO.Path.GetFullPath(f))
            .Where(File.Exists)
            .Distinct(RepoPath.Comparer)
            .Select(f => new FileDigest(RepoPath.Relative(root, f), Sha256.OfFile(f)))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToArray();

    private static void WriteFiles(Utf8JsonWriter w, string name, IReadOnlyList<FileDigest> files)
    {
        w.WriteStartArray(name);
        foreach (FileDigest file in files)
        {
            w.WriteStartObject();
            w.WriteString("path", file.Path);
            w.WriteString("sha256", file.Sha256);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static FileDigest[] ReadFiles(JsonElement root, string name) =>
        root.GetProperty(name).EnumerateArray()
            .Select(e => new FileDigest(e.GetProperty("path").GetString()!, e.GetProperty("sha256").GetString()!))
            .ToArray();
}
