using System;

namespace Governance.Core.Store;

/// <summary>
/// The store cannot be reached or refused access (a remote that does not answer, credentials
/// refused, a container or ref that is gone): a configuration problem, never a verdict about what
/// is stored. The message names the store without credentials and says what to check.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
