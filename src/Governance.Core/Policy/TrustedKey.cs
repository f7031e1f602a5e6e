using System;

namespace Governance.Core.Policy;

/// <summary>A public key trusted to sign release bundles (<c>trustedKeys[]</c> in the policy).</summary>
/// <param name="Id">The name the policy gives the key, used in messages.</param>
/// <param name="PublicKeyPath">The PEM public key file, relative to the governance root as written in the policy.</param>
/// <param name="Line">Line of the entry in the policy file, for diagnostics.</param>
public sealed record TrustedKey(string Id, string PublicKeyPath, int Line)
{
    /// <summary>The first moment the key vouches for anything (<c>validFrom</c>); null: since always.</summary>
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>
    /// The moment the key stops vouching for bundles it was not already trusted for (<c>validUntil</c>,
    /// exclusive); null: never. A bundle recorded in the release store while the key was valid stays
    /// verifiable after it, so rotating a key does not strand the releases a rollback needs.
    /// </summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary><c>compromised</c>: whoever holds the private key may have signed anything, so nothing it signed is trusted, whenever it was recorded.</summary>
    public bool Compromised { get; init; }

    /// <summary><c>use</c>: release (the default) or preview.</summary>
    public KeyUse Use { get; init; } = KeyUse.Release;
}
