using System;
using System.Collections.Generic;
using System.Linq;
using Governance.Core.Bundles;
using Governance.Core.Crypto;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Identity;
using Governance.Core.Policy;

namespace Governance.Core.Releases;

/// <summary>
/// Whether a promotion to an environment that requires approval has one that counts (GOV7007): for
/// this environment, this release (its manifest digests) and this policy (its digest), not
/// expired, not consumed by an earlier promotion, given by someone other than the promoter (names
/// compared as <see cref="PersonIdentity"/> compares them) and, when the environment lists
/// <c>approvers</c>, signed by one of their keys. A plain approval guards against mistakes, not
/// against someone who can write to the store: only a signature by a listed key does that.
/// </summary>
public static class ApprovalCheck
{
    /// <param name="environment">The environment promoted to.</param>
    /// <param name="release">The release promoted.</param>
    /// <param name="policySha256">SHA-256 of the policy in effect.</param>
    /// <param name="promoter">Who promotes (the ledger entry's <c>by</c>).</param>
    /// <param name="approvals">The approvals recorded for the environment (<see cref="ApprovalStore.Read"/>).</param>
    /// <param name="approvers">The environment's approvers with their keys loaded; empty when the policy lists none.</param>
    /// <param name="target">The environment's state: which approvals earlier promotions consumed.</param>
    /// <param name="now">The wall clock.</param>
    public static ApprovalDecision Check(
        EnvironmentPolicy environment, Release release, string policySha256, string promoter, IReadOnlyList<RecordedApproval> approvals,
        IReadOnlyList<ApproverKey> approvers, EnvironmentState target, DateTimeOffset now)
    {
        if (!environment.RequireApproval)
        {
            return new ApprovalDecision(Array.Empty<RecordedApproval>(), Array.Empty<Diagnostic>());
        }

        var consumed = new HashSet<string>(
            target.Ledger.Entries.Where(e => e.Entry.Action == LedgerAction.Promote).SelectMany(e => e.Entry.ApprovalsConsumed),
            StringComparer.Ordinal);
        PersonIdentity? promoterIdentity = PersonIdentity.TryParse(promoter, out _);
        var problems = new List<Diagnostic>();
        foreach (RecordedApproval recorded in approvals.OrderByDescending(a => a.Approval.Created).ThenBy(a => a.Sha256, StringComparer.Ordinal))
        {
            string? why = WhyNot(recorded, environment, release, policySha256, promoterIdentity, approvers, consumed, now);
            if (why is null)
            {
                return new ApprovalDecision(new[] { recorded }, Array.Empty<Diagnostic>());
            }

            problems.Add(Refused($"The approval {recorded.Key} by {PersonIdentity.Show(recorded.Approval.Approver)} does not count for promoting {release} to '{environment.Name}': {why}", recorded.Key));
        }

        if (problems.Count == 0)
        {
            problems.Add(Refused(
                $"Promoting {release} to '{environment.Name}' needs an approval (requireApproval), and none is recorded for '{environment.Name}'. " +
                $"Someone other than {PersonIdentity.Show(promoter)} approves it with 'governance approve <bundle.json>... --env {environment.Name}'" +
                (environment.Approvers.Count > 0 ? $" --key <their key>, signed by one of: {string.Join(", ", environment.Approvers.Select(a => a.Id))}" : string.Empty) +
                "; then promote again.", null));
        }

        return new ApprovalDecision(Array.Empty<RecordedApproval>(), problems);
    }

    private static string? WhyNot(
        RecordedApproval recorded, EnvironmentPolicy environment, Release release, string policySha256, PersonIdentity? promoter,
        IReadOnlyList<ApproverKey> approvers, HashSet<string> consumed, DateTimeOffset now)
    {
        Approval approval = recorded.Approval;
        if (!environment.Is(approval.Environment))
        {
            return $"it approves promotion to '{approval.Environment}', not to '{environment.Name}'. Approve the release for '{environment.Name}' (--env {environment.Name})";
        }

        if (!string.Equals(approval.ReleaseId, release.Id, StringComparison.Ordinal))
        {
            return $"it approves another release (id {approval.ReleaseId}, not {release.Id}: other bundles or other builds of them). Approve exactly the bundles being promoted";
        }

        if (!string.Equals(approval.PolicySha256, policySha256, StringComparison.OrdinalIgnoreCase))
        {
            return "it was given under another version of the policy (its digest differs from the policy in effect): the rules it approved under are not these. Approve again under the current policy";
        }

        if (now >= approval.Expires)
        {
            return $"it expired at {GateClock.Format(approval.Expires)}. Approve again";
        }

        if (consumed.Contains(recorded.Sha256))
        {
            return "an earlier promotion already consumed it (an approval counts for one promotion). Approve again";
        }

        string approverName = approval.Approver;
        if (approvers.Count > 0)
        {
            if (recorded.Signature is not DsseSignature signature)
            {
                return $"it is not signed, and '{environment.Name}' lists approvers, so only an approval signed by one of their keys counts ({string.Join(", ", approvers.Select(a => a.Id))}). Approve with 'governance approve ... --key <approver key>'";
            }

            byte[] pae = BundleAttestation.Pae(ApprovalStore.PayloadType, recorded.Payload);
            ApproverKey? signer = approvers
                .OrderBy(a => string.Equals(a.KeyId, signature.KeyId, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
                .FirstOrDefault(a => EcdsaKeys.Verify(a.Key, pae, signature.Signature));
            if (signer is null)
            {
                return $"its signature (key {signature.KeyId}) is by no key of the approvers of '{environment.Name}' ({string.Join(", ", approvers.Select(a => a.Id))}): it was signed with another key, or forged";
            }

            // With approvers, who approved is the listed approver whose key signed, whatever the record names.
            approverName = signer.Id;
        }

        PersonIdentity? approver = PersonIdentity.TryParse(approverName, out string? problem);
        if (approver is null)
        {
            return $"the approver's name {problem}";
        }

        if (promoter is null || approver.Equals(promoter))
        {
            return $"it was given by the one who promotes ({PersonIdentity.Show(approverName)}): an approval must come from someone else. Ask another approver";
        }

        return null;
    }

    private static Diagnostic Refused(string message, string? key) =>
        new(Gov.ApprovalMissing, message.EndsWith(".", StringComparison.Ordinal) ? message : message + ".", key is null ? null : new SourceLocation(key));
}
