using System;

namespace Governance.Core.Releases;

/// <summary>
/// A DSSE signature over a ledger entry's payload (<see cref="LedgerSignature"/>): the key id (the
/// SHA-256 of the public key, as for bundles) and the DER signature of the pre-authentication encoding.
/// </summary>
public sealed record LedgerEntrySignature(string KeyId, byte[] Signature)
{
    /// <summary>The signature, base64, as the entry stores it.</summary>
    public string Base64 => Convert.ToBase64String(Signature);
}
