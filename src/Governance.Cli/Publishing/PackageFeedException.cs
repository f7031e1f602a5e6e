using System;
using Governance.Core.Diagnostics;

namespace Governance.Cli.Publishing;

/// <summary>
/// A feed operation that failed. The message names the feed and the package and says what to do;
/// it never contains an API key (NuGet's own messages are scrubbed of it too).
/// </summary>
public sealed class PackageFeedException : Exception
{
    public PackageFeedException(FeedFailure failure, string feed, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        Feed = feed;
    }

    public PackageFeedException()
        : this(FeedFailure.Unavailable, string.Empty, "The feed operation failed.")
    {
    }

    public PackageFeedException(string message)
        : this(FeedFailure.Unavailable, string.Empty, message)
    {
    }

    public PackageFeedException(string message, Exception innerException)
        : this(FeedFailure.Unavailable, string.Empty, message, innerException)
    {
    }

    public FeedFailure Failure { get; }

    /// <summary>The feed's description (folder path or source URL, never a key).</summary>
    public string Feed { get; }

    /// <summary>
    /// The GOV code to report the failure under, decided here so every command maps it alike:
    /// other content under a released version is GOV4004 (a version never changes). The other
    /// failures are about the feed, not the release, and have no code of their own: null, and the
    /// command reports them with its own exit code for an input or environment error.
    /// </summary>
    public DiagnosticDescriptor? Descriptor => Failure == FeedFailure.Conflict ? Gov.BundleImmutability : null;
}
