using System.Collections.Generic;
using System.Text.Json;
using Governance.Core.Diagnostics;
using Governance.Core.Json;
using Governance.Core.Releases;

namespace Governance.Cli.Operations;

/// <summary>The parts every command's <c>--json</c> output shares, written one way.</summary>
internal static class ResultJson
{
    /// <summary><c>"findings": [ { "code", "message", "file"?, "line"? } ]</c>.</summary>
    public static void WriteFindings(Utf8JsonWriter w, IEnumerable<Diagnostic> findings)
    {
        w.WriteStartArray("findings");
        foreach (Diagnostic finding in findings)
        {
            w.WriteStartObject();
            w.WriteString("code", finding.Code);
            w.WriteString("message", finding.Message);
            w.WriteOptionalString("file", finding.Location?.Path);
            if (finding.Location is { Line: > 0 })
            {
                w.WriteNumber("line", finding.Location.Line);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary><c>"release": { "id", "packages": [ { "id", "version", "manifestSha256" } ] }</c>, or null.</summary>
    public static void WriteRelease(Utf8JsonWriter w, Release? release)
    {
        if (release is null)
        {
            w.WriteNull("release");
            return;
        }

        w.WriteStartObject("release");
        w.WriteString("id", release.Id);
        w.WriteStartArray("packages");
        foreach (ReleaseBundle bundle in release.Bundles)
        {
            w.WriteStartObject();
            w.WriteString("id", bundle.PackageId);
            w.WriteString("version", bundle.Version);
            w.WriteString("manifestSha256", bundle.ManifestSha256);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
