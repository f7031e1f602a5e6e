using System;
using System.Collections.Generic;
using System.IO;
using Governance.Core.Bundles;
using Governance.Core.Diagnostics;
using Governance.Core.Policy;
using Governance.Core.Store;
using Microsoft.Build.Framework;

namespace Governance.Sdk.Tasks;

/// <summary>
/// The same verification as <c>governance verify</c>, for CI that prefers MSBuild: checksums,
/// file set, signature against the policy's trusted keys, and immutability against the release
/// store. Every finding is an error with its GOV code; the build fails on any.
/// </summary>
public sealed class VerifyGovernanceBundle : GovernanceTask
{
    public ITaskItem[] Manifests { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string ProjectFile { get; set; } = string.Empty;

    public string PolicyFile { get; set; } = string.Empty;

    /// <summary>The release store (<c>GovernanceStore</c>) as written; empty for the default.</summary>
    public string Store { get; set; } = string.Empty;

    /// <summary>The governance root: the default store is under it, and a relative store is relative to it.</summary>
    [Required]
    public string GovernanceRoot { get; set; } = string.Empty;

    public override bool Execute()
    {
        var configuration = new List<Diagnostic>();
        IReadOnlyList<LoadedTrustedKey> keys = Array.Empty<LoadedTrustedKey>();
        string? policyStore = null;
        if (PolicyFile.Length > 0)
        {
            PolicyLoadResult policy = PolicyLoader.Load(PolicyFile);
            policyStore = policy.Policy?.Store;
            configuration.AddRange(policy.Diagnostics);
            if (policy.Policy is not null)
            {
                keys = TrustedKeyLoader.Load(policy.Policy, configuration);
            }
        }

        IReleaseStore? store = null;
        try
        {
            store = ReleaseStoreFactory.Open(ReleaseStoreFactory.Resolve(Store, Environment.GetEnvironmentVariable, GovernanceRoot, policyStore), GovernanceRoot);
        }
        catch (StoreLocationException ex)
        {
            configuration.Add(new Diagnostic(Gov.InvalidSetting, ex.Message, new SourceLocation(ProjectFile)));
        }
        catch (StoreUnavailableException ex)
        {
            configuration.Add(new Diagnostic(Gov.StoreUnavailable, ex.Message, new SourceLocation(ProjectFile)));
        }

        foreach (Diagnostic diagnostic in configuration)
        {
            LogError(diagnostic);
        }

        if (configuration.Count > 0)
        {
            return false;
        }

        if (Manifests.Length == 0)
        {
            LogError(Gov.BundleFileSetMismatch, ProjectFile, "NuGet names no package for this project, so there is no bundle to verify. Verify packable projects, after dotnet pack.");
            return false;
        }

        foreach (ITaskItem manifest in Manifests)
        {
            if (!File.Exists(manifest.ItemSpec))
            {
                LogError(Gov.BundleFileSetMismatch, manifest.ItemSpec, $"There is no bundle manifest at {manifest.ItemSpec}: pack the project first (dotnet pack), with governance enabled.");
                continue;
            }

            // Key lifetimes are judged by the wall clock, not GovernanceNow: a build property must
            // not be able to bring an expired key back to life.
            BundleVerification result = BundleVerifier.Verify(manifest.ItemSpec, keys, store, record: false, DateTimeOffset.UtcNow);
            foreach (Diagnostic finding in result.Findings)
            {
                LogError(finding);
            }

            if (result.Findings.Count == 0)
            {
                Log.LogMessage(MessageImportance.High, "Governance bundle verified: {0} {1}{2}", MessageText.Escape(result.Name!), MessageText.Escape(result.Version!),
                    result.SignedBy is null ? " (unsigned)" : $", signed by trusted key '{MessageText.Escape(result.SignedBy)}'");
            }
        }

        return !Log.HasLoggedErrors;
    }
}
