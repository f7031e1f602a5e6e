using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Inputs;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Policy;

namespace Governance.Core.Checks;

/// <summary>
/// Required evidence (<c>evidence[]</c>): the file must exist under the governance root
/// (GOV2001); when <c>maxAgeDays</c> is set it must carry its own <c>capturedAt</c> time no older
/// than that; when <c>schema</c> is set it must satisfy it; and a <c>branch-protection</c> capture
/// must show the protection the policy requires (each GOV2002). Age is measured by the capture
/// time inside the file, never by the file's timestamp, which a checkout resets. Every check fails
/// closed: what cannot be read, parsed or found in the file counts as absent.
/// </summary>
public sealed class EvidenceChecker : IGateCheck
{
    /// <summary>Tolerated clock skew between the machine that captured evidence and the gate.</summary>
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public void Run(GateContext context, GateFindings findings)
    {
        foreach (EvidenceRequirement requirement in context.Policy?.Evidence ?? Array.Empty<EvidenceRequirement>())
        {
            findings.Add(Check(requirement, context.Root, context.Policy!.FilePath!, context.Now, context.Inputs, context.Schemas, context.Policy.BlockingBranches));
        }
    }

    /// <param name="blockingBranches">The policy's <c>gate.blockingBranches</c>: a branch-protection capture must be of one of them.</param>
    public static CheckResult Check(EvidenceRequirement requirement, string governanceRoot, string policyFile, DateTimeOffset now, IGateInputs inputs, RepositorySchemas schemas, IReadOnlyList<string>? blockingBranches = null)
    {
        string id = $"evidence:{requirement.Path}";
        var policyLocation = new SourceLocation(policyFile, requirement.Line);
        string? path = RepoPath.ResolveInside(governanceRoot, requirement.Path);
        if (path is null)
        {
            // A mistake in the policy, not in the evidence: a configuration error in every mode.
            return new CheckResult(id, Gov.SchemaViolation, CheckStatus.Error, requirement.Severity,
                $"Evidence '{requirement.Kind}' names '{requirement.Path}', which is not a relative path inside the governance root. Store evidence inside the repository and name it by a relative path.",
                null, new[] { policyLocation }, Array.Empty<EvidenceReference>());
        }

        if (requirement.BranchProtection is not null && !requirement.IsBranchProtection)
        {
            return new CheckResult(id, Gov.SchemaViolation, CheckStatus.Error, requirement.Severity,
                $"Evidence '{requirement.Kind}' has \"require\", which only kind '{EvidenceRequirement.BranchProtectionKind}' reads. Set the kind to '{EvidenceRequirement.BranchProtectionKind}', or remove \"require\" (or give a \"schema\" to check another kind's content).",
                null, new[] { policyLocation }, Array.Empty<EvidenceReference>());
        }

        if (inputs.DirectoryExists(path))
        {
            return Result(Gov.EvidenceMissing, CheckStatus.Fail,
                $"Required evidence '{requirement.Kind}' is missing: {requirement.Path} is a directory, and evidence is a file. Point the policy at the evidence file.",
                policyLocation, null);
        }

        if (!inputs.FileExists(path))
        {
            return Result(Gov.EvidenceMissing, CheckStatus.Fail,
                $"Required evidence '{requirement.Kind}' is missing: {requirement.Path} does not exist. Capture it (see docs/policy.md#evidence) and commit or download it before the gate runs.",
                policyLocation, null);
        }

        byte[] bytes;
        try
        {
            bytes = inputs.ReadAllBytes(path, InputRole.Evidence);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Result(Gov.EvidenceStale, CheckStatus.Fail,
                $"Evidence '{requirement.Kind}' in {requirement.Path} cannot be read: {RepoPath.DescribeFailure(ex)}. Check the file's permissions and that no process holds it.",
                new SourceLocation(path), null);
        }

        EvidenceReference[] evidence = { new EvidenceReference(path, Sha256.OfBytes(bytes)) };
        if (requirement.MaxAgeDays is null && requirement.SchemaPath is null && !requirement.IsBranchProtection)
        {
            return Result(Gov.EvidenceMissing, CheckStatus.Pass, $"Evidence '{requirement.Kind}' is present: {requirement.Path}.", policyLocation, evidence);
        }

        using JsonInput input = JsonInput.FromBytes(path, bytes);
        if (input.Error is not null)
        {
            return Result(Gov.EvidenceStale, CheckStatus.Fail,
                $"Evidence '{requirement.Kind}' in {requirement.Path} cannot be read, so it shows nothing: {input.Error.Message}",
                input.Error.Location ?? new SourceLocation(path), evidence);
        }

        JsonElement root = input.Document!.RootElement;
        var passed = new List<string>();
        if (requirement.MaxAgeDays is not null || requirement.IsBranchProtection)
        {
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("capturedAt", out JsonElement captured) ||
                captured.ValueKind != JsonValueKind.String ||
                !GateClock.TryParseRfc3339(captured.GetString()!, out DateTimeOffset capturedAt))
            {
                return Result(Gov.EvidenceStale, CheckStatus.Fail,
                    $"Evidence '{requirement.Kind}' in {requirement.Path} has no valid \"capturedAt\" (RFC 3339) property, so its age is unknown. Record the capture time when the evidence is captured (see docs/policy.md#evidence).",
                    new SourceLocation(path), evidence);
            }

            // Subtract rather than add: GovernanceNow may legally be close to DateTimeOffset.MaxValue.
            if (capturedAt > now && capturedAt - now > FutureTolerance)
            {
                return Result(Gov.EvidenceStale, CheckStatus.Fail,
                    $"Evidence '{requirement.Kind}' in {requirement.Path} claims to be captured at {GateClock.Format(capturedAt)}, after the evaluation time {GateClock.Format(now)}. Check the capturing machine's clock and capture it again.",
                    new SourceLocation(path), evidence);
            }

            double ageDays = (now - capturedAt).TotalDays;
            if (requirement.MaxAgeDays is double maxAgeDays)
            {
                if (ageDays > maxAgeDays)
                {
                    return Result(Gov.EvidenceStale, CheckStatus.Fail,
                        string.Format(CultureInfo.InvariantCulture,
                            "Evidence '{0}' in {1} is stale: captured {2}, {3:0.#} days before {4}, more than the {5} days the policy allows. Capture it again.",
                            requirement.Kind, requirement.Path, GateClock.Format(capturedAt), ageDays, GateClock.Format(now), maxAgeDays),
                        new SourceLocation(path), evidence);
                }

                passed.Add(string.Format(CultureInfo.InvariantCulture, "captured {0}, within {1} days", GateClock.Format(capturedAt), maxAgeDays));
            }
            else
            {
                passed.Add("captured " + GateClock.Format(capturedAt));
            }
        }

        if (requirement.SchemaPath is not null)
        {
            string? schemaPath = RepoPath.ResolveInside(governanceRoot, requirement.SchemaPath);
            if (schemaPath is null)
            {
                return new CheckResult(id, Gov.SchemaViolation, CheckStatus.Error, requirement.Severity,
                    $"Evidence '{requirement.Kind}' names the schema '{requirement.SchemaPath}', which is not a relative path inside the governance root. Name it relative to the folder of governance.json.",
                    null, new[] { policyLocation }, evidence);
            }

            NJsonSchema.JsonSchema? schema = schemas.Load(schemaPath, out Diagnostic? schemaError, out string? schemaSha256);
            if (schema is null)
            {
                return CheckResult.FromDiagnostic(id, schemaError!) with { Severity = requirement.Severity, Evidence = evidence };
            }

            // The schema is evidence too: the result rests on its content as much as on the file's.
            evidence = new[] { evidence[0], new EvidenceReference(schemaPath, schemaSha256) };
            IReadOnlyList<Diagnostic> violations = SchemaValidator.Validate(path, input.Text!, schema, Gov.EvidenceStale, out _);
            if (violations.Count > 0)
            {
                return new CheckResult(id, violations[0].Descriptor, violations[0].Descriptor.IsConfigurationError ? CheckStatus.Error : CheckStatus.Fail, requirement.Severity,
                    $"Evidence '{requirement.Kind}' in {requirement.Path} is invalid against {requirement.SchemaPath}: {string.Join(" ", violations.Select(v => v.Message))}",
                    null, violations.Select(v => v.Location ?? new SourceLocation(path)).ToArray(), evidence);
            }

            passed.Add("satisfies " + requirement.SchemaPath);
        }

        if (requirement.IsBranchProtection)
        {
            BranchProtectionCapture capture = BranchProtectionCapture.Read(root);
            IReadOnlyList<string> gaps = capture.Gaps(requirement.BranchProtection ?? BranchProtectionRequirement.Default, blockingBranches);
            string branch = capture.Branch is null ? string.Empty : $" for branch '{capture.Branch}'";
            if (gaps.Count > 0)
            {
                return Result(Gov.EvidenceStale, CheckStatus.Fail,
                    $"Branch protection evidence in {requirement.Path}{branch} does not show what the policy requires: {string.Join("; ", gaps)}. Fix the branch's ruleset or protection on GitHub, then capture it again (docs/policy.md#branch-protection).",
                    new SourceLocation(path), evidence);
            }

            passed.Add("shows " + capture.Describe() + branch);
        }

        return Result(Gov.EvidenceStale, CheckStatus.Pass,
            $"Evidence '{requirement.Kind}' in {requirement.Path}: {string.Join("; ", passed)}.",
            new SourceLocation(path), evidence);

        CheckResult Result(DiagnosticDescriptor rule, CheckStatus status, string message, SourceLocation location, IReadOnlyList<EvidenceReference>? files) =>
            new(id, rule, status, requirement.Severity, message, null,
                new[] { location }, files ?? Array.Empty<EvidenceReference>());
    }
}
