using System;
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
}
