namespace Governance.Core.Store;

/// <summary>
/// One entry of a hash-chained stream, as stored: its number (from 1), the digest of the entry
/// before it (null for the first), the digest of its own content, its bytes, and where it is (for messages).
/// </summary>
public sealed record ChainEntry(long Sequence, string? Previous, string Digest, byte[] Content, string Location);
