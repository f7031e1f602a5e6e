using System.Security.Cryptography;

namespace Governance.Core.Releases;

/// <summary>An environment's approver (<c>approvers[]</c>) with the public key loaded: an approval counts only when signed by one of these.</summary>
/// <param name="Id">The approver's id as the policy writes it.</param>
/// <param name="KeyId">SHA-256 of the public key (as for every key here).</param>
/// <param name="Key">The public key.</param>
public sealed record ApproverKey(string Id, string KeyId, ECDsa Key);
