using System;
using System.Collections.Generic;
using System.IO;
using Governance.Core.Store.FileSystem;

namespace Governance.Core.Store;

/// <summary>
/// Opens the release store a location names (docs/bundles.md#the-release-store): a directory path today;
/// <c>git:&lt;remote&gt;</c> and <c>azblob:&lt;container URL&gt;</c> name the shared backends. The one
/// place a store is constructed: the gate, the MSBuild tasks and the CLI all come here.
/// </summary>
public static class ReleaseStoreFactory
{
    /// <summary>Where the store is when nothing names one: under the governance root.</summary>
    public const string DefaultRelativeLocation = ".governance/store";

    /// <summary>The variable that names the store for a whole CI job (an override of the policy's, as <c>GovernanceStore</c> is).</summary>
    public const string EnvironmentVariable = "GOVERNANCE_STORE";

    /// <summary>
    /// The store location in effect: <paramref name="setting"/> (<c>GovernanceStore</c>, <c>--store</c>)
    /// when given, else <c>GOVERNANCE_STORE</c>, else the policy's <c>store</c>, else the default
    /// under <paramref name="governanceRoot"/>.
    /// </summary>
    public static string Resolve(string? setting, Func<string, string?> environment, string governanceRoot, string? policyStore = null) =>
        !string.IsNullOrWhiteSpace(setting) ? setting!.Trim()
        : environment(EnvironmentVariable) is { Length: > 0 } fromEnvironment && fromEnvironment.Trim().Length > 0 ? fromEnvironment.Trim()
        : !string.IsNullOrWhiteSpace(policyStore) ? policyStore!.Trim()
        : Path.Combine(governanceRoot, DefaultRelativeLocation);

    public const string AzureBlobScheme = "azblob:";

    /// <summary>True when the location names a backend by scheme (<c>git:</c>, <c>azblob:</c>) rather than a directory.</summary>
    public static bool IsBackendLocation(string location) =>
        location.TrimStart().StartsWith(Git.GitReleaseStore.Scheme, StringComparison.OrdinalIgnoreCase) ||
        location.TrimStart().StartsWith(AzureBlobScheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens the store at <paramref name="location"/>; a relative directory is relative to <paramref name="baseDirectory"/>.</summary>
    /// <param name="environment">Where credentials come from (<c>AZURE_STORAGE_CONNECTION_STRING</c>); the process environment by default.</param>
    /// <param name="backends">Backends the caller brings (the CLI's Azure Blob backend); they take the locations they handle first.</param>
    /// <exception cref="StoreLocationException">The location names a backend this version cannot open, or is malformed.</exception>
    public static IReleaseStore Open(string location, string baseDirectory, Func<string, string?>? environment = null, IReadOnlyList<IReleaseStoreBackend>? backends = null)
    {
        string trimmed = location.Trim();
        environment ??= Environment.GetEnvironmentVariable;
        foreach (IReleaseStoreBackend backend in backends ?? Array.Empty<IReleaseStoreBackend>())
        {
            if (backend.Handles(trimmed))
            {
                return backend.Open(trimmed, environment);
            }
        }

        if (trimmed.StartsWith(Git.GitReleaseStore.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Git.GitReleaseStore.Open(trimmed, baseDirectory, environment);
        }

        if (trimmed.StartsWith(AzureBlobScheme, StringComparison.OrdinalIgnoreCase))
        {
            // Only the governance tool loads the Azure SDK: everything else reaches it through the tool.
            return new Tool.ToolReleaseStore(trimmed, baseDirectory);
        }

        if (trimmed.IndexOf("://", StringComparison.Ordinal) >= 0)
        {
            throw new StoreLocationException(
                $"The release store '{Describe(trimmed)}' is a URL, which names no backend. Use a directory (a path), git:<remote> or azblob:<container URL>.");
        }

        try
        {
            return new DirectoryReleaseStore(Path.GetFullPath(Path.Combine(baseDirectory, trimmed)));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new StoreLocationException(
                $"The release store '{Describe(trimmed)}' is not a valid path on this system. Use a directory (a path), git:<remote> or azblob:<container URL>.");
        }
    }

    /// <summary>A location as messages may show it: never the query of a URL, which may hold a SAS token.</summary>
    public static string Describe(string location)
    {
        int query = location.IndexOf('?');
        return query < 0 ? location : location.Substring(0, query) + "?…";
    }
}
