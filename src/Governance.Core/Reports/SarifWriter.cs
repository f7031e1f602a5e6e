using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Policy;

namespace Governance.Core.Reports;

/// <summary>
/// SARIF 2.1.0: one run, every rule of <see cref="Gov.All"/> declared, one result per check that
/// did not pass. Locations are relative to the <c>SRCROOT</c> base (the governance root), whose
/// absolute location is deliberately not recorded.
/// </summary>
public static class SarifWriter
{
    public static byte[] ToJson(GateReport report, string root) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();

        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", report.Generator.Name);
        w.WriteString("version", report.Generator.Version);
        w.WriteStartArray("rules");
        foreach (DiagnosticDescriptor rule in Gov.All)
        {
            w.WriteStartObject();
            w.WriteString("id", rule.Code);
            w.WriteStartObject("shortDescription");
            w.WriteString("text", rule.Title);
            w.WriteEndObject();
            w.WriteStartObject("help");
            w.WriteString("text", $"See docs/{rule.HelpPage} in the Governance.Sdk package or repository.");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("originalUriBaseIds");
        w.WriteStartObject("SRCROOT");
        w.WriteStartObject("description");
        w.WriteString("text", "The governance root: the directory holding governance.json.");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartArray("results");
        foreach (CheckResult check in report.Checks.Where(c => c.Status != CheckStatus.Pass))
        {
            w.WriteStartObject();
            w.WriteString("ruleId", check.Code);
            w.WriteNumber("ruleIndex", IndexOf(check.Code));
            w.WriteString("level", Level(check, report.Mode));
            w.WriteStartObject("message");
            w.WriteString("text", check.Message);
            w.WriteEndObject();
            w.WriteStartArray("locations");
            foreach (SourceLocation location in check.Locations)
            {
                w.WriteStartObject();
                w.WriteStartObject("physicalLocation");
                w.WriteStartObject("artifactLocation");
                w.WriteString("uri", UriReference(RepoPath.Relative(root, location.Path)));
                w.WriteString("uriBaseId", "SRCROOT");
                w.WriteEndObject();
                if (location.Line > 0)
                {
                    w.WriteStartObject("region");
                    w.WriteNumber("startLine", location.Line);
                    if (location.Column > 0)
                    {
                        w.WriteNumber("startColumn", location.Column);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("properties");
            w.WriteString("checkId", check.Id);
            w.WriteString("status", Names.Of(check.Status));
            w.WriteString("severity", Names.Of(check.Severity));
            w.WriteOptionalString("project", check.Project);
            w.WriteEndObject();
            if (check.WaivedBy is not null)
            {
                // A waived failure is a suppressed result: SARIF viewers show it as accepted.
                w.WriteStartArray("suppressions");
                w.WriteStartObject();
                w.WriteString("kind", "external");
                w.WriteString("status", "accepted");
                w.WriteString("justification", $"Waived by exception {check.WaivedBy}.");
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>The SARIF level mirrors what the build log shows for the same result.</summary>
    private static string Level(CheckResult check, GateMode mode) => check.Status switch
    {
        CheckStatus.Error => "error",
        CheckStatus.Fail => mode == GateMode.Blocking ? "error" : "warning",
        CheckStatus.Warn => "warning",
        _ => "note",
    };

    private static int IndexOf(string code)
    {
        for (int i = 0; i < Gov.All.Count; i++)
        {
            if (Gov.All[i].Code == code)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// A relative path as a URI reference (RFC 3986), which SARIF's <c>uri</c> must be: every byte
    /// of its UTF-8 outside the unreserved characters and '/' is percent-encoded, so a space, '#',
    /// '%' or '?' in a file name stays part of the path.
    /// </summary>
    internal static string UriReference(string relativePath)
    {
        var text = new System.Text.StringBuilder(relativePath.Length);
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(relativePath))
        {
            char c = (char)b;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c is '-' or '.' or '_' or '~' or '/')
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
