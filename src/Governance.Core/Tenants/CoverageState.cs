namespace Governance.Core.Tenants;

/// <summary>Where one capability stands in this run's tenant-isolation check.</summary>
public enum CoverageState
{
    /// <summary>Enforced, with a passing isolation test for every scenario it requires and no failing one.</summary>
    Covered,

    /// <summary>Exempt, with a valid exemption: counts as covered, and is listed as exempt.</summary>
    Exempt,

    /// <summary>In a required cohort but not enforced (GOV6001).</summary>
    NotEnforced,

    /// <summary>Enforced, but without a passing isolation test, with a failing one, or missing a scenario (GOV6002).</summary>
    Unproven,

    /// <summary>Exempt without a valid exemption (GOV6004).</summary>
    ExemptionInvalid,

    /// <summary>Pending, and not in a required cohort: listed in the matrix and the plan's candidates.</summary>
    Pending,
}
