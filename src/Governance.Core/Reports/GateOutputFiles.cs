namespace Governance.Core.Reports;

/// <summary>Where the gate's outputs were written. The tenant files exist only when the policy has <c>tenantIsolation</c>.</summary>
public sealed record GateOutputFiles(string Report, string Lineage, string Provenance, string Sarif, string Summary, string TenantMatrix, string TenantRollout)
{
    /// <summary>Every output, the report last (it is written last); some may not exist.</summary>
    public string[] All => new[] { Lineage, Provenance, Sarif, Summary, TenantMatrix, TenantRollout, Report };
}
