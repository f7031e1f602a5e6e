using System;
using System.IO;
using System.Collections.Generic;
using Governance.Core.Store;

namespace Governance.Cli;

/// <summary>
/// How the tool opens a release store: the core's backends (directories, <c>git:</c>) plus the
/// ones only the tool carries, which the MSBuild tasks never load.
/// </summary>
internal static class CliStores
{
    public static IReadOnlyList<IReleaseStoreBackend> Backends { get; } = new IReleaseStoreBackend[] { new Governance.Store.AzureBlob.AzureBlobStoreBackend() };

    /// <exception cref="StoreLocationException">The location is malformed or names no backend.</exception>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    public static IReleaseStore Open(string location, string baseDirectory) =>
        ReleaseStoreFactory.Open(location, baseDirectory, Environment.GetEnvironmentVariable, Backends);
    /// <summary>Where the store in effect came from, as commands print it.</summary>
    public const string BesidePolicy = "beside the policy";

    /// <summary>
    /// The store in effect for a command, and where its location came from: <c>--store</c>
    /// (relative to the current directory, as command-line paths are), else <c>GOVERNANCE_STORE</c>,
    /// else the policy's <c>store</c>, else <c>.governance/store/</c> beside the policy (those three
    /// relative to the governance root, as they are for the build).
    /// </summary>
    /// <exception cref="StoreLocationException">The location is malformed or names no backend.</exception>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    public static (IReleaseStore Store, string Source) OpenInEffect(string? storeOption, string governanceRoot, string? policyStore)
    {
        if (!string.IsNullOrWhiteSpace(storeOption))
        {
            return (Open(storeOption!, Directory.GetCurrentDirectory()), "--store");
        }

        string source = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ReleaseStoreFactory.EnvironmentVariable)) ? ReleaseStoreFactory.EnvironmentVariable
            : !string.IsNullOrWhiteSpace(policyStore) ? "the policy's store"
            : BesidePolicy;
        return (Open(ReleaseStoreFactory.Resolve(null, Environment.GetEnvironmentVariable, governanceRoot, policyStore), governanceRoot), source);
    }
}
