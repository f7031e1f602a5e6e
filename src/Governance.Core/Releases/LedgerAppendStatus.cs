namespace Governance.Core.Releases;

/// <summary>How an append to a ledger ended.</summary>
public enum LedgerAppendStatus
{
    /// <summary>The entry was appended.</summary>
    Appended,

    /// <summary>The newest entry already records the same action for the same release (a rerun): nothing was appended.</summary>
    AlreadyRecorded,

    /// <summary>A stream the decision rested on moved since the checkpoint: nothing was appended; read again and check again.</summary>
    Moved,

    /// <summary>The ledger cannot be trusted (GOV7003): nothing is appended to a broken chain.</summary>
    Broken,
}
