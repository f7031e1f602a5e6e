using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Governance.Core.Bundles;
using Governance.Core.Releases;
using Governance.Core.Store;
using Governance.Core.Tests.Bundles;
using static Governance.Core.Tests.Releases.ReleaseFixtures;

namespace Governance.Core.Tests.Releases;

/// <summary>
/// The ledger of an environment (contract section 9): a hash-chained stream in a real directory
/// store; whatever was edited, reordered, cut off, copied from another environment or forged is
/// GOV7003 and nothing is appended after it; reruns converge; concurrent writers form one chain.
/// </summary>
public sealed class LedgerTests : IDisposable
{
    private readonly TempDirectory dir = new();

    [Fact]
    public void Entries_are_read_back_as_appended_in_order()
    {
        IReleaseStore store = OpenStore(dir);
        Release release = Release(Bundle("Contoso.Core", "1.4.0"), Bundle("Contoso.Data", "1.4.0"));
        LedgerEntry started = Entry(LedgerAction.PromoteStarted, release);
        LedgerEntry promoted = Entry(LedgerAction.Promote, release, minutes: 3) with
        {
            Reason = "weekly release",
            ApprovalsConsumed = new[] { "b2", "a1" },
            PreviousCurrent = new[] { new PreviousCurrent(new ReleaseTrack("Contoso.Core", 1), Bundle("Contoso.Core", "1.3.0"), "r-old") },
        };
        AppendAll(store, "prod", started, promoted);

        LedgerRead read = Ledger.Read(OpenStore(dir), "Prod");
        Assert.True(read.IsVerified);
        Assert.Equal(new long[] { 1, 2 }, read.Entries.Select(e => e.Sequence));
        Assert.Equal(read.Entries[0].Digest, read.Entries[1].Previous);
        RecordedLedgerEntry last = read.Entries[1];
        Assert.Equal(LedgerAction.Promote, last.Entry.Action);
        Assert.Equal(release, last.Entry.Release);
        Assert.Equal(T0.AddMinutes(3), last.Entry.At);
        Assert.Equal("weekly release", last.Entry.Reason);
        Assert.Equal(new[] { "a1", "b2" }, last.Entry.ApprovalsConsumed);
        Assert.Equal("Contoso.Core 1.3.0", last.Entry.PreviousCurrent.Single().Bundle!.ToString());
        Assert.Null(last.Signature);
        Assert.Equal(new StreamHead("ledgers/prod", 2, read.Head.Sha256), read.Head);
    }

    [Fact]
    public void An_entry_a_newer_SDK_wrote_is_GOV1003_not_tampering_and_nothing_is_appended_after_it()
    {
        IReleaseStore store = OpenStore(dir);
        AppendAll(store, "prod", Entry(LedgerAction.Promote, Release("Contoso.Core", "1.0.0")), Entry(LedgerAction.Promote, Release("Contoso.Core", "1.1.0")));
        string file = EntryFile(dir, "prod", 2);
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"schemaVersion\": \"1\"", "\"schemaVersion\": \"2\""));

        LedgerRead read = Ledger.Read(OpenStore(dir), "prod");
        LedgerAppend append = Ledger.Append(OpenStore(dir), "prod", Entry(LedgerAction.Promote, Release("Contoso.Core", "1.2.0")));

        Assert.Equal(("GOV1003", 1), (read.Problem!.Code, read.Entries.Count));
        Assert.Contains("newer Governance.Sdk", read.Problem.Message, StringComparison.Ordinal);
        Assert.Equal(LedgerAppendStatus.Broken, append.Status);
        Assert.Equal(2, OpenStore(dir).ReadStream("ledgers/prod").Count);
    }

    [Fact]
    public void An_edited_entry_is_GOV7003_and_nothing_is_appended_after_it()
    {
        IReleaseStore store = OpenStore(dir);
        AppendAll(store, "prod", Entry(LedgerAction.Promote, Release("Contoso.Core", "1.0.0")), Entry(LedgerAction.Promote, Release("Contoso.Core", "1.1.0")));
        string file = EntryFile(dir, "prod", 1);
        File.WriteAllText(file, File.ReadAllText(file).Replace("ci-bot", "someone"));

        AssertBroken(Ledger.Read(OpenStore(dir), "prod"), "does not match its own digest");
        LedgerAppend append = Ledger.Append(OpenStore(dir), "prod", Entry(LedgerAction.Promote, Release("Contoso.Core", "1.2.0")));
        Assert.Equal(LedgerAppendStatus.Broken, append.Status);
        Assert.Equal("GOV7003", append.Problem!.Code);
        Assert.Equal(2, OpenStore(dir).ReadStream("ledgers/prod").Count);
    }

    [Fact]
    public void Reordered_entries_are_GOV7003()
    {
        IReleaseStore store = OpenStore(dir);
        AppendAll(store, "prod", Entry(LedgerAction.Promote, Release("Contoso.Core", "1.0.0")), Entry(LedgerAction.Promote, Release("Contoso.Core", "1.1.0")));
        string first = EntryFile(dir, "prod", 1), second = EntryFile(dir, "prod", 2);
        byte[] one = File.ReadAllBytes(first);
        File.WriteAllBytes(first, File.ReadAllBytes(second));
        File.WriteAllBytes(second, one);

        AssertBroken(Ledger.Read(OpenStore(dir), "prod"), "out of sequence");
    }

    [Fact]
    public void A_ledger_cut_short_after_this_machine_saw_it_is_GOV7003_and_nothing_is_appended()
    {
        IReleaseStore store = OpenStore(dir);
        AppendAll(store, "prod", Entry(LedgerAction.Promote, Release("Contoso.Core", "1.0.0")), Entry(LedgerAction.Promote, Release("Contoso.Core", "1.1.0")), Entry(LedgerAction.Promote, Release("Contoso.Core", "1.2.0")));
        Assert.True(Ledger.Read(OpenStore(dir), "prod").IsVerified);
        File.Delete(EntryFile(dir, "prod", 3));

        AssertBroken(Ledger.Read(OpenStore(dir), "prod"), "this machine saw it reach entry 3");
        Assert.Equal(LedgerAppendStatus.Broken, Ledger.Append(OpenStore(dir), "prod", Entry(LedgerAction.Promote, Release("Contoso.Core", "1.3.0"))).Status);
        Assert.Equal(2, OpenStore(dir).ReadStream("ledgers/prod").Count);
    }

    [Fact]
    public void An_entry_copied_from_another_environments_ledger_is_GOV7003_though_its_chain_links()
    {
        IReleaseStore store = OpenStore(dir);
        AppendAll(store, "staging", Entry(LedgerAction.Promote, Release("Contoso.Core", "1.0.0")));
        string target = EntryFile(dir, "prod", 1);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(EntryFile(dir, "staging", 1), target);

        LedgerRead read = Ledger.Read(OpenStore(dir), "prod");
        AssertBroken(read, "it records a promotion to 'staging': it was copied from another environment's ledger");
        Assert.Empty(read.Entries);
        Assert.Equal(LedgerAppendStatus.Broken, Ledger.Append(OpenStore(dir), "prod", Entry(LedgerAction.Promote, Release("Contoso.Core", "1.0.0"))).Status);
    }

    [Fact]
    public void Running_the_same_action_again_converges_on_the_entry_already_recorded()
    {
        IReleaseStore store = OpenStore(dir);
        Release release = Release("Contoso.Core", "1.0.0");
        LedgerAppend first = Ledger.Append(store, "prod", Entry(LedgerAction.Promote, release));
        LedgerAppend again = Ledger.Append(OpenStore(dir), "prod", Entry(LedgerAction.Promote, release, minutes: 9));

        Assert.Equal(LedgerAppendStatus.Appended, first.Status);
        Assert.Equal(LedgerAppendStatus.AlreadyRecorded, again.Status);
        Assert.Equal(first.Entry!.Digest, again.Entry!.Digest);
        Assert.Single(Ledger.Read(OpenStore(dir), "prod").Entries);

        LedgerRead read = Ledger.Read(store, "prod");
        LedgerAppend viaCheckpoint = Ledger.AppendIfUnmoved(store, "prod", Entry(LedgerAction.Promote, release), LedgerCheckpoint.Of(read));
        Assert.Equal(LedgerAppendStatus.AlreadyRecorded, viaCheckpoint.Status);
    }

    [Fact]
    public void A_compare_and_swap_append_lands_when_nothing_moved()
    {
        IReleaseStore store = OpenStore(dir);
        AppendAll(store, "staging", Entry(LedgerAction.Promote, Release("Contoso.Core", "1.0.0")));
        AppendAll(store, "prod", Entry(LedgerAction.PromoteStarted, Release("Contoso.Core", "1.0.0")));
        var checkpoint = LedgerCheckpoint.Of(Ledger.Read(store, "prod"), Ledger.Read(store, "staging").Head);

        LedgerAppend append = Ledger.AppendIfUnmoved(store, "prod", Entry(LedgerAction.Promote, Release("Contoso.Core", "1.0.0")), checkpoint);

        Assert.Equal(LedgerAppendStatus.Appended, append.Status);
        Assert.Equal(2, append.Entry!.Sequence);
        Assert.True(append.Ledger.IsVerified);
    }

    [Fact]
    public void A_compare_and_swap_append_is_refused_when_a_watched_stream_moved()
    {
        IReleaseStore store = OpenStore(dir);
        AppendAll(store, "staging", Entry(LedgerAction.Promote, Release("Contoso.Core", "1.0.0")));
        var checkpoint = LedgerCheckpoint.Of(Ledger.Read(store, "prod"), Ledger.Read(store, "staging").Head);
        AppendAll(store, "staging", Entry(LedgerAction.Rollback, Release("Contoso.Core", "0.9.0")));

        LedgerAppend append = Ledger.AppendIfUnmoved(store, "prod", Entry(LedgerAction.Promote, Release("Contoso.Core", "1.0.0")), checkpoint);

        Assert.Equal(LedgerAppendStatus.Moved, append.Status);
        Assert.Equal("ledgers/staging at entry 2", Assert.Single(append.Moved).ToString());
        Assert.Empty(OpenStore(dir).ReadStream("ledgers/prod"));
    }

    [Fact]
    public void A_compare_and_swap_append_is_refused_when_the_ledger_itself_moved()
    {
        IReleaseStore store = OpenStore(dir);
        var checkpoint = LedgerCheckpoint.Of(Ledger.Read(store, "prod"));
        AppendAll(store, "prod", Entry(LedgerAction.PromoteStarted, Release("Contoso.Core", "2.0.0")));

        LedgerAppend append = Ledger.AppendIfUnmoved(store, "prod", Entry(LedgerAction.Promote, Release("Contoso.Core", "1.0.0")), checkpoint);

        Assert.Equal(LedgerAppendStatus.Moved, append.Status);
        Assert.Equal("ledgers/prod at entry 1", append.Moved[0].ToString());
        Assert.Single(OpenStore(dir).ReadStream("ledgers/prod"));
    }

    [Fact]
    public void Concurrent_appends_form_one_chain_without_losing_an_entry()
    {
        const int Writers = 12;
        Parallel.For(0, Writers, new ParallelOptions { MaxDegreeOfParallelism = Writers }, i =>
        {
            LedgerAppend append = Ledger.Append(OpenStore(dir), "prod", Entry(LedgerAction.Promote, Release("Contoso.Core", $"1.{i}.0")));
            Assert.Equal(LedgerAppendStatus.Appended, append.Status);
        });

        LedgerRead read = Ledger.Read(OpenStore(dir), "prod");
        Assert.True(read.IsVerified);
        Assert.Equal(Enumerable.Range(1, Writers).Select(i => (long)i), read.Entries.Select(e => e.Sequence));
        Assert.Equal(Writers, read.Entries.Select(e => e.Entry.Release.Id).Distinct().Count());
    }

    [Fact]
    public void An_entry_signed_by_a_key_the_policy_no_longer_lists_proves_nothing_but_breaks_nothing()
    {
        using ECDsa retired = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa current = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        LoadedTrustedKey old = SignedBundle.Trusted("retired", retired);
        IReleaseStore store = OpenStore(dir);
        Ledger.Append(store, "prod", Entry(LedgerAction.Promote, Release("Contoso.Core", "1.0.0")), new LedgerSigner(retired, old.KeyId), new[] { old });

        LedgerRead read = Ledger.Read(OpenStore(dir), "prod", new[] { SignedBundle.Trusted("current", current) });

        Assert.True(read.IsVerified, read.Problem?.Message);
        Assert.Null(LedgerSignature.SignedBy("prod", read.Entries[0], new[] { SignedBundle.Trusted("current", current) }));
    }

    [Fact]
    public void Signed_entries_verify_with_the_trusted_key_and_a_forged_signature_is_GOV7003()
    {
        using ECDsa ci = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        LoadedTrustedKey trusted = SignedBundle.Trusted("ci", ci);
        IReleaseStore store = OpenStore(dir);
        var signer = new LedgerSigner(ci, trusted.KeyId);
        Assert.Equal(LedgerAppendStatus.Appended, Ledger.Append(store, "prod", Entry(LedgerAction.Promote, Release("Contoso.Core", "1.0.0")), signer, new[] { trusted }).Status);

        LedgerRead read = Ledger.Read(OpenStore(dir), "prod", new[] { trusted });
        Assert.True(read.IsVerified);
        Assert.Equal(trusted.KeyId, read.Entries[0].Signature!.KeyId);
        Assert.Same(trusted, LedgerSignature.SignedBy("prod", read.Entries[0], new[] { trusted }));

        // Someone with write access appends an entry of their own, signed with their key under the
        // CI key's id: the chain links, the signature does not verify.
        Ledger.Append(store, "prod", Entry(LedgerAction.Promote, Release("Contoso.Core", "6.6.6")), new LedgerSigner(attacker, trusted.KeyId));
        LedgerRead forged = Ledger.Read(OpenStore(dir), "prod", new[] { trusted });
        AssertBroken(forged, "carries a signature in the name of the trusted key " + trusted.KeyId + " that does not verify");
        Assert.Single(forged.Entries);
        Assert.Equal(LedgerAppendStatus.Broken, Ledger.Append(OpenStore(dir), "prod", Entry(LedgerAction.Promote, Release("Contoso.Core", "1.1.0")), signer, new[] { trusted }).Status);

        // A signature moved onto another entry's content does not verify either: it covers the payload.
        Assert.Null(LedgerSignature.SignedBy("staging", read.Entries[0], new[] { trusted }));
    }

    private static void AssertBroken(LedgerRead read, string because)
    {
        Assert.False(read.IsVerified);
        Assert.Equal("GOV7003", read.Problem!.Code);
        Assert.Contains(because, read.Problem.Message);
        Assert.Contains("Nothing is promoted to or rolled back in", read.Problem.Message);
    }

    public void Dispose() => dir.Dispose();
}
