using System;
using System.Globalization;
using System.IO;
using System.Text;
using Governance.Core.IO;

namespace Governance.Core.Store;

/// <summary>
/// The newest entry this machine has seen of each stream of each store (sequence and digest), so
/// a history that was cut short or rewritten is noticed on the next read, not taken as the truth: a
/// chain verifies its own links, but only a memory of what it was can tell that its newest entries
/// were deleted. Kept in <c>GOVERNANCE_STORE_CACHE</c> (a CI cache folder) when set, else in the
/// user's local application data; a machine without the memory (a fresh CI runner) starts from
/// what it reads. Every failure to keep it is ignored: the memory only adds a check.
/// </summary>
public static class StreamHeadMemory
{
    public const string CacheVariable = "GOVERNANCE_STORE_CACHE";

    /// <summary>Why <paramref name="read"/> contradicts what this machine saw before, or null; then remembers its head.</summary>
    public static string? Check(IReleaseStore store, string stream, ChainRead read)
    {
        // A replay reads a recording of another machine's store: this machine's memory says nothing about it, and must not learn from it.
        if (store is RecordedReleaseStore)
        {
            return null;
        }

        string? file = FileFor(store, stream);
        if (file is null)
        {
            return null;
        }

        string? problem = null;
        try
        {
            string[] seen = File.Exists(file) ? File.ReadAllText(file, Encoding.UTF8).Trim().Split(' ') : Array.Empty<string>();
            if (seen.Length == 2 && long.TryParse(seen[0], NumberStyles.None, CultureInfo.InvariantCulture, out long sequence) && sequence > 0)
            {
                if (read.Entries.Count < sequence)
                {
                    problem = $"it ends at entry {read.Entries.Count}, but this machine saw it reach entry {sequence}: entries were deleted from the store (if the store was started again on purpose, delete {file} on this machine)";
                }
                else if (!string.Equals(read.Entries[(int)sequence - 1].Digest, seen[1], StringComparison.Ordinal))
                {
                    problem = $"its entry {sequence} is not the one this machine saw (digest {seen[1]}): the history was rewritten (if the store was started again on purpose, delete {file} on this machine)";
                }
            }

            if (problem is null && read.Head is ChainEntry head && (seen.Length != 2 || !long.TryParse(seen[0], NumberStyles.None, CultureInfo.InvariantCulture, out long known) || head.Sequence > known))
            {
                AtomicFile.WriteAllText(file, $"{head.Sequence.ToString(CultureInfo.InvariantCulture)} {head.Digest}\n");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return problem;
    }

    private static string? FileFor(IReleaseStore store, string stream)
    {
        string root = Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "governance", "stores");
        if (root.Length == 0)
        {
            return null;
        }

        string id = Sha256.OfBytes(Encoding.UTF8.GetBytes(store.Description)).Substring(0, 16);
        string name = Sha256.OfBytes(Encoding.UTF8.GetBytes(stream)).Substring(0, 24);
        return Path.Combine(root, "heads", id, name);
    }
}
