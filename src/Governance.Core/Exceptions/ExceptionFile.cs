using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Identity;
using Governance.Core.Inputs;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Policy;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Governance.Core.Exceptions;

/// <summary>One record of <c>governance.exceptions.json</c> (docs/RELEASE_EXCEPTIONS_POLICY.md).</summary>
/// <param name="Check">A diagnostic code (<c>GOV2001</c>) or a check id (<c>slo:tests-pass-rate</c>).</param>
/// <param name="Scope"><c>*</c>, or a project's name or path relative to the governance root.</param>
/// <param name="ApprovedBy">Who approved it, or null when nobody did.</param>
/// <param name="Line">Line of the record in the file, for diagnostics.</param>
public sealed record GovernanceException(
    string Id, string Check, string Scope, string Reason, string RequestedBy, string? ApprovedBy,
    DateTimeOffset Created, DateTimeOffset Expires, int Line);

/// <summary>The exceptions read, the file they came from (with its digest), and the configuration errors found.</summary>
public sealed record ExceptionSet(IReadOnlyList<GovernanceException> Exceptions, string? File, string? Sha256, IReadOnlyList<CheckResult> Problems)
{
    public static ExceptionSet None { get; } = new(Array.Empty<GovernanceException>(), null, null, Array.Empty<CheckResult>());
}

/// <summary>
/// Loads the exceptions file the policy names: GOV1005 when it is missing, GOV1001 when it is not
/// well-formed, GOV1002 for a schema violation, a time that is not RFC 3339 with an offset, an
/// expiry before the creation, a blank id, an id used twice (ignoring case and spaces: both are
/// refused), or a requester or approver that names nobody
/// (<see cref="PersonIdentity"/>). A file with errors waives nothing.
/// </summary>
public static class ExceptionFile
{
    public const string SchemaFileName = "governance-exceptions.schema.json";
    public const string CheckId = "configuration.exceptions";

    public static ExceptionSet Load(GovernancePolicy policy, string governanceRoot, IGateInputs inputs)
    {
        if (policy.ExceptionsPath is null)
        {
            return ExceptionSet.None;
        }

        var policyLocation = new SourceLocation(policy.FilePath!, policy.ExceptionsLine);
        string? path = RepoPath.ResolveInside(governanceRoot, policy.ExceptionsPath);
        if (path is null)
        {
            return Failed(null, null, new CheckResult(CheckId, Gov.SchemaViolation, CheckStatus.Error, Severity.High,
                $"The policy's exceptions '{policy.ExceptionsPath}' is not a relative path inside the governance root. Name the exceptions file relative to the folder of governance.json.",
                null, new[] { policyLocation }, Array.Empty<EvidenceReference>()));
        }

        if (!inputs.FileExists(path))
        {
            return Failed(path, null, new CheckResult(CheckId, Gov.UnreadableFile, CheckStatus.Error, Severity.High,
                $"The exceptions file {policy.ExceptionsPath} the policy names {(inputs.DirectoryExists(path) ? "is a directory, not a file" : "does not exist")}. Create it ({{ \"exceptions\": [] }} for none), or remove \"exceptions\" from the policy.",
                null, new[] { policyLocation }, Array.Empty<EvidenceReference>()));
        }

        using JsonInput input = JsonInput.Read(inputs, path, InputRole.Exceptions);
        if (input.Error is not null)
        {
            return Failed(path, input.Sha256, CheckResult.FromDiagnostic(CheckId, input.Error));
        }

        IReadOnlyList<Diagnostic> violations = SchemaValidator.Validate(path, input.Text!, SchemaFileName, out JToken? token);
        if (violations.Count > 0)
        {
            return Failed(path, input.Sha256, violations.Select(v => CheckResult.FromDiagnostic(CheckId, v)).ToArray());
        }

        var exceptions = new List<GovernanceException>();
        var problems = new List<CheckResult>();
        JToken[] items = ((JArray)token!["exceptions"]!).ToArray();
        ILookup<string, JToken> byId = items.ToLookup(i => IdKey((string)i["id"]!), StringComparer.Ordinal);
        foreach (JToken item in items)
        {
            int line = ((IJsonLineInfo)item).LineNumber;
            string id = ((string)item["id"]!).Trim();
            string[] twins = byId[IdKey(id)]
                .Where(other => !ReferenceEquals(other, item))
                .Select(other => $"'{PersonIdentity.Show((string)other["id"]!)}' at line {((IJsonLineInfo)other).LineNumber}")
                .ToArray();
            bool createdValid = GateClock.TryParseRfc3339((string)item["created"]!, out DateTimeOffset created);
            bool expiresValid = GateClock.TryParseRfc3339((string)item["expires"]!, out DateTimeOffset expires);
            JToken at = item;
            string? problem =
                IdKey(id).Length == 0 ? "its id is blank (only spaces or invisible characters); give it an id such as EX-001" :
                twins.Length > 0 ? $"its id is also the id of the exception {string.Join(" and ", twins)} (ids are compared without letter case, spaces and invisible characters); give each exception its own id" :
                !createdValid ? $"created '{(string)item["created"]!}' is not an RFC 3339 time with an offset (for example 2026-11-01T00:00:00Z)" :
                !expiresValid ? $"expires '{(string)item["expires"]!}' is not an RFC 3339 time with an offset (for example 2026-12-01T00:00:00Z)" :
                expires <= created ? "it expires no later than it was created" :
                null;
            if (problem is null && IdentityProblem(item) is (string why, JToken field))
            {
                (problem, at) = (why, field);
            }

            if (problem is not null)
            {
                var where = (IJsonLineInfo)at;
                problems.Add(new CheckResult(CheckId, Gov.SchemaViolation, CheckStatus.Error, Severity.High,
                    $"Exception '{PersonIdentity.Show(id)}' in {Path.GetFileName(path)} is invalid: {problem}.",
                    null, new[] { new SourceLocation(path, where.LineNumber, where.LinePosition) }, new[] { new EvidenceReference(path, input.Sha256) }));
                continue;
            }

            string? approvedBy = ((string?)item["approvedBy"])?.Trim();
            exceptions.Add(new GovernanceException(
                id, ((string)item["check"]!).Trim(), ((string)item["scope"]!).Trim(), (string)item["reason"]!,
                ((string)item["requestedBy"]!).Trim(), string.IsNullOrEmpty(approvedBy) ? null : approvedBy,
                created, expires, line));
        }

        if (problems.Count > 0)
        {
            // Half a file is not a policy anyone approved: nothing in it waives anything.
            return Failed(path, input.Sha256, problems.ToArray());
        }

        return new ExceptionSet(exceptions, path, input.Sha256, new[]
        {
            new CheckResult(CheckId, Gov.SchemaViolation, CheckStatus.Pass, Severity.High,
                $"{policy.ExceptionsPath}: {exceptions.Count} exception(s) read.", null,
                new[] { new SourceLocation(path) }, new[] { new EvidenceReference(path, input.Sha256) }),
        });
    }

    /// <summary>
    /// The form in which two ids are one: <c>EX-1</c>, <c>ex-1</c> and <c>EX - 1</c> would be told
    /// apart by nobody reading the report (waivedBy, <c>exception:&lt;id&gt;</c>), so they are refused.
    /// </summary>
    private static string IdKey(string id) => string.Concat(PersonIdentity.Fold(id).Where(c => !char.IsWhiteSpace(c)));

    /// <summary>
    /// Why <c>requestedBy</c> or <c>approvedBy</c> names nobody (<see cref="PersonIdentity"/>), with
    /// the value to point at; null when both name someone. An absent or blank <c>approvedBy</c> is
    /// no problem here: the exception is simply not approved (GOV5102 when it is applied).
    /// </summary>
    private static (string Problem, JToken At)? IdentityProblem(JToken item)
    {
        foreach (string field in new[] { "requestedBy", "approvedBy" })
        {
            string? text = (string?)item[field];
            if (field == "approvedBy" && string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (PersonIdentity.TryParse(text, out string? why) is null)
            {
                return ($"{field} '{PersonIdentity.Show(text!.Trim())}' {why}", item[field]!);
            }
        }

        return null;
    }

    private static ExceptionSet Failed(string? file, string? sha256, params CheckResult[] problems) =>
        new(Array.Empty<GovernanceException>(), file, sha256, problems);
}
