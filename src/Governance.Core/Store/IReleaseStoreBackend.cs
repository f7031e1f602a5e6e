using System;

namespace Governance.Core.Store;

/// <summary>
/// A kind of release store the caller brings to <see cref="ReleaseStoreFactory.Open(string, string, Func{string, string?}, System.Collections.Generic.IReadOnlyList{IReleaseStoreBackend})"/>:
/// the CLI brings the Azure Blob backend, which the MSBuild tasks never load (they reach such a
/// store through the <c>governance</c> tool instead).
/// </summary>
public interface IReleaseStoreBackend
{
    /// <summary>True when <paramref name="location"/> is this backend's (by its scheme, such as <c>azblob:</c>).</summary>
    bool Handles(string location);

    /// <exception cref="StoreLocationException">The location is malformed.</exception>
    IReleaseStore Open(string location, Func<string, string?> environment);
}
