using System;
using System.Collections.Generic;
using System.IO;
using Governance.Core.Bundles;
using Governance.Core.Diagnostics;
using Governance.Core.Policy;
using Governance.Core.Store;

namespace Governance.Cli.Operations;

/// <summary>
/// What every operator command (promote, approve, rollback, status) starts from: the repository's
/// policy, the release store and the keys the policy trusts, resolved the same way for all of them
/// and always said aloud (where the policy and the store came from), because they decide what is
/// allowed. Configuration problems are collected as diagnostics, never thrown.
/// </summary>
internal sealed class OperatorSetup
{
    private OperatorSetup(string? policyPath, GovernancePolicy? policy, IReleaseStore? store, string storeSource, IReadOnlyList<LoadedTrustedKey> trustedKeys, IReadOnlyList<Diagnostic> problems)
    {
        PolicyPath = policyPath;
        Policy = policy;
        Store = store;
        StoreSource = storeSource;
        TrustedKeys = trustedKeys;
        Problems = problems;
    }

    public string? PolicyPath { get; }

    public GovernancePolicy? Policy { get; }

    public IReleaseStore? Store { get; }

    /// <summary>Where the store's location came from: <c>--store</c>, <c>GOVERNANCE_STORE</c>, the policy's store, or beside the policy.</summary>
    public string StoreSource { get; }

    public IReadOnlyList<LoadedTrustedKey> TrustedKeys { get; }

    /// <summary>The folder the policy lies in: where relative paths of the policy and the default store are resolved.</summary>
    public string GovernanceRoot => PolicyPath is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(PolicyPath)!;

    /// <summary>Configuration errors (GOV1xxx); the command does nothing else when there are any.</summary>
    public IReadOnlyList<Diagnostic> Problems { get; }

    public bool IsUsable => Problems.Count == 0 && Policy is not null && Store is not null;

    /// <summary>
    /// Loads the policy (<paramref name="policyFile"/>, else the nearest <c>governance.json</c> at or
    /// above the current directory) and opens the store (<paramref name="storeOption"/>, else
    /// <c>GOVERNANCE_STORE</c>, else the policy's <c>store</c>, else <c>.governance/store/</c> beside it).
    /// </summary>
    public static OperatorSetup Load(string? policyFile, string? storeOption)
    {
        var problems = new List<Diagnostic>();
        string? policyPath = policyFile is not null ? Path.GetFullPath(policyFile) : PolicyLoader.Discover(Directory.GetCurrentDirectory());
        if (policyPath is null || !File.Exists(policyPath))
        {
            problems.Add(new Diagnostic(Gov.UnreadableFile, policyFile is null
                ? $"There is no governance.json in {Directory.GetCurrentDirectory()} or above it: environments, approvers and trusted keys come from the policy. Run in the repository, or pass --policy <governance.json>."
                : $"The policy file {policyPath} given with --policy does not exist. Pass the path of governance.json.", null));
            return new OperatorSetup(policyPath, null, null, "none", Array.Empty<LoadedTrustedKey>(), problems);
        }

        PolicyLoadResult loaded = PolicyLoader.Load(policyPath);
        problems.AddRange(loaded.Diagnostics);
        if (loaded.Policy is null)
        {
            return new OperatorSetup(policyPath, null, null, "none", Array.Empty<LoadedTrustedKey>(), problems);
        }

        IReadOnlyList<LoadedTrustedKey> keys = TrustedKeyLoader.Load(loaded.Policy, problems);
        string governanceRoot = Path.GetDirectoryName(policyPath)!;
        IReleaseStore? store = null;
        string storeSource = "none";
        try
        {
            (store, storeSource) = CliStores.OpenInEffect(storeOption, governanceRoot, loaded.Policy.Store);
        }
        catch (StoreLocationException ex)
        {
            problems.Add(new Diagnostic(Gov.InvalidSetting, ex.Message, null));
        }
        catch (StoreUnavailableException ex)
        {
            problems.Add(new Diagnostic(Gov.StoreUnavailable, ex.Message, null));
        }

        return new OperatorSetup(policyPath, loaded.Policy, store, storeSource, keys, problems);
    }

    /// <summary>The environment the policy defines under <paramref name="name"/> (names compare without case), or null.</summary>
    public EnvironmentPolicy? EnvironmentNamed(string name)
    {
        foreach (EnvironmentPolicy environment in Policy?.Environments ?? Array.Empty<EnvironmentPolicy>())
        {
            if (environment.Is(name))
            {
                return environment;
            }
        }

        return null;
    }

    /// <summary>The lines every command prints first: which policy and which store decided.</summary>
    public IReadOnlyList<string> Describe() => new[]
    {
        $"Policy: {PolicyPath}; trusted keys: {TrustedKeys.Count}.",
        $"Release store: {Store?.Description ?? "none"} ({StoreSource}).",
    };
}
