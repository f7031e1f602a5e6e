using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using Governance.Core.Bundles;
using Governance.Core.Crypto;
using Governance.Core.Diagnostics;
using Governance.Core.Releases;

namespace Governance.Cli.Operations;

/// <summary>
/// The key ledger entries are signed with: the CI's signing key, the PEM text in
/// <c>GOVERNANCE_SIGNING_KEY</c> (the secret packing signs bundles with). Without it entries are
/// unsigned, and the chain alone protects them against edits by anyone who cannot write the store.
/// </summary>
internal static class LedgerSigning
{
    public const string Variable = "GOVERNANCE_SIGNING_KEY";

    /// <summary>The signer, null when no key is configured, or null with <paramref name="problem"/> (GOV1006) when the key cannot be used.</summary>
    /// <param name="trustedKeys">
    /// The policy's trusted keys: when it lists any, the signing key must be one of them (and not
    /// compromised), since an entry signed in the name of a key nobody trusts proves nothing.
    /// </param>
    public static LedgerSigner? FromEnvironment(Func<string, string?> environment, IReadOnlyList<LoadedTrustedKey> trustedKeys, out Diagnostic? problem)
    {
        problem = null;
        string? pem = environment(Variable);
        if (string.IsNullOrWhiteSpace(pem))
        {
            return null;
        }

        try
        {
            ECDsa key = EcdsaKeys.LoadPrivateKey(pem!, out string keyId);
            if (trustedKeys.Count > 0 && !trustedKeys.Any(k => !k.Compromised && string.Equals(k.KeyId, keyId, StringComparison.OrdinalIgnoreCase)))
            {
                key.Dispose();
                problem = new Diagnostic(Gov.InvalidKey,
                    $"The signing key in {Variable} (key id {keyId}) is not among the policy's trusted keys, or is marked compromised: ledger entries signed with it would prove nothing. Add its public key to trustedKeys, or set {Variable} to the release key.", null);
                return null;
            }

            return new LedgerSigner(key, keyId);
        }
        catch (KeyFormatException ex)
        {
            problem = new Diagnostic(Gov.InvalidKey, $"The signing key in {Variable} cannot be used: {ex.Message}. Set it to the PEM text of an ECDSA P-256 private key, or unset it.", null);
            return null;
        }
    }
}
