using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Bundles;
using Governance.Core.Diagnostics;
using Governance.Core.Policy;
using Governance.Core.Store;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Governance.Sdk.Tasks;

/// <summary>
/// The same verification as <c>governance verify</c>, for CI that prefers MSBuild: checksums,
/// file set, signature against the policy's trusted keys, and immutability against the release
/// store. Every finding is an error with its GOV code; the build fails on any.
/// </summary>
public sealed class VerifyGovernanceBundle : Task
{
    public ITaskItem[] Manifests { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string ProjectFile { get; set; } = string.Empty;

    public string PolicyFile { get; set; } = string.Empty;

    public string Store { get; set; } = string.Empty;

    public string HelpLinkBase { get; set; } = string.Empty;

    public override bool Execute()
    {
        var configuration = new List<Diagnostic>();
        IReadOnlyList<LoadedTrustedKey> keys = Array.Empty<LoadedTrustedKey>();
        if (PolicyFile.Length > 0)
        {
            PolicyLoadResult policy = PolicyLoader.Load(PolicyFile);
            configuration.AddRange(policy.Diagnostics);
            if (policy.Policy is not null)
            {
                keys = BundleVerifier.LoadTrustedKeys(policy.Policy, configuration);
            }
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
            Log.LogError(null, "GOV4002", null, Help("GOV4002"), ProjectFile, 0, 0, 0, 0,
                "NuGet names no package for this project, so there is no bundle to verify. Verify packable projects, after dotnet pack.");
            return false;
        }

        IReleaseStore? store = Store.Length > 0 ? new DirectoryReleaseStore(Store) : null;
        foreach (ITaskItem manifest in Manifests)
        {
            if (!File.Exists(manifest.ItemSpec))
            {
                Log.LogError(null, "GOV4002", null, Help("GOV4002"), manifest.ItemSpec, 0, 0, 0, 0,
                    "There is no bundle manifest at {0}: pack the project first (dotnet pack), with governance enabled.", manifest.ItemSpec);
                continue;
            }

            BundleVerification result = BundleVerifier.Verify(manifest.ItemSpec, keys, store, record: false);
            foreach (Diagnostic finding in result.Findings)
            {
                LogError(finding);
            }

            if (result.Findings.Count == 0)
            {
                Log.LogMessage(MessageImportance.High, "Governance bundle verified: {0} {1}{2}", result.Name, result.Version,
                    result.SignedBy is null ? " (unsigned)" : $", signed by trusted key '{result.SignedBy}'");
            }
        }

        return !Log.HasLoggedErrors;
    }

    private void LogError(Diagnostic diagnostic) =>
        Log.LogError(null, diagnostic.Code, null, Help(diagnostic.Code), diagnostic.Location?.Path ?? string.Empty,
            diagnostic.Location?.Line ?? 0, diagnostic.Location?.Column ?? 0, 0, 0, "{0}", diagnostic.Message);

    private string Help(string code) => HelpLinkBase.Length == 0 ? string.Empty : HelpLinkBase.TrimEnd('/', '\\') + "/" + code + ".md";
}
