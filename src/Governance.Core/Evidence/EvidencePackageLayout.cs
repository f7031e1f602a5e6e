namespace Governance.Core.Evidence;

/// <summary>The names in an evidence package, in one place (docs/replay.md describes each).</summary>
public static class EvidencePackageLayout
{
    public const string FileName = "release-evidence.zip";
    public const string EnvelopeFileName = "release-evidence.dsse.json";

    /// <summary>The format's version: readers accept this major and refuse a newer one (GOV1003).</summary>
    public const string SchemaVersion = "1";

    public const string Sums = "SHA256SUMS";
    public const string Run = "run.json";
    public const string Inputs = "inputs.json";
    public const string Store = "store.json";

    /// <summary>The gate's outputs, under their own names.</summary>
    public const string OutputsFolder = "outputs/";

    /// <summary>Every file and store record the run read, once per content, named by its SHA-256.</summary>
    public const string BlobsFolder = "inputs/sha256/";

    /// <summary>The DSSE payload type of a signed package: the payload is its SHA256SUMS.</summary>
    public const string PayloadType = "application/vnd.governance.evidence-sums+text";
}
