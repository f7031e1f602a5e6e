namespace Governance.Core.Releases;

/// <summary>A ledger entry as stored and verified: its place in the chain, what it says, and its signature if it has one.</summary>
/// <param name="Sequence">The entry's number in the ledger, from 1.</param>
/// <param name="Previous">The digest of the entry before it (null for the first).</param>
/// <param name="Digest">The digest of this entry: what the next one links to.</param>
/// <param name="Signature">The DSSE signature over the payload, or null when the entry was written without a signing key.</param>
/// <param name="Location">Where the entry is stored, for messages.</param>
public sealed record RecordedLedgerEntry(long Sequence, string? Previous, string Digest, LedgerEntry Entry, LedgerEntrySignature? Signature, string Location);
