using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Governance.Core.Bundles;

/// <summary>
/// Reads a bundle manifest that has exactly the shape of <c>schemas/bundle.schema.json</c>, by
/// hand: no property the schema does not allow, every required one, every string, integer and
/// digest as the schema says. Returns null for anything else, which the caller then gives to the
/// schema validator for a precise message; so it may refuse more than the schema, never less.
/// </summary>
internal static class BundleManifestReader
{
    private static readonly string[] RootProperties = { "schemaVersion", "name", "version", "files", "metadata", "lineage", "gateReport" };
    private static readonly string[] FileProperties = { "path", "size", "sha256" };
    private static readonly string[] MetadataProperties = { "branch", "commit", "repository", "buildId" };
    private static readonly string[] LineageProperties = { "targetFramework", "sha256" };
    private static readonly string[] GateReportProperties = { "sha256" };

    public static BundleManifest? TryRead(JsonElement root)
    {
        if (!HasExactly(root, RootProperties) ||
            String(root.GetProperty("schemaVersion")) != BundleManifest.SchemaVersion ||
            NonEmpty(root.GetProperty("name")) is not string name ||
            NonEmpty(root.GetProperty("version")) is not string version)
        {
            return null;
        }

        JsonElement filesElement = root.GetProperty("files");
        if (filesElement.ValueKind != JsonValueKind.Array || filesElement.GetArrayLength() == 0)
        {
            return null;
        }

        var files = new List<BundleFile>(filesElement.GetArrayLength());
        foreach (JsonElement file in filesElement.EnumerateArray())
        {
            JsonElement size = default;
            if (!HasExactly(file, FileProperties) ||
                NonEmpty(file.GetProperty("path")) is not string path ||
                (size = file.GetProperty("size")).ValueKind != JsonValueKind.Number || !size.TryGetInt64(out long bytes) || bytes < 0 ||
                Digest(file.GetProperty("sha256")) is not string sha256)
            {
                return null;
            }

            files.Add(new BundleFile(path, bytes, sha256));
        }

        JsonElement metadata = root.GetProperty("metadata");
        if (!HasExactly(metadata, MetadataProperties) || MetadataProperties.Any(p => String(metadata.GetProperty(p)) is null))
        {
            return null;
        }

        JsonElement lineageElement = root.GetProperty("lineage");
        if (lineageElement.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var lineage = new List<BundleLineage>();
        foreach (JsonElement fragment in lineageElement.EnumerateArray())
        {
            if (!HasExactly(fragment, LineageProperties) ||
                String(fragment.GetProperty("targetFramework")) is not string targetFramework ||
                Digest(fragment.GetProperty("sha256")) is not string digest)
            {
                return null;
            }

            lineage.Add(new BundleLineage(targetFramework, digest));
        }

        JsonElement gateReport = root.GetProperty("gateReport");
        string? gateReportSha256 = null;
        if (gateReport.ValueKind != JsonValueKind.Null &&
            (!HasExactly(gateReport, GateReportProperties) || (gateReportSha256 = Digest(gateReport.GetProperty("sha256"))) is null))
        {
            return null;
        }

        return new BundleManifest(
            name,
            version,
            files,
            new BundleMetadata(
                String(metadata.GetProperty("branch"))!,
                String(metadata.GetProperty("commit"))!,
                String(metadata.GetProperty("repository"))!,
                String(metadata.GetProperty("buildId"))!),
            lineage,
            gateReportSha256);
    }

    /// <summary>An object with every one of <paramref name="names"/> and nothing else (a strict reader has refused duplicates already).</summary>
    private static bool HasExactly(JsonElement element, string[] names)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        int count = 0;
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (Array.IndexOf(names, property.Name) < 0)
            {
                return false;
            }

            count++;
        }

        return count == names.Length;
    }

    private static string? String(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString() : null;

    private static string? NonEmpty(JsonElement element) => String(element) is { Length: > 0 } text ? text : null;

    /// <summary>A lowercase hex SHA-256, as the schema's pattern <c>^[0-9a-f]{64}$</c> says.</summary>
    private static string? Digest(JsonElement element) =>
        String(element) is { Length: 64 } text && text.All(c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) ? text : null;
}
