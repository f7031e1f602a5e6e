using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Governance.Core.Json;
using Governance.Core.Policy;

namespace Governance.Core.Checks;

/// <summary>
/// The protection a saved GitHub response shows for a branch. A capture is a JSON object with
/// <c>capturedAt</c>, optionally <c>branch</c>, and the response of either or both endpoints:
/// <c>rules</c>, the array from "get rules for a branch" (<c>GET /repos/{o}/{r}/rules/branches/{b}</c>,
/// rulesets), and <c>protection</c>, the object from classic branch protection
/// (<c>GET /repos/{o}/{r}/branches/{b}/protection</c>). GitHub enforces both layers, so what
/// either shows counts. Anything absent or malformed shows nothing: the capture fails closed.
/// </summary>
public sealed record BranchProtectionCapture(
    string? Branch,
    bool HasRules,
    bool HasProtection,
    bool PullRequestRequired,
    int Approvals,
    IReadOnlyCollection<string> StatusChecks,
    bool ForcePushesBlocked,
    bool DeletionsBlocked)
{
    public static BranchProtectionCapture Read(JsonElement root)
    {
        string? branch = root.StringOrNull("branch");
        bool hasRules = root.TryGetProperty("rules", out JsonElement rules) && rules.ValueKind == JsonValueKind.Array;
        bool hasProtection = root.TryGetProperty("protection", out JsonElement protection) && protection.ValueKind == JsonValueKind.Object;

        bool pullRequest = false, forcePushes = false, deletions = false;
        int approvals = 0;
        var checks = new SortedSet<string>(StringComparer.Ordinal);

        if (hasRules)
        {
            foreach (JsonElement rule in rules.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object))
            {
                JsonElement parameters = rule.ObjectOrUndefined("parameters");
                switch (rule.StringOrNull("type"))
                {
                    case "pull_request":
                        // A pull_request rule without its approval count is partial: it shows no approvals.
                        pullRequest = true;
                        approvals = Math.Max(approvals, parameters.IntOrZero("required_approving_review_count"));
                        break;
                    case "required_status_checks":
                        AddContexts(parameters.ArrayItems("required_status_checks"), checks);
                        break;
                    case "non_fast_forward":
                        forcePushes = true;
                        break;
                    case "deletion":
                        deletions = true;
                        break;
                }
            }
        }

        if (hasProtection)
        {
            if (protection.TryGetProperty("required_pull_request_reviews", out JsonElement reviews) && reviews.ValueKind == JsonValueKind.Object)
            {
                pullRequest = true;
                approvals = Math.Max(approvals, reviews.IntOrZero("required_approving_review_count"));
            }

            if (protection.TryGetProperty("required_status_checks", out JsonElement statusChecks) && statusChecks.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonElement context in statusChecks.ArrayItems("contexts").Where(c => c.ValueKind == JsonValueKind.String))
                {
                    checks.Add(context.GetString()!);
                }

                AddContexts(statusChecks.ArrayItems("checks"), checks);
            }

            // Only an explicit "enabled": false shows a block; an absent setting shows nothing.
            forcePushes |= IsExplicitlyDisabled(protection, "allow_force_pushes");
            deletions |= IsExplicitlyDisabled(protection, "allow_deletions");
        }

        return new BranchProtectionCapture(branch, hasRules, hasProtection, pullRequest, approvals, checks, forcePushes, deletions);
    }

    /// <summary>
    /// What the capture does not show of what is required, in a fixed order; empty when it shows
    /// everything. A capture of a branch that is not one of <paramref name="blockingBranches"/>
    /// says nothing about the branches the gate protects, whatever its rules.
    /// </summary>
    public IReadOnlyList<string> Gaps(BranchProtectionRequirement required, IReadOnlyList<string>? blockingBranches = null)
    {
        var gaps = new List<string>();
        if (Branch is not null && blockingBranches is { Count: > 0 } && !blockingBranches.Any(glob => Evaluation.BranchGlob.IsMatch(glob, Branch)))
        {
            gaps.Add($"it is a capture of branch '{Branch}', which is not one of the blocking branches ({string.Join(", ", blockingBranches)}); capture a branch the gate protects");
        }

        if (!HasRules && !HasProtection)
        {
            gaps.Add("it holds neither a \"rules\" array (rules for a branch) nor a \"protection\" object (classic branch protection), so it shows no protection at all");
            return gaps;
        }

        if (!PullRequestRequired)
        {
            gaps.Add("pull requests are not required");
        }
        else if (Approvals < required.MinApprovals)
        {
            gaps.Add($"pull requests need {Approvals} approval(s), the policy requires at least {required.MinApprovals}");
        }

        string[] missingChecks = required.StatusChecks.Where(c => !StatusChecks.Contains(c)).ToArray();
        if (missingChecks.Length > 0)
        {
            string present = StatusChecks.Count == 0 ? "none are required" : "required: " + string.Join(", ", StatusChecks);
            gaps.Add($"the status check(s) {string.Join(", ", missingChecks.Select(c => "'" + c + "'"))} are not required ({present})");
        }

        if (required.BlockForcePushes && !ForcePushesBlocked)
        {
            gaps.Add("force pushes are not blocked");
        }

        if (required.BlockDeletions && !DeletionsBlocked)
        {
            gaps.Add("deletion of the branch is not blocked");
        }

        return gaps;
    }

    /// <summary>What the capture shows, for the passing message.</summary>
    public string Describe() =>
        $"pull requests with {Approvals} approval(s)" +
        (StatusChecks.Count > 0 ? $", status checks {string.Join(", ", StatusChecks)}" : string.Empty) +
        (ForcePushesBlocked ? ", force pushes blocked" : string.Empty) +
        (DeletionsBlocked ? ", deletion blocked" : string.Empty);

    private static void AddContexts(IEnumerable<JsonElement> entries, SortedSet<string> checks)
    {
        foreach (JsonElement entry in entries)
        {
            if (entry.StringOrNull("context") is string context)
            {
                checks.Add(context);
            }
        }
    }

    private static bool IsExplicitlyDisabled(JsonElement protection, string setting) =>
        protection.TryGetProperty(setting, out JsonElement value) && value.ValueKind == JsonValueKind.Object &&
        value.TryGetProperty("enabled", out JsonElement enabled) && enabled.ValueKind == JsonValueKind.False;
}
