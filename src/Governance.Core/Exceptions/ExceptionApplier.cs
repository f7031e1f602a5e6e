using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Identity;
using Governance.Core.Policy;

namespace Governance.Core.Exceptions;

/// <summary>An exception that applied, and the check ids whose failures it waived.</summary>
public sealed record Waiver(GovernanceException Exception, IReadOnlyList<string> Waived);

/// <summary>
/// Applies exceptions to the gate's results (docs/RELEASE_EXCEPTIONS_POLICY.md). An exception
/// applies only when it is approved by someone other than its requester (compared as
/// <see cref="PersonIdentity"/>), by someone the policy's <c>approvers</c> list for its scope when
/// the policy has them, is in force (created at or before <c>GovernanceNow</c>, expiring after it:
/// expiring exactly now is expired) and lasts no longer than the policy allows. It turns every
/// matching <c>fail</c> (by code or check id, in its scope) into <c>waived</c>, except
/// <c>critical</c> ones; an <c>error</c> (the gate could not check) is never waived either. An
/// exception that does not apply is a finding itself: expired GOV5101; unapproved, self-approved
/// or approved by someone not listed GOV5102; too long GOV5105. Warnings: matching nothing GOV5103,
/// expiring within 7 days GOV5104, matching a critical failure GOV5106, naming an error GOV5107.
/// </summary>
public static class ExceptionApplier
{
    /// <summary>How far ahead an expiry is announced (GOV5104); its messages say "7 days".</summary>
    public static readonly TimeSpan ExpiryNotice = TimeSpan.FromDays(7);

    public static string CheckId(GovernanceException exception) => $"exception:{exception.Id}";

    /// <summary>Applies <paramref name="set"/> under the policy's <c>exceptionMaxDays</c> and <c>approvers</c>.</summary>
    public static (IReadOnlyList<CheckResult> Checks, IReadOnlyList<Waiver> Waivers) Apply(
        IReadOnlyList<CheckResult> checks, ExceptionSet set, DateTimeOffset now, GovernancePolicy policy)
    {
        CheckResult[] results = checks.ToArray();
        var findings = new List<CheckResult>();
        var waivers = new List<Waiver>();
        foreach (GovernanceException exception in set.Exceptions.OrderBy(e => e.Id, StringComparer.Ordinal))
        {
            var location = new[] { new SourceLocation(set.File!, exception.Line) };
            var evidence = new[] { new EvidenceReference(set.File!, set.Sha256) };
            CheckResult Finding(DiagnosticDescriptor rule, CheckStatus status, string message) =>
                new(CheckId(exception), rule, status, Severity.High, message, null, location, evidence);

            string? refusal = Refusal(exception, now, policy, out DiagnosticDescriptor? rule, out CheckStatus status);
            if (refusal is not null)
            {
                findings.Add(Finding(rule!, status, $"Exception '{exception.Id}' ({exception.Check}, scope {exception.Scope}) does not apply: {refusal} Nothing is waived by it."));
                continue;
            }

            var waived = new SortedSet<string>(StringComparer.Ordinal);
            var critical = new SortedSet<string>(StringComparer.Ordinal);
            var unverified = new SortedSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < results.Length; i++)
            {
                CheckResult check = results[i];
                if (check.Status is not (CheckStatus.Fail or CheckStatus.Error) || !Matches(exception, check))
                {
                    continue;
                }

                if (check.Status == CheckStatus.Error)
                {
                    // An error means the gate could not check (a tampered or unreachable store, a
                    // file it cannot read): an exception cannot vouch for what was not checked.
                    unverified.Add(check.Id);
                    continue;
                }

                if (check.Severity == Severity.Critical)
                {
                    critical.Add(check.Id);
                    continue;
                }

                waived.Add(check.Id);
                results[i] = check with
                {
                    Status = CheckStatus.Waived,
                    WaivedBy = exception.Id,
                    Message = $"{check.Message} (Waived by exception {exception.Id}, approved by {PersonIdentity.Show(exception.ApprovedBy!)}, until {GateClock.Format(exception.Expires)}.)",
                };
            }

            string until = GateClock.Format(exception.Expires);
            if (critical.Count > 0)
            {
                findings.Add(Finding(Gov.ExceptionOnCritical, CheckStatus.Warn,
                    $"Exception '{exception.Id}' matches critical failure(s) {string.Join(", ", critical)}, which no exception waives. They still block: fix them."));
            }

            if (unverified.Count > 0)
            {
                findings.Add(Finding(Gov.ExceptionOnError, CheckStatus.Warn,
                    $"Exception '{exception.Id}' names {string.Join(", ", unverified)}, which the gate could not check (status error), and no exception waives what was not checked: this exception cannot apply to it. Fix the cause the error names and run the gate again."));
            }

            if (waived.Count == 0 && critical.Count == 0 && unverified.Count == 0)
            {
                findings.Add(Finding(Gov.ExceptionUnused, CheckStatus.Warn,
                    $"Exception '{exception.Id}' ({exception.Check}, scope {exception.Scope}) matches no failure in this gate. If what it excused is fixed, remove it from {Path.GetFileName(set.File)}; otherwise correct its check or scope."));
            }
            else if (waived.Count > 0)
            {
                waivers.Add(new Waiver(exception, waived.ToArray()));
                findings.Add(Finding(Gov.ExceptionExpired, CheckStatus.Pass,
                    $"Exception '{exception.Id}', approved by {PersonIdentity.Show(exception.ApprovedBy!)}, is in force until {until} and waives {string.Join(", ", waived)}."));
            }

            if (exception.Expires - now <= ExpiryNotice)
            {
                findings.Add(Finding(Gov.ExceptionExpiringSoon, CheckStatus.Warn,
                    $"Exception '{exception.Id}' expires at {until}, within 7 days. Fix what it excuses, or renew it with a new approval (docs/RELEASE_EXCEPTIONS_POLICY.md#renewal)."));
            }
        }

        return (results.Concat(findings).ToArray(), waivers);
    }

    /// <summary>Why the exception cannot apply, with the code and status of that finding; null when it applies.</summary>
    private static string? Refusal(GovernanceException exception, DateTimeOffset now, GovernancePolicy policy, out DiagnosticDescriptor? rule, out CheckStatus status)
    {
        status = CheckStatus.Fail;
        rule = Gov.ExceptionUnapproved;
        if (string.IsNullOrWhiteSpace(exception.ApprovedBy))
        {
            return $"it is not approved (no approvedBy). Someone other than {PersonIdentity.Show(exception.RequestedBy)} must approve it and be recorded as approvedBy.";
        }

        // The file's loader refuses names that name nobody; an exception built elsewhere is held to
        // the same rule here: a name that is no one's is no approval.
        if (PersonIdentity.TryParse(exception.ApprovedBy, out string? approverProblem) is not PersonIdentity approver)
        {
            return $"its approvedBy '{PersonIdentity.Show(exception.ApprovedBy!)}' {approverProblem}, so it is not approved. Record who approved it.";
        }

        if (PersonIdentity.TryParse(exception.RequestedBy, out string? requesterProblem) is not PersonIdentity requester)
        {
            return $"its requestedBy '{PersonIdentity.Show(exception.RequestedBy)}' {requesterProblem}, so nobody can tell that someone else approved it. Record who requested it.";
        }

        // Compared as people, not strings: a zero-width space, a soft hyphen, fullwidth letters,
        // another case or decomposed accents do not make the requester someone else.
        if (approver.Equals(requester))
        {
            string same = approver.Written == requester.Written ? string.Empty : $"; approvedBy '{approver}' is the same name once invisible characters, letter case and compatibility forms are set aside";
            return $"it is approved by its own requester ({requester}{same}). Someone else must approve it.";
        }

        if (!policy.ExceptionApprovers.Allows(exception.Scope, approver, out string listed))
        {
            return $"it is approved by {approver}, who is not among those the policy allows to approve exceptions with scope {exception.Scope} ({listed}). Have one of them approve it, or change the policy's approvers in a reviewed change.";
        }

        if (exception.Created > now)
        {
            // Recorded ahead of time: harmless, and not in force yet.
            status = CheckStatus.Warn;
            return $"it is not in force until {GateClock.Format(exception.Created)} (its created time is after the evaluation time {GateClock.Format(now)}).";
        }

        if (exception.Expires <= now)
        {
            rule = Gov.ExceptionExpired;
            return $"it expired at {GateClock.Format(exception.Expires)} (evaluated at {GateClock.Format(now)}). Fix what it excused, or renew it with a new approval and expiry.";
        }

        double limit = policy.ExceptionMaxDays ?? GovernancePolicy.DefaultExceptionMaxDays;
        if ((exception.Expires - exception.Created).TotalDays > limit)
        {
            rule = Gov.ExceptionTooLong;
            // Invariant: the message reaches the report, whose bytes must not depend on the machine's culture.
            return string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "it lasts {0:0.#} days from created to expires, longer than the {1} days {2}. Shorten it and have it approved again.",
                (exception.Expires - exception.Created).TotalDays, limit,
                policy.ExceptionMaxDays is null ? "allowed when the policy sets no exceptionMaxDays" : "the policy allows (exceptionMaxDays)");
        }

        rule = null;
        return null;
    }

    /// <summary>The exception names the finding's code or check id, and its scope covers the finding's project.</summary>
    public static bool Matches(GovernanceException exception, CheckResult check)
    {
        bool named = string.Equals(exception.Check, check.Code, StringComparison.OrdinalIgnoreCase) ||
                     string.Equals(exception.Check, check.Id, StringComparison.Ordinal);
        if (!named)
        {
            return false;
        }

        if (exception.Scope == "*")
        {
            return true;
        }

        if (check.Project is null)
        {
            return false;
        }

        string scope = exception.Scope.Replace('\\', '/');
        return IO.RepoPath.Comparer.Equals(scope, check.Project) ||
               string.Equals(scope, Path.GetFileNameWithoutExtension(check.Project), StringComparison.OrdinalIgnoreCase);
    }
}
