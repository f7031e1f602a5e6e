using System;
using System.Linq;
using System.Text;
using Governance.Core.IO;
using Governance.Core.Releases;
using Governance.Core.Store;

namespace Governance.Core.Tests.Releases;

/// <summary>Releases, entries and stores for the release tests: bundles named by made-up manifest digests, a directory store per test.</summary>
internal static class ReleaseFixtures
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A bundle whose manifest digest is derived from its id, version and <paramref name="salt"/> (another build of the same version).</summary>
    public static ReleaseBundle Bundle(string id, string version, string salt = "", string commit = "0123456789abcdef0123456789abcdef01234567") =>
        new(id, version, Sha256.OfBytes(Encoding.UTF8.GetBytes(id + "/" + version + "/" + salt)), Sha256.OfBytes(Encoding.UTF8.GetBytes("report/" + id + version + salt)), commit);

    public static Release Release(params ReleaseBundle[] bundles) => Core.Releases.Release.Create(bundles);

    /// <summary>A release of one package version.</summary>
    public static Release Release(string id, string version) => Release(Bundle(id, version));

    public static LedgerEntry Entry(LedgerAction action, Release release, int minutes = 0, string by = "ci-bot") =>
        new(action, release, T0.AddMinutes(minutes), by);

    public static IReleaseStore OpenStore(TempDirectory dir) => ReleaseStoreFactory.Open(dir.Combine("store"), dir.Path);

    /// <summary>The stored file of entry <paramref name="sequence"/> of a ledger in a directory store.</summary>
    public static string EntryFile(TempDirectory dir, string environment, long sequence) =>
        dir.Combine("store/" + StoreLayout.StreamFolder(Ledger.StreamName(environment)) + "/" + StoreLayout.EntryName(sequence));

    /// <summary>Appends the entries in order; each must be appended.</summary>
    public static void AppendAll(IReleaseStore store, string environment, params LedgerEntry[] entries)
    {
        foreach (LedgerEntry entry in entries)
        {
            LedgerAppend append = Ledger.Append(store, environment, entry);
            if (append.Status != LedgerAppendStatus.Appended)
            {
                throw new InvalidOperationException($"{entry.Action} of {entry.Release} was {append.Status}: {append.Problem?.Message}");
            }
        }
    }

    public static string Codes(System.Collections.Generic.IEnumerable<Diagnostics.Diagnostic> diagnostics) => string.Join(",", diagnostics.Select(d => d.Descriptor.Code));
}
