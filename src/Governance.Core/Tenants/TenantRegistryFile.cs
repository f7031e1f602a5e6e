using System.IO;
using Governance.Core.Diagnostics;
using Governance.Core.Inputs;
using Governance.Core.IO;
using Governance.Core.Policy;

namespace Governance.Core.Tenants;

/// <summary>
/// Where the capability registry a policy names is (<c>tenantIsolation.registry</c>, relative to the
/// governance root) and reading it: one place for the gate's check and for <c>governance tenants</c>.
/// </summary>
public static class TenantRegistryFile
{
    /// <summary>The registry, or why there is none: GOV1004 when the policy has no <c>tenantIsolation</c>, else as <see cref="Load(GovernancePolicy, string, IGateInputs)"/> over the working tree.</summary>
    public static CapabilityRegistryLoad Load(GovernancePolicy policy) =>
        NotConfigured(policy) is Diagnostic missing
            ? new CapabilityRegistryLoad(null, new[] { missing }, null)
            : Load(policy, Path.GetDirectoryName(policy.FilePath!)!, new FileSystemInputs());

    /// <summary>
    /// The registry <c>tenantIsolation.registry</c> names, relative to <paramref name="root"/>, read
    /// through <paramref name="inputs"/>: GOV1002 at the policy's <c>tenantIsolation</c> when the path
    /// leaves the root, GOV1005 there when the file does not exist, else as <see cref="CapabilityRegistryReader"/>.
    /// The gate's check and <c>governance tenants</c> both read it here, so they say the same.
    /// </summary>
    public static CapabilityRegistryLoad Load(GovernancePolicy policy, string root, IGateInputs inputs)
    {
        TenantIsolationPolicy settings = policy.TenantIsolation!;
        var at = new SourceLocation(policy.FilePath!, settings.Line);
        string? path = RepoPath.ResolveInside(root, settings.Registry);
        if (path is null)
        {
            return new CapabilityRegistryLoad(null, new[]
            {
                new Diagnostic(Gov.SchemaViolation, $"The policy's tenantIsolation.registry '{MessageText.Value(settings.Registry)}' is not a relative path inside the governance root. Name the registry relative to the folder of governance.json.", at),
            }, null);
        }

        if (!inputs.FileExists(path))
        {
            return new CapabilityRegistryLoad(null, new[]
            {
                new Diagnostic(Gov.UnreadableFile, $"The capability registry {settings.Registry} the policy names does not exist ({path}), so no capability's tenant isolation can be judged. Create it (docs/tenant-isolation.md#the-registry), or correct tenantIsolation.registry.", at),
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
