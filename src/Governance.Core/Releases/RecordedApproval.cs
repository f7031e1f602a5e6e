namespace Governance.Core.Releases;

/// <summary>An approval as the store holds it: what it says, its digest (what a ledger entry lists when it consumes it), its signature if signed, and its record key.</summary>
/// <param name="Approval">What it approves.</param>
/// <param name="Sha256">SHA-256 of its canonical payload: the same approval has the same digest however often (and with whichever random ECDSA nonce) it is signed.</param>
/// <param name="Signature">The DSSE signature over the payload, or null for a plain record.</param>
/// <param name="Key">The record's key in the store, for messages.</param>
public sealed record RecordedApproval(Approval Approval, string Sha256, Bundles.DsseSignature? Signature, string Key)
{
    /// <summary>The canonical payload the digest and signature cover.</summary>
    public byte[] Payload { get; init; } = System.Array.Empty<byte>();
}
