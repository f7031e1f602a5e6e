using System.IO;
using Governance.Core.Diagnostics;
using Governance.Core.Inputs;
using Governance.Core.IO;
using Governance.Core.Policy;

namespace Governance.Core.Tenants;

/// <summary>
/// The capability registry a policy names (<c>tenantIsolation.registry</c>, relative to the folder of
/// the policy), read for the tools that work on it outside a gate run (<c>governance tenants</c>),
/// with the same diagnostics the check gives.
/// </summary>
public static class TenantRegistryFile
{
    /// <summary>The registry, or why there is none: GOV1004 when the policy has no <c>tenantIsolation</c>, else as <see cref="CapabilityRegistryReader"/>.</summary>
    public static CapabilityRegistryLoad Load(GovernancePolicy policy)
    {
        if (NotConfigured(policy) is Diagnostic missing)
        {
            return new CapabilityRegistryLoad(null, new[] { missing }, null);
        }

        TenantIsolationPolicy settings = policy.TenantIsolation!;
        var at = new SourceLocation(policy.FilePath!, settings.Line);
        string root = Path.GetDirectoryName(policy.FilePath!)!;
        string? path = RepoPath.ResolveInside(root, settings.Registry);
        if (path is null)
        {
            return new CapabilityRegistryLoad(null, new[]
            {
                new Diagnostic(Gov.SchemaViolation, $"The policy's tenantIsolation.registry '{MessageText.Value(settings.Registry)}' is not a relative path inside the governance root. Name the registry relative to the folder of governance.json.", at),
            }, null);
        }

        var inputs = new FileSystemInputs();
        if (!inputs.FileExists(path))
        {
            return new CapabilityRegistryLoad(null, new[]
            {
                new Diagnostic(Gov.UnreadableFile, $"The capability registry {settings.Registry} the policy names does not exist ({path}). Create it (docs/tenant-isolation.md#the-registry), or correct tenantIsolation.registry.", at),
            }, null);
        }

        return CapabilityRegistryReader.Read(inputs, path);
    }

    /// <summary>GOV1004 when the policy has no <c>tenantIsolation</c> section (nothing to plan or show), else null.</summary>
    public static Diagnostic? NotConfigured(GovernancePolicy policy) => policy.TenantIsolation is not null ? null
        : new Diagnostic(Gov.InvalidSetting,
            $"The policy {policy.FilePath} has no tenantIsolation section, so there is no capability registry to plan or show. Add \"tenantIsolation\": {{ \"registry\": \"capabilities.json\", \"requiredCohorts\": [] }} (docs/tenant-isolation.md), or pass --policy with the policy that has one.",
            policy.FilePath is null ? null : new SourceLocation(policy.FilePath));
}
