using System.Collections.Generic;
using Governance.Core.Policy;

namespace Governance.Core.Tenants;

/// <summary>One entry of <c>capabilities.json</c> (docs/tenant-isolation.md#the-registry).</summary>
/// <param name="Risk">High, medium or low: the severity of its findings and the first key of the cohort plan.</param>
/// <param name="Cohort">The rollout cohort it belongs to, or null when it is not scheduled yet.</param>
/// <param name="Tests">Globs over fully qualified test names (<c>Namespace.Class.Method</c>) that prove its isolation, besides tests with its <c>Capability</c> trait.</param>
/// <param name="Scenarios">The isolation scenarios it must have a passing test for, or empty when any one passing isolation test will do.</param>
/// <param name="Exemption">Why an <c>exempt</c> capability is exempt, or null.</param>
/// <param name="Line">Line of the entry in the registry, for diagnostics.</param>
public sealed record Capability(
    string Id,
    string Owner,
    CapabilityChannel Channel,
    Severity Risk,
    int? Cohort,
    SameTenantStatus SameTenant,
    IReadOnlyList<string> Tests,
    IReadOnlyList<string> Scenarios,
    CapabilityExemption? Exemption,
    int Line);
