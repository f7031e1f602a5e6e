using System.Security.Cryptography;

namespace Governance.Core.Releases;

/// <summary>
/// The CI's signing key, when one is configured: ledger entries written with it carry a DSSE
/// signature, so an entry can be checked against the trusted keys, not only against the chain.
/// </summary>
/// <param name="Key">The private key (<see cref="Crypto.EcdsaKeys.LoadPrivateKey"/>); the caller owns and disposes it.</param>
/// <param name="KeyId">The key's id (SHA-256 of its public key).</param>
public sealed record LedgerSigner(ECDsa Key, string KeyId);
