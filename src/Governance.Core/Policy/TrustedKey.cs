namespace Governance.Core.Policy;

/// <summary>A public key trusted to sign release bundles (<c>trustedKeys[]</c> in the policy).</summary>
/// <param name="Id">The name the policy gives the key, used in messages.</param>
/// <param name="PublicKeyPath">The PEM public key file, relative to the governance root as written in the policy.</param>
/// <param name="Line">Line of the entry in the policy file, for diagnostics.</param>
public sealed record TrustedKey(string Id, string PublicKeyPath, int Line);
