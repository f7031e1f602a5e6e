using System;
using System.Collections.Generic;
using System.IO;
using Governance.Core.Crypto;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Policy;

namespace Governance.Core.Releases;

/// <summary>Loads an environment's approvers' public keys (<c>approvers[].publicKey</c>, relative to the policy's folder) as trusted keys are loaded.</summary>
public static class ApproverKeyLoader
{
    /// <summary>The approvers whose keys load; an unreadable or unusable key is GOV1005/GOV1006 in <paramref name="findings"/> and that approver's signature never counts.</summary>
    public static IReadOnlyList<ApproverKey> Load(GovernancePolicy policy, EnvironmentPolicy environment, List<Diagnostic> findings)
    {
        var keys = new List<ApproverKey>();
        string root = Path.GetDirectoryName(policy.FilePath ?? ".") ?? ".";
        foreach (EnvironmentApprover approver in environment.Approvers)
        {
            var at = new SourceLocation(policy.FilePath ?? approver.PublicKeyPath, approver.Line);
            try
            {
                string pem = File.ReadAllText(Path.GetFullPath(Path.Combine(root, approver.PublicKeyPath)));
                var key = EcdsaKeys.LoadPublicKey(pem, out string keyId);
                keys.Add(new ApproverKey(approver.Id, keyId, key));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                findings.Add(new Diagnostic(Gov.UnreadableFile,
                    $"The public key of approver '{approver.Id}' of '{environment.Name}' ({approver.PublicKeyPath}) cannot be read: {RepoPath.DescribeFailure(ex)}. Fix environments[].approvers[].publicKey in the policy.", at));
            }
            catch (KeyFormatException ex)
            {
                findings.Add(new Diagnostic(Gov.InvalidKey,
                    $"The public key of approver '{approver.Id}' of '{environment.Name}' ({approver.PublicKeyPath}) cannot be used: {ex.Message}. Export it with 'openssl ec -in key.pem -pubout'.", at));
            }
        }

        return keys;
    }
}
