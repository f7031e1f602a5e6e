using System;
using System.IO;

namespace Governance.Core.Store;

/// <summary>
/// The store cannot be reached or refused access (a remote that does not answer, credentials
/// refused, a container or ref that is gone): a configuration problem, never a verdict about what
/// is stored. The message names the store without credentials and says what to check. An
/// <see cref="IOException"/>, so every place that reports an unreadable store reports this too.
/// </summary>
public sealed class StoreUnavailableException : IOException
{
    public StoreUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
