namespace Governance.Core.Store;

/// <summary>One entry of an append-only stream: its number (from 1), its bytes and where it is, for messages.</summary>
public sealed record StreamEntry(long Sequence, byte[] Content, string Location);
