using System;

namespace Governance.Core.Store;

/// <summary>A store location that cannot be opened as written: the message says why and what to write instead.</summary>
public sealed class StoreLocationException : Exception
{
    public StoreLocationException(string message)
        : base(message)
    {
    }
}
