using System;

namespace Governance.Core.Store;

/// <summary>A record or entry in the store is not what was written: edited, truncated or replaced behind the store's back.</summary>
public sealed class StoreIntegrityException : Exception
{
    public StoreIntegrityException(string message, string location)
        : base(message) => Location = location;

    /// <summary>Where the damaged record is (a file, a blob URL without credentials).</summary>
    public string Location { get; }
}
