using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Inputs;
using Governance.Core.Json;
using Governance.Core.Policy;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Governance.Core.Tenants;

/// <summary>
/// Reads <c>capabilities.json</c> (schema <c>schemas/governance-capabilities.schema.json</c>):
/// GOV1005 when it cannot be read, GOV1001 when it is not well-formed JSON, GOV1002 for a schema
/// violation, an id used twice (compared without case) or an exemption whose <c>expires</c> is not
/// an RFC 3339 time, each at its line and column. A registry with any of these is not used at all:
/// half a registry would make the capabilities left out look as if they were never required.
/// </summary>
public static class CapabilityRegistryReader
{
    public const string SchemaFileName = "governance-capabilities.schema.json";

    public static CapabilityRegistryLoad Read(IGateInputs inputs, string path)
    {
        using JsonInput input = JsonInput.Read(inputs, path, InputRole.Registry);
        return Read(path, input);
    }

    /// <summary>As <see cref="Read(IGateInputs, string)"/>, for bytes already in hand (a registry edited before it is written).</summary>
    public static CapabilityRegistryLoad FromBytes(string path, byte[] bytes)
    {
        using JsonInput input = JsonInput.FromBytes(path, bytes);
        return Read(path, input);
    }

    private static CapabilityRegistryLoad Read(string path, JsonInput input)
    {
        if (input.Error is not null)
        {
            return new CapabilityRegistryLoad(null, new[] { input.Error }, input.Sha256);
        }

        IReadOnlyList<Diagnostic> violations = SchemaValidator.Validate(path, input.Text!, SchemaFileName, out JToken? token);
        if (violations.Count > 0)
        {
            return new CapabilityRegistryLoad(null, violations, input.Sha256);
        }

        var problems = new List<Diagnostic>();
        var capabilities = new List<Capability>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (JToken item in (JArray)token!["capabilities"]!)
        {
            string id = (string)item["id"]!;
            if (seen.TryGetValue(id, out int firstLine))
            {
                problems.Add(Problem(path, item["id"]!, $"the capability id '{id}' is also used at line {firstLine} (ids are compared without letter case). Give each capability its own id."));
                continue;
            }

            seen[id] = Line(item);
            CapabilityExemption? exemption = null;
            if (item["exemption"] is JObject written)
            {
                string expiresText = (string)written["expires"]!;
                DateTimeOffset? expires = GateClock.TryParseRfc3339(expiresText, out DateTimeOffset parsed) ? parsed.ToUniversalTime() : null;
                if (expires is null)
                {
                    problems.Add(Problem(path, written["expires"]!, $"the exemption of '{id}' expires '{expiresText}', which is not an RFC 3339 time with an offset (for example 2027-03-01T00:00:00Z)."));
                    continue;
                }

                string? approvedBy = ((string?)written["approvedBy"])?.Trim();
                exemption = new CapabilityExemption((string)written["reason"]!, string.IsNullOrEmpty(approvedBy) ? null : approvedBy, expires, Line(written));
            }

            capabilities.Add(new Capability(
                id,
                ((string)item["owner"]!).Trim(),
                Names.Parse<CapabilityChannel>((string)item["channel"]!),
                Names.Parse<Severity>((string)item["risk"]!),
                (int?)item["cohort"],
                Names.Parse<SameTenantStatus>((string)item["sameTenant"]!),
                Strings(item["tests"]),
                Strings(item["scenarios"]),
                exemption,
                Line(item)));
        }

        return problems.Count > 0
            ? new CapabilityRegistryLoad(null, problems, input.Sha256)
            : new CapabilityRegistryLoad(new CapabilityRegistry(capabilities, path, input.Sha256!), Array.Empty<Diagnostic>(), input.Sha256);
    }

    private static IReadOnlyList<string> Strings(JToken? array) =>
        array is JArray items ? items.Select(i => (string)i!).ToArray() : Array.Empty<string>();

    private static int Line(JToken token) => ((IJsonLineInfo)token).LineNumber;

    private static Diagnostic Problem(string path, JToken at, string problem)
    {
        var where = (IJsonLineInfo)at;
        return new Diagnostic(Gov.SchemaViolation, $"{Path.GetFileName(path)} is invalid: {problem}", new SourceLocation(path, where.LineNumber, where.LinePosition));
    }
}
