using System.IO;
using Governance.Core.Evaluation;
using Governance.Core.IO;
using Governance.Core.Lineage;

namespace Governance.Core.Reports;

/// <summary>
/// Writes the gate's outputs into the artifacts directory, each atomically: the lineage and its
/// in-toto export first (the report records their digests; the export is left out, and an old one
/// removed, when there is no artifact to attest), the tenant-isolation matrix and rollout page when
/// the policy has tenant isolation, then SARIF and the summary, and the report last,
/// so a report on disk always describes outputs that are complete.
/// </summary>
public static class GateOutputs
{
    public const string ReportFileName = "release_readiness_gate_report.json";
    public const string LineageFileName = "lineage.json";
    public const string ProvenanceFileName = "lineage.intoto.json";
    public const string SarifFileName = "findings.sarif";
    public const string SummaryFileName = "summary.md";
    public const string TenantMatrixFileName = "tenant-isolation-matrix.json";
    public const string TenantRolloutFileName = "tenant-rollout.md";

    public static GateOutputFiles Write(GateEvaluation evaluation, string artifactsDirectory)
    {
        string directory = Path.GetFullPath(artifactsDirectory);
        var files = new GateOutputFiles(
            Path.Combine(directory, ReportFileName),
            Path.Combine(directory, LineageFileName),
            Path.Combine(directory, ProvenanceFileName),
            Path.Combine(directory, SarifFileName),
            Path.Combine(directory, SummaryFileName),
            Path.Combine(directory, TenantMatrixFileName),
            Path.Combine(directory, TenantRolloutFileName));

        byte[] lineage = LineageWriter.ToJson(evaluation.Lineage);
        AtomicFile.WriteAllBytes(files.Lineage, lineage);
        var lineageReference = new EvidenceReference(RepoPath.Relative(evaluation.GovernanceRoot, files.Lineage), Sha256.OfBytes(lineage));
        byte[]? provenance = ProvenanceStatement.ToJson(evaluation, lineageReference.Path, lineageReference.Sha256!);
        EvidenceReference? provenanceReference = null;
        if (provenance is null)
        {
            // Nothing to attest: no statement, and none left from an earlier run to be mistaken for this one's.
            File.Delete(files.Provenance);
        }
        else
        {
            AtomicFile.WriteAllBytes(files.Provenance, provenance);
            provenanceReference = new EvidenceReference(RepoPath.Relative(evaluation.GovernanceRoot, files.Provenance), Sha256.OfBytes(provenance));
        }

        if (evaluation.Tenants is Tenants.TenantRollout tenants)
        {
            AtomicFile.WriteAllBytes(files.TenantMatrix, Tenants.TenantMatrixWriter.ToJson(tenants, evaluation.Report, evaluation.GovernanceRoot));
            AtomicFile.WriteAllText(files.TenantRollout, Tenants.TenantRolloutWriter.ToMarkdown(tenants, evaluation.Report, evaluation.GovernanceRoot));
        }
        else
        {
            // No tenant isolation in this run: none left from an earlier one to be mistaken for it.
            File.Delete(files.TenantMatrix);
            File.Delete(files.TenantRollout);
        }

        AtomicFile.WriteAllBytes(files.Sarif, SarifWriter.ToJson(evaluation.Report, evaluation.GovernanceRoot));
        AtomicFile.WriteAllText(files.Summary, SummaryWriter.ToMarkdown(evaluation.Report, RepoPath.Relative(evaluation.GovernanceRoot, files.Report)));
        AtomicFile.WriteAllBytes(files.Report, GateReportWriter.ToJson(evaluation.Report, evaluation.GovernanceRoot, lineageReference, provenanceReference));
        return files;
    }
}
