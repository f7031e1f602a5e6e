using System.Collections.Generic;
using System.Linq;

namespace Governance.Core.Diagnostics;

/// <summary>
/// The catalog of every GOV code this version emits. One place: the SARIF rule list, the docs
/// check in the tests and the MSBuild help links all read it.
/// </summary>
public static class Gov
{
    /// <summary>The code of every check that passed: a pass is no finding, whatever rule it applied (its id says what was checked).</summary>
    public static readonly DiagnosticDescriptor CheckPassed =
        new("GOV0001", "Check passed", IsConfigurationError: false);

    /// <summary>Something was left out of the decision, and why: information, never a failure.</summary>
    public static readonly DiagnosticDescriptor Notice =
        new("GOV0002", "Left out of the decision, with the reason", IsConfigurationError: false);

    /// <summary>A warning: the policy asks for something this version accepts but does not enforce yet, so it must not be relied on.</summary>
    public static readonly DiagnosticDescriptor PolicyNotEnforced =
        new("GOV0003", "Policy setting accepted but not enforced by this version", IsConfigurationError: false);

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

    public static readonly DiagnosticDescriptor InvalidKey =
        new("GOV1006", "Key file is not a usable ECDSA P-256 PEM key", IsConfigurationError: true);

    public static readonly DiagnosticDescriptor MalformedXml =
        new("GOV1007", "Input file is not well-formed XML or not the format expected", IsConfigurationError: true);

    public static readonly DiagnosticDescriptor OverrideRefused =
        new("GOV1008", "A build setting would weaken a blocking run and the policy does not allow it", IsConfigurationError: true);

    public static readonly DiagnosticDescriptor StoreUnavailable =
        new("GOV1010", "Release store unreachable or access refused", IsConfigurationError: true);

    public static readonly DiagnosticDescriptor EvidenceMissing =
        new("GOV2001", "Required evidence is missing", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor EvidenceStale =
        new("GOV2002", "Required evidence is stale or invalid", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor ContractViolation =
        new("GOV2101", "Contract file does not satisfy its schema", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor VersionNotAllowed =
        new("GOV2201", "Package version is invalid or a prerelease where the policy requires a stable version", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor VersionNotIncreased =
        new("GOV2202", "Package version is not greater than the last released or baseline version", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor SarifFinding =
        new("GOV2301", "Analyzer or tool finding from a SARIF log", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor CustomCheckFinding =
        new("GOV2401", "A check the project added (GovernanceCheckTargets) reported a finding", IsConfigurationError: false);

    /// <summary>A package a blocking gate releases has no release notes for its version (<c>releaseNotes.required</c>).</summary>
    public static readonly DiagnosticDescriptor ReleaseNotesMissing =
        new("GOV2501", "Release notes missing for the package's version", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor CommandCheckFailed =
        new("GOV2402", "A command check (GovernanceCommandCheck) failed", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor LineageIncomplete =
        new("GOV3001", "Lineage is incomplete: a missing, stale or conflicting fragment, or a missing edge", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor LineageDanglingReference =
        new("GOV3002", "Lineage has a dangling reference: an edge names a node that does not exist", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor BundleChecksumMismatch =
        new("GOV4001", "Bundle file does not match its checksum", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor BundleFileSetMismatch =
        new("GOV4002", "Bundle file is missing, extra or outside the bundle", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor BundleSignatureInvalid =
        new("GOV4003", "Bundle signature is missing, invalid or untrusted", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor BundleImmutability =
        new("GOV4004", "Bundle version already released with different content", IsConfigurationError: false);

    /// <summary>A release asked for an environment it has not reached the one before (<c>after</c>), or was rolled back from there.</summary>
    public static readonly DiagnosticDescriptor PromotionOutOfOrder =
        new("GOV7001", "Promotion out of order: the release has not reached the environment it must follow", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor GateDecisionMissing =
        new("GOV7002", "Gate report missing or not go", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor StoreTampered =
        new("GOV7003", "Ledger or release store tampered or rewritten", IsConfigurationError: false);

    /// <summary>An environment's checks (the canary) failed: the promotion is recorded as failed and the current state stays.</summary>
    public static readonly DiagnosticDescriptor EnvironmentChecksFailed =
        new("GOV7004", "Environment checks failed", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor UnknownEnvironment =
        new("GOV7005", "Unknown environment", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor ApprovalMissing =
        new("GOV7007", "Approval missing, invalid or self-approved", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor SoakNotReached =
        new("GOV7008", "Soak time not reached", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor LastKnownGoodUnavailable =
        new("GOV7009", "Last known good release unavailable", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor FreezeWindow =
        new("GOV7010", "Environment is in a freeze window", IsConfigurationError: false);

    /// <summary>A package of the release depends on a governed package that neither the release nor the environment provides.</summary>
    public static readonly DiagnosticDescriptor ReleaseIncomplete =
        new("GOV7011", "Release incomplete: a governed dependency is neither in the release nor current in the environment", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor SloWarn =
        new("GOV5001", "SLO beyond its warn threshold", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor SloSoftFail =
        new("GOV5002", "SLO beyond its softFail threshold", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor SloHardFail =
        new("GOV5003", "SLO beyond its hardFail threshold", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor SloRepeatedBreach =
        new("GOV5004", "SLO breached repeatedly within its window", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor SloNoData =
        new("GOV5005", "SLO metric has no data", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor SloHistoryTampered =
        new("GOV5006", "SLO history in the release store is edited, broken or unreadable", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor ExceptionExpired =
        new("GOV5101", "Exception has expired", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor ExceptionUnapproved =
        new("GOV5102", "Exception is unapproved, self-approved or not yet in force", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor ExceptionUnused =
        new("GOV5103", "Exception matches no finding", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor ExceptionExpiringSoon =
        new("GOV5104", "Exception expires within 7 days", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor ExceptionTooLong =
        new("GOV5105", "Exception lasts longer than the policy allows", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor ExceptionOnCritical =
        new("GOV5106", "Exception matches a critical finding, which cannot be waived", IsConfigurationError: false);

    /// <summary>An exception names a result with status error (an integrity or configuration failure): what was not checked is never waived.</summary>
    public static readonly DiagnosticDescriptor ExceptionOnError =
        new("GOV5107", "Exception matches an error, which cannot be waived", IsConfigurationError: false);

    /// <summary>A capability in a required cohort is not same_tenant enforced (docs/tenant-isolation.md).</summary>
    public static readonly DiagnosticDescriptor TenantNotEnforced =
        new("GOV6001", "Capability in a required cohort is not same_tenant enforced", IsConfigurationError: false);

    /// <summary>An enforced capability without a passing isolation test, with a failing one, or missing a scenario it requires.</summary>
    public static readonly DiagnosticDescriptor TenantIsolationUnproven =
        new("GOV6002", "Capability has no passing tenant-isolation test", IsConfigurationError: false);

    public static readonly DiagnosticDescriptor TenantCoverageBelowTarget =
        new("GOV6003", "Tenant-isolation coverage below the policy's target", IsConfigurationError: false);

    /// <summary>An exempt capability whose exemption is missing, self-approved (by its owner), unapproved or expired.</summary>
    public static readonly DiagnosticDescriptor TenantExemptionInvalid =
        new("GOV6004", "Capability exemption is missing, self-approved or expired", IsConfigurationError: false);

    /// <summary>A replay of an evidence package does not reproduce the recorded decision or a check.</summary>
    public static readonly DiagnosticDescriptor ReplayDrift =
        new("GOV8001", "Replay drift: the current engine decides differently", IsConfigurationError: false);

    /// <summary>An evidence package with an entry missing, altered or unlisted, or that cannot answer what a replay asks.</summary>
    public static readonly DiagnosticDescriptor EvidenceIncomplete =
        new("GOV8002", "Evidence package incomplete or altered", IsConfigurationError: false);

    /// <summary>All descriptors, ordered by code.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = new[]
    {
        CheckPassed, Notice, PolicyNotEnforced, MalformedJson, SchemaViolation, UnsupportedSchemaVersion, InvalidSetting, UnreadableFile, InvalidKey, MalformedXml, OverrideRefused, StoreUnavailable,
        EvidenceMissing, EvidenceStale, ContractViolation, VersionNotAllowed, VersionNotIncreased, SarifFinding,
        CustomCheckFinding, CommandCheckFailed, LineageIncomplete, LineageDanglingReference,
        BundleChecksumMismatch, BundleFileSetMismatch, BundleSignatureInvalid, BundleImmutability,
        SloWarn, SloSoftFail, SloHardFail, SloRepeatedBreach, SloNoData, SloHistoryTampered,
        ExceptionExpired, ExceptionUnapproved, ExceptionUnused, ExceptionExpiringSoon, ExceptionTooLong, ExceptionOnCritical, ExceptionOnError,
        PromotionOutOfOrder, GateDecisionMissing, StoreTampered, EnvironmentChecksFailed, UnknownEnvironment,
        ApprovalMissing, SoakNotReached, LastKnownGoodUnavailable, FreezeWindow, ReleaseIncomplete,
        TenantNotEnforced, TenantIsolationUnproven, TenantCoverageBelowTarget, TenantExemptionInvalid,
        ReplayDrift, EvidenceIncomplete,
    }.OrderBy(d => d.Code, System.StringComparer.Ordinal).ToArray();
}
