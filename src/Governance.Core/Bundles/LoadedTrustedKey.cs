using System.Security.Cryptography;

namespace Governance.Core.Bundles;

/// <summary>A public key the policy trusts, loaded.</summary>
public sealed record LoadedTrustedKey(string Id, string KeyId, ECDsa Key);
