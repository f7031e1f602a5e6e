using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;

namespace Governance.Core.IO;

/// <summary>
/// A test switch, not a setting: named places in the write paths where the durability tests crash
/// the process, to prove that a crash there leaves no torn file and a state the same command can be
/// re-run from (docs/durability.md). <c>GOVERNANCE_FAULT_POINT=&lt;name&gt;</c> kills the process
/// (SIGKILL, as the kernel or a cancelled CI job would: no finally blocks, no flush) the first time
/// the named point is reached; <c>&lt;name&gt;@&lt;n&gt;</c> the n-th time. The variable is
/// read once per process, so an unset switch costs one comparison with null per point.
/// The names of the points live here, in one place, and the tests use these constants.
/// </summary>
public static class FaultPoint
{
    public const string Variable = "GOVERNANCE_FAULT_POINT";

    /// <summary><see cref="AtomicFile"/>: the temporary file is written and flushed, not yet renamed.</summary>
    public const string AtomicFileTemporaryWritten = "atomic-file.temporary-written";

    /// <summary><see cref="AtomicFile"/>: the temporary file was renamed over the target.</summary>
    public const string AtomicFileRenamed = "atomic-file.renamed";

    /// <summary>Directory store: a record's or entry's temporary file is written, its slot not yet claimed.</summary>
    public const string StoreTemporaryWritten = "store.temporary-written";

    /// <summary>Directory store: the slot's claim is held, the temporary file not yet renamed into it.</summary>
    public const string StoreClaimed = "store.claimed";

    /// <summary>Directory store: a record's content object is written, the pointer naming it is not.</summary>
    public const string StoreObjectWritten = "store.object-written";

    /// <summary>Hash chain (and a ledger's compare-and-swap append): an entry was appended, the writer has not yet returned nor remembered the new head.</summary>
    public const string StreamAppended = "stream.appended";

    /// <summary>Git store: the write's commit exists in the local cache, it is not pushed.</summary>
    public const string GitStoreCommitted = "git-store.committed";

    /// <summary>Git store: the push was accepted, the local cache's ref has not moved to it.</summary>
    public const string GitStorePushed = "git-store.pushed";

    /// <summary>Promotion: <c>promote-started</c> is in the ledger, nothing is recorded or published.</summary>
    public const string PromoteStarted = "promote.started";

    /// <summary>Promotion: the bundles are recorded in the store, nothing is published.</summary>
    public const string PromoteRecorded = "promote.recorded";

    /// <summary>Promotion: the packages are on the feed, the canary has not run.</summary>
    public const string PromotePublished = "promote.published";

    /// <summary>Promotion: the canary passed, the <c>promote</c> entry is not appended.</summary>
    public const string PromoteCanaryPassed = "promote.canary-passed";

    /// <summary>Rollback: the packages are re-published, the canary has not run and nothing is in the ledger.</summary>
    public const string RollbackRepublished = "rollback.republished";

    /// <summary>Folder feed: the package is copied to a temporary file beside its final name, not yet renamed.</summary>
    public const string FolderFeedCopied = "folder-feed.copied";

    private static readonly string? Armed = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value.Trim() : null;

    private static int hits;

    /// <summary>Kills the process here when the test switch names this point (and this occurrence of it); otherwise does nothing.</summary>
    public static void Reach(string name)
    {
        if (Armed is null || !Armed.StartsWith(name, StringComparison.Ordinal))
        {
            return;
        }

        int occurrence = 1;
        if (Armed.Length != name.Length)
        {
            if (Armed[name.Length] != '@' || !int.TryParse(Armed.Substring(name.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out occurrence))
            {
                return;
            }
        }

        if (Interlocked.Increment(ref hits) != occurrence)
        {
            return;
        }

        // SIGKILL on Unix, TerminateProcess on Windows: nothing after this line runs, as in a real crash.
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
    }
}
