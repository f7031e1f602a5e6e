namespace Governance.Core.Reports;

/// <summary>Where the gate's outputs were written.</summary>
public sealed record GateOutputFiles(string Report, string Lineage, string Provenance, string Sarif, string Summary);
