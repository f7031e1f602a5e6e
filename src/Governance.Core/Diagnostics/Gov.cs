using System.Collections.Generic;
using System.Linq;

namespace Governance.Core.Diagnostics;

/// <summary>
/// The catalog of every GOV code this version emits. One place: the SARIF rule list, the docs
/// check in the tests and the MSBuild help links all read it.
/// </summary>
public static class Gov
{
    public static readonly DiagnosticDescriptor MalformedJson =
        new("GOV1001", "Input file is not well-formed JSON", IsConfigurationError: true);

    public static readonly DiagnosticDescriptor SchemaViolation =
        new("GOV1002", "Input file does not satisfy its schema", IsConfigurationError: true);

    public static readonly DiagnosticDescriptor UnsupportedSchemaVersion =
        new("GOV1003", "Unsupported schema or policy version", IsConfigurationError: true);

    public static readonly DiagnosticDescriptor InvalidSetting =
        new("GOV1004", "Invalid governance property value", IsConfigurationError: true);

    public static readonly DiagnosticDescriptor UnreadableFile =
        new("GOV1005", "Input file cannot be read", IsConfigurationError: true);

    public static readonly DiagnosticDescriptor EvidenceMissing =
        new("GOV2001", "Required evidence is missing", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor EvidenceStale =
        new("GOV2002", "Required evidence is stale or invalid", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor LineageIncomplete =
        new("GOV3001", "Lineage is incomplete: a missing, stale or conflicting fragment, or a missing edge", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor LineageDanglingReference =
        new("GOV3002", "Lineage has a dangling reference: an edge names a node that does not exist", IsConfigurationError: false);

    /// <summary>All descriptors, ordered by code.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = new[]
    {
        MalformedJson, SchemaViolation, UnsupportedSchemaVersion, InvalidSetting, UnreadableFile,
        EvidenceMissing, EvidenceStale, LineageIncomplete, LineageDanglingReference,
    }.OrderBy(d => d.Code, System.StringComparer.Ordinal).ToArray();
}
