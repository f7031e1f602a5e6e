using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Json;

namespace Governance.Core.Bundles;

/// <summary>
/// The release bundle manifest <c>&lt;PackageId&gt;.&lt;Version&gt;.bundle.json</c>, written next to the
/// <c>.nupkg</c> on pack (schema <c>schemas/bundle.schema.json</c>): what the bundle is, every file
/// with its size and SHA-256, where it was built, and the digests of the lineage fragments and the
/// gate report it rests on. Canonical: the same inputs give the same bytes.
/// </summary>
public sealed record BundleManifest(
    string Name,
    string Version,
    IReadOnlyList<BundleFile> Files,
    BundleMetadata Metadata,
    IReadOnlyList<BundleLineage> Lineage,
    string? GateReportSha256)
{
    public const string SchemaVersion = "1";
    public const string SchemaFileName = "bundle.schema.json";
    public const string ManifestSuffix = ".bundle.json";
    public const string EnvelopeSuffix = ".bundle.dsse.json";

    /// <summary>The folder beside the manifest that holds <c>GovernanceBundleFile</c> items: <c>&lt;stem&gt;.files/</c>.</summary>
    public const string ExtraFilesSuffix = ".files";

    /// <summary>The manifest path for a package: the <c>.nupkg</c>'s own name, so NuGet's version normalisation is never redone.</summary>
    public static string ManifestPathFor(string nupkgPath) => StemPath(nupkgPath) + ManifestSuffix;

    /// <summary>The DSSE envelope beside a manifest.</summary>
    public static string EnvelopePathFor(string manifestPath) => StemOfManifest(manifestPath) + EnvelopeSuffix;

    /// <summary>The manifest path without <c>.bundle.json</c>: the package's file name without extension, with its folder.</summary>
    public static string StemOfManifest(string manifestPath) =>
        manifestPath.EndsWith(ManifestSuffix, StringComparison.OrdinalIgnoreCase)
            ? manifestPath.Substring(0, manifestPath.Length - ManifestSuffix.Length)
            : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(manifestPath) ?? ".", System.IO.Path.GetFileNameWithoutExtension(manifestPath));

    /// <summary>Hashes the bundle's files (each must lie in <paramref name="bundleDirectory"/>) into a manifest.</summary>
    public static BundleManifest Create(
        string name, string version, string bundleDirectory, IEnumerable<string> files,
        BundleMetadata metadata, IEnumerable<BundleLineage> lineage, string? gateReportSha256, FileDigestCache digests)
    {
        BundleFile[] entries = files
            .Select(f => System.IO.Path.GetFullPath(f))
            .Distinct(RepoPath.Comparer)
            .Select(f => new BundleFile(RepoPath.Relative(bundleDirectory, f), new FileInfo(f).Length, digests.Digest(f)))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToArray();
        return new BundleManifest(name, version, entries, metadata,
            lineage.OrderBy(l => l.TargetFramework, StringComparer.Ordinal).ThenBy(l => l.Sha256, StringComparer.Ordinal).ToArray(),
            gateReportSha256);
    }

    public byte[] ToCanonicalJson() => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("schemaVersion", SchemaVersion);
        w.WriteString("name", Name);
        w.WriteString("version", Version);
        w.WriteStartArray("files");
        foreach (BundleFile file in Files)
        {
            w.WriteStartObject();
            w.WriteString("path", file.Path);
            w.WriteNumber("size", file.Size);
            w.WriteString("sha256", file.Sha256);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("metadata");
        w.WriteString("branch", Metadata.Branch);
        w.WriteString("commit", Metadata.Commit);
        w.WriteString("repository", Metadata.Repository);
        w.WriteString("buildId", Metadata.BuildId);
        w.WriteEndObject();
        w.WriteStartArray("lineage");
        foreach (BundleLineage fragment in Lineage)
        {
            w.WriteStartObject();
            w.WriteString("targetFramework", fragment.TargetFramework);
            w.WriteString("sha256", fragment.Sha256);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (GateReportSha256 is null)
        {
            w.WriteNull("gateReport");
        }
        else
        {
            w.WriteStartObject("gateReport");
            w.WriteString("sha256", GateReportSha256);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    });

    /// <summary>
    /// Reads a manifest: GOV1001 malformed or not in the strict form Governance.Sdk writes
    /// (<see cref="StrictJson"/>), GOV1003 another schema version, GOV1002 schema violation.
    /// <paramref name="sha256"/> is the digest of the bytes read.
    /// </summary>
    public static BundleManifest? Read(string path, out IReadOnlyList<Diagnostic> diagnostics, out string? sha256) =>
        Parse(path, File.ReadAllBytes(path), out diagnostics, out sha256);

    /// <summary>As <see cref="Read"/>, for bytes already read: verification checks and records exactly these.</summary>
    public static BundleManifest? Parse(string path, byte[] bytes, out IReadOnlyList<Diagnostic> diagnostics, out string? sha256)
    {
        sha256 = Sha256.OfBytes(bytes);
        if (StrictJson.Diagnose(path, bytes) is Diagnostic malformed)
        {
            diagnostics = new[] { malformed };
            return null;
        }

        // The common case is read by hand, which costs nothing next to the schema validator's cold
        // start on a manifest of thousands of files; only a manifest the hand reader does not take
        // goes to the schema, which says exactly what is wrong. The hand reader takes nothing the
        // schema refuses (a test holds them together).
        using (JsonDocument document = JsonDocument.Parse(bytes))
        {
            if (BundleManifestReader.TryRead(document.RootElement) is BundleManifest manifest)
            {
                diagnostics = Array.Empty<Diagnostic>();
                return manifest;
            }
        }

        using JsonInput input = JsonInput.FromBytes(path, bytes);
        diagnostics = input.ValidateVersioned(SchemaVersion, SchemaFileName, "Verify it with the Governance.Cli version that matches the SDK that packed it.");
        if (diagnostics.Count == 0)
        {
            diagnostics = new[]
            {
                new Diagnostic(Gov.SchemaViolation,
                    $"{System.IO.Path.GetFileName(path)} is not in the form GovernanceBundle writes (a number with a fraction where an integer belongs, or a value out of range). Pack again to write the manifest.",
                    new SourceLocation(path)),
            };
        }

        return null;
    }

    private static string StemPath(string nupkgPath) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(nupkgPath))!, System.IO.Path.GetFileNameWithoutExtension(nupkgPath));
}
