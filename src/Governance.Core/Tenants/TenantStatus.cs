using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Evaluation;
using Governance.Core.Inputs;
using Governance.Core.Json;
using Governance.Core.Lineage;
using Governance.Core.Policy;

namespace Governance.Core.Tenants;

/// <summary>
/// The tenant-isolation check alone, as <c>governance tenants status</c> runs it: the same
/// <see cref="TenantIsolationCheck"/> the gate runs, over the working tree, in informational mode,
/// without a release store (so no history is read or recorded) and without exceptions. The
/// policy's profile is applied, so a failure the transitional profile turns into a warning is one here too.
/// </summary>
public static class TenantStatus
{
    /// <param name="root">The governance root: the folder of the policy.</param>
    /// <param name="now">The clock exemptions are judged by.</param>
    public static TenantStatusResult Evaluate(string root, GovernancePolicy policy, DateTimeOffset now)
    {
        string fullRoot = Path.GetFullPath(root);
        PolicyProfile profile = policy.Profile ?? PolicyProfile.Strict;
        var inputs = new FileSystemInputs();
        var context = new GateContext
        {
            Root = fullRoot,
            Policy = policy,
            Mode = GateMode.Informational,
            Profile = profile,
            Now = now,
            Subject = new GateSubject(Path.GetFileName(fullRoot.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)), string.Empty, string.Empty, string.Empty),
            Projects = Array.Empty<GateProject>(),
            ProjectChecks = Array.Empty<ProjectCheckReport>(),
            Store = null,
            Inputs = inputs,
            Schemas = new RepositorySchemas(fullRoot, inputs),
            Lineage = new LineageGraph(),
        };
        var findings = new GateFindings();
        new TenantIsolationCheck().Run(context, findings);
        return new TenantStatusResult(findings.Tenants, findings.Results.Select(r => GateProfile.Apply(r, profile)).ToArray());
    }
}

/// <summary>What <see cref="TenantStatus.Evaluate"/> found.</summary>
/// <param name="Rollout">The rollout, or null when the registry could not be read (<see cref="Findings"/> say why).</param>
/// <param name="Findings">Every result of the check, passes included, with the policy's profile applied.</param>
public sealed record TenantStatusResult(TenantRollout? Rollout, IReadOnlyList<CheckResult> Findings)
{
    /// <summary>Results that would block the gate (fail or error).</summary>
    public IEnumerable<CheckResult> Blocking => Findings.Where(f => f.IsBlocking);

    /// <summary>True when an input could not be read or is invalid (GOV1xxx): the status is incomplete.</summary>
    public bool InputsUnusable => Findings.Any(f => f.IsBlocking && f.Rule.IsConfigurationError);
}
