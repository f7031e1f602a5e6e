namespace Governance.Core.Tenants;

/// <summary>Where a capability stands on same_tenant enforcement (a registry's <c>sameTenant</c>).</summary>
public enum SameTenantStatus
{
    /// <summary>Every access is held to the caller's tenant, and tests prove it.</summary>
    Enforced,

    /// <summary>Not enforced yet: a capability still to be brought into a cohort.</summary>
    Pending,

    /// <summary>Deliberately not held to one tenant, with an approved, time-boxed exemption.</summary>
    Exempt,
}
