namespace Governance.Core.Store;

/// <summary>A record as read from a store: its key, its content (verified), the content's SHA-256, and where it is, for messages.</summary>
public sealed record StoreRecord(string Key, byte[] Content, string Sha256, string Location);
