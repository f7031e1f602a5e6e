using System;
using System.Security.Cryptography;
using Governance.Core.Policy;

namespace Governance.Core.Bundles;

/// <summary>A public key the policy trusts, loaded, with its lifetime and use (<see cref="TrustedKey"/>).</summary>
/// <param name="Id">The policy's name for the key.</param>
/// <param name="KeyId">The SHA-256 of its SubjectPublicKeyInfo, hex: the DSSE keyid our signer writes.</param>
public sealed record LoadedTrustedKey(string Id, string KeyId, ECDsa Key)
{
    public DateTimeOffset? ValidFrom { get; init; }

    public DateTimeOffset? ValidUntil { get; init; }

    public bool Compromised { get; init; }

    public KeyUse Use { get; init; } = KeyUse.Release;

    /// <summary>True when <paramref name="time"/> lies in [validFrom, validUntil).</summary>
    public bool IsValidAt(DateTimeOffset time) => (ValidFrom is null || time >= ValidFrom) && (ValidUntil is null || time < ValidUntil);
}
