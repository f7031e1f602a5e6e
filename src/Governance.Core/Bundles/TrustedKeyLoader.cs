using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using Governance.Core.Crypto;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Policy;

namespace Governance.Core.Bundles;

/// <summary>The policy's trusted keys, loaded for verification.</summary>
public static class TrustedKeyLoader
{
    /// <summary>
    /// Loads the policy's trusted keys (paths relative to the policy's folder); unusable key files
    /// are GOV1005/GOV1006. Compromised, expired and preview keys are loaded too: verification must
    /// recognise what they signed in order to refuse it or to judge it by when it was recorded.
    /// </summary>
    public static IReadOnlyList<LoadedTrustedKey> Load(GovernancePolicy policy, List<Diagnostic> findings)
    {
        var keys = new List<LoadedTrustedKey>();
        string root = Path.GetDirectoryName(policy.FilePath ?? ".") ?? ".";
        foreach (TrustedKey trusted in policy.TrustedKeys)
        {
            var at = new SourceLocation(policy.FilePath ?? trusted.PublicKeyPath, trusted.Line);
            string pem;
            try
            {
                pem = File.ReadAllText(Path.GetFullPath(Path.Combine(root, trusted.PublicKeyPath)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                findings.Add(new Diagnostic(Gov.UnreadableFile,
                    $"The public key '{trusted.Id}' ({trusted.PublicKeyPath}) cannot be read: {RepoPath.DescribeFailure(ex)}. Fix trustedKeys[].publicKey in the policy.", at));
                continue;
            }

            try
            {
                ECDsa key = EcdsaKeys.LoadPublicKey(pem, out string keyId);
                keys.Add(new LoadedTrustedKey(trusted.Id, keyId, key)
                {
                    ValidFrom = trusted.ValidFrom,
                    ValidUntil = trusted.ValidUntil,
                    Compromised = trusted.Compromised,
                    Use = trusted.Use,
                });
            }
            catch (KeyFormatException ex)
            {
                findings.Add(new Diagnostic(Gov.InvalidKey,
                    $"The public key '{trusted.Id}' ({trusted.PublicKeyPath}) cannot be used: {ex.Message}. Export it with 'openssl ec -in key.pem -pubout'.", at));
            }
        }

        return keys;
    }
}
