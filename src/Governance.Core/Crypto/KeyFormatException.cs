using System;

namespace Governance.Core.Crypto;

/// <summary>A key file that cannot be used: the message says why, without any key material.</summary>
public sealed class KeyFormatException : Exception
{
    public KeyFormatException(string message)
        : base(message)
    {
    }
}
