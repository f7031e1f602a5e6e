using System.Collections.Generic;
using System.Linq;
using Governance.Core.Bundles;
using Governance.Core.Crypto;

namespace Governance.Core.Releases;

/// <summary>
/// Signs and checks ledger entries as bundles are signed: DSSE, over the pre-authentication encoding
/// of the entry's payload (its fields with the environment's name, <see cref="LedgerEntryJson.Payload"/>),
/// with ECDSA P-256. The payload leaves out the entry's place in the chain (the chain links it), so
/// an entry is signed once, whichever number it gets when it is appended; naming the environment
/// keeps a signed entry from passing for one of another ledger.
/// </summary>
public static class LedgerSignature
{
    /// <summary>The DSSE payload type of a ledger entry.</summary>
    public const string PayloadType = "application/vnd.governance.ledger-entry+json";

    /// <summary>The signature of <paramref name="entry"/> in <paramref name="environment"/>'s ledger.</summary>
    public static LedgerEntrySignature Sign(string environment, LedgerEntry entry, LedgerSigner signer) =>
        new(signer.KeyId, EcdsaKeys.Sign(signer.Key, BundleAttestation.Pae(PayloadType, LedgerEntryJson.Payload(environment, entry))));

    /// <summary>
    /// The trusted key whose signature the entry carries, or null when it carries none or none of
    /// <paramref name="trustedKeys"/> verifies it (the key id is only a hint: every key is tried).
    /// </summary>
    public static LoadedTrustedKey? SignedBy(string environment, RecordedLedgerEntry recorded, IReadOnlyList<LoadedTrustedKey> trustedKeys)
    {
        if (recorded.Signature is not LedgerEntrySignature signature)
        {
            return null;
        }

        byte[] pae = BundleAttestation.Pae(PayloadType, LedgerEntryJson.Payload(environment, recorded.Entry));
        return trustedKeys
            .OrderBy(k => string.Equals(k.KeyId, signature.KeyId, System.StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .FirstOrDefault(k => !k.Compromised && EcdsaKeys.Verify(k.Key, pae, signature.Signature));
    }
}
