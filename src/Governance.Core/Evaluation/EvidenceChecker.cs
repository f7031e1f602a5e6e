using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Policy;

namespace Governance.Core.Evaluation;

/// <summary>
/// Required evidence (<c>evidence[]</c>): the file must exist under the governance root
/// (GOV2001), and when <c>maxAgeDays</c> is set it must carry its own <c>capturedAt</c> time no
/// older than that (GOV2002). Age is measured by the capture time inside the file, never by the
/// file's timestamp, which a checkout resets.
/// </summary>
public static class EvidenceChecker
{
    /// <summary>Tolerated clock skew between the machine that captured evidence and the gate.</summary>
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public static CheckResult Check(EvidenceRequirement requirement, string governanceRoot, string policyFile, DateTimeOffset now)
    {
        string id = $"evidence:{requirement.Path}";
        var policyLocation = new SourceLocation(policyFile, requirement.Line);
        string? path = ResolveInsideRoot(governanceRoot, requirement.Path);
        if (path is null)
        {
            // A mistake in the policy, not in the evidence: a configuration error in every mode.
            return new CheckResult(id, Gov.SchemaViolation, CheckStatus.Error, requirement.Severity,
                $"Evidence '{requirement.Kind}' names '{requirement.Path}', which is not a relative path inside the governance root. Store evidence inside the repository and name it by a relative path.",
                null, new[] { policyLocation }, Array.Empty<EvidenceReference>());
        }

        if (Directory.Exists(path))
        {
            return Result(Gov.EvidenceMissing, CheckStatus.Fail,
                $"Required evidence '{requirement.Kind}' is missing: {requirement.Path} is a directory, and evidence is a file. Point the policy at the evidence file.",
                policyLocation, null);
        }

        if (!File.Exists(path))
        {
            return Result(Gov.EvidenceMissing, CheckStatus.Fail,
                $"Required evidence '{requirement.Kind}' is missing: {requirement.Path} does not exist. Capture it (see docs/policy.md#evidence) and commit or download it before the gate runs.",
                policyLocation, null);
        }

        string digest;
        try
        {
            digest = Sha256.OfFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Result(Gov.EvidenceStale, CheckStatus.Fail,
                $"Evidence '{requirement.Kind}' in {requirement.Path} cannot be read: {RepoPath.DescribeFailure(ex)}. Check the file's permissions and that no process holds it.",
                new SourceLocation(path), null);
        }

        var evidence = new EvidenceReference(path, digest);
        if (requirement.MaxAgeDays is not double maxAgeDays)
        {
            return Result(Gov.EvidenceMissing, CheckStatus.Pass, $"Evidence '{requirement.Kind}' is present: {requirement.Path}.", policyLocation, evidence);
        }

        using JsonInput input = JsonInput.Read(path);
        if (input.Error is not null)
        {
            return Result(Gov.EvidenceStale, CheckStatus.Fail,
                $"Evidence '{requirement.Kind}' in {requirement.Path} cannot be read, so its age is unknown: {input.Error.Message}",
                input.Error.Location ?? new SourceLocation(path), evidence);
        }

        JsonElement root = input.Document!.RootElement;
        if (root.ValueKind != JsonValueKind.Object ||
            !root.TryGetProperty("capturedAt", out JsonElement captured) ||
            captured.ValueKind != JsonValueKind.String ||
            !GateClock.TryParseRfc3339(captured.GetString()!, out DateTimeOffset capturedAt))
        {
            return Result(Gov.EvidenceStale, CheckStatus.Fail,
                $"Evidence '{requirement.Kind}' in {requirement.Path} has no valid \"capturedAt\" (RFC 3339) property, so its age is unknown. Record the capture time when the evidence is captured.",
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
        if (ageDays > maxAgeDays)
        {
            return Result(Gov.EvidenceStale, CheckStatus.Fail,
                string.Format(CultureInfo.InvariantCulture,
                    "Evidence '{0}' in {1} is stale: captured {2}, {3:0.#} days before {4}, more than the {5} days the policy allows. Capture it again.",
                    requirement.Kind, requirement.Path, GateClock.Format(capturedAt), ageDays, GateClock.Format(now), maxAgeDays),
                new SourceLocation(path), evidence);
        }

        return Result(Gov.EvidenceStale, CheckStatus.Pass,
            string.Format(CultureInfo.InvariantCulture, "Evidence '{0}' in {1} was captured {2}, within {3} days.", requirement.Kind, requirement.Path, GateClock.Format(capturedAt), maxAgeDays),
            new SourceLocation(path), evidence);

        CheckResult Result(DiagnosticDescriptor rule, CheckStatus status, string message, SourceLocation location, EvidenceReference? file) =>
            new(id, rule, status, requirement.Severity, message, null,
                new[] { location }, file is null ? Array.Empty<EvidenceReference>() : new[] { file });
    }

    /// <summary>The full path of a policy-relative path, or null when it is rooted, malformed or escapes the root.</summary>
    private static string? ResolveInsideRoot(string governanceRoot, string relative)
    {
        try
        {
            if (Path.IsPathRooted(relative))
            {
                return null;
            }

            string path = Path.GetFullPath(Path.Combine(governanceRoot, relative));
            return RepoPath.IsUnder(governanceRoot, path) ? path : null;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }
}
