namespace Governance.Core.Tenants;

/// <summary>Who reaches a capability, most exposed first: the order the cohort plan ranks by after risk.</summary>
public enum CapabilityChannel
{
    Public,
    Partner,
    Internal,
}
