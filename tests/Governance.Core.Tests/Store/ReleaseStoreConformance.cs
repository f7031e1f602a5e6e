using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Governance.Core.Diagnostics;
using Governance.Core.Store;

namespace Governance.Core.Tests.Store;

/// <summary>
/// What every release store backend must do (docs/bundles.md#the-release-store), written once: each backend is a
/// subclass that says how to open a fresh store and how to damage one behind its back. Records
/// are create-only and idempotent; streams are append-only and never fork under concurrent
/// writers, threads or processes; what is read is verified; a torn write is survived.
/// </summary>
public abstract class ReleaseStoreConformance : IDisposable
{
    private readonly TempDirectory scratch = new();

    /// <summary>A location <see cref="ReleaseStoreFactory"/> opens to a fresh, empty store of this backend.</summary>
    protected abstract string CreateLocation(TempDirectory scratch);

    /// <summary>
    /// The backends the suite opens stores with, as the CLI brings them to <see cref="ReleaseStoreFactory"/>
    /// (none: the factory's own). The writer processes of the races always bring every backend.
    /// </summary>
    protected virtual IReadOnlyList<IReleaseStoreBackend>? Backends => null;

    /// <summary>The environment the factory reads credentials from (null: the process's).</summary>
    protected virtual Func<string, string?>? StoreEnvironment => null;

    /// <summary>Changes the stored content of the record <paramref name="key"/>, as someone with write access to the backend could.</summary>
    protected abstract void TamperWithRecord(string location, string key);

    /// <summary>Changes the record <paramref name="key"/> so it no longer names its content as the backend stores it.</summary>
    protected abstract void DamageRecordReference(string location, string key);

    /// <summary>Leaves what a writer killed in the middle of a write leaves behind, beside record <paramref name="key"/> and in <paramref name="stream"/>.</summary>
    protected abstract void LeaveTornWrites(string location, string key, string stream);

    private string Location => location.Value;

    /// <summary>Made once, also when threads ask for it at the same time.</summary>
    private readonly Lazy<string> location;

    protected ReleaseStoreConformance() => location = new Lazy<string>(() => CreateLocation(scratch));

    private IReleaseStore Open() => ReleaseStoreFactory.Open(Location, scratch.Path, StoreEnvironment, Backends);

    [Fact]
    public void A_record_is_created_once_and_recreating_it_with_the_same_bytes_is_harmless()
    {
        IReleaseStore store = Open();

        StoreRecord first = store.CreateRecord("bundles/a/1.0.0/bundle.json", Bytes("one"));
        StoreRecord again = Open().CreateRecord("bundles/a/1.0.0/bundle.json", Bytes("one"));
        StoreRecord other = Open().CreateRecord("bundles/a/1.0.0/bundle.json", Bytes("two"));

        Assert.Equal("one", Text(first.Content));
        Assert.Equal("one", Text(again.Content));
        Assert.Equal("one", Text(other.Content));
        Assert.Equal("one", Text(Open().ReadRecord("bundles/a/1.0.0/bundle.json")!.Content));
        Assert.Equal(first.Sha256, other.Sha256);
        Assert.Null(store.ReadRecord("bundles/a/2.0.0/bundle.json"));
    }

    [Fact]
    public void Records_are_listed_by_prefix_in_order()
    {
        IReleaseStore store = Open();
        foreach (string key in new[] { "bundles/b/2.0.0/bundle.json", "bundles/a/1.0.0/bundle.json", "bundles/a/1.1.0/bundle.json", "approvals/x.json" })
        {
            store.CreateRecord(key, Bytes(key));
        }

        Assert.Equal(new[] { "bundles/a/1.0.0/bundle.json", "bundles/a/1.1.0/bundle.json" }, store.ListRecords("bundles/a/"));
        Assert.Empty(store.ListRecords("bundles/c/"));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("bundles/../../x")]
    [InlineData("a//b")]
    [InlineData("a\\b")]
    [InlineData("c:/x")]
    public void Keys_that_could_leave_the_store_are_refused(string key)
    {
        IReleaseStore store = Open();

        Assert.Throws<ArgumentException>(() => store.CreateRecord(key, Bytes("x")));
        Assert.Throws<ArgumentException>(() => store.TryAppend(key, 1, Bytes("x")));
    }

    [Fact]
    public void A_record_changed_behind_the_stores_back_is_refused_when_read()
    {
        Open().CreateRecord("bundles/a/1.0.0/bundle.json", Bytes("released"));

        TamperWithRecord(Location, "bundles/a/1.0.0/bundle.json");

        StoreIntegrityException refused = Assert.Throws<StoreIntegrityException>(() => Open().ReadRecord("bundles/a/1.0.0/bundle.json"));
        Assert.Contains("bundles/a/1.0.0/bundle.json", refused.Message);
    }

    [Fact]
    public void A_record_that_no_longer_names_its_content_is_refused_when_read()
    {
        Open().CreateRecord("bundles/a/1.0.0/bundle.json", Bytes("released"));

        DamageRecordReference(Location, "bundles/a/1.0.0/bundle.json");

        Assert.Throws<StoreIntegrityException>(() => Open().ReadRecord("bundles/a/1.0.0/bundle.json"));
    }

    [Fact]
    public void Creating_a_record_over_damaged_content_is_refused_not_reported_as_recorded()
    {
        Open().CreateRecord("bundles/a/1.0.0/bundle.json", Bytes("same bytes"));
        TamperWithRecord(Location, "bundles/a/1.0.0/bundle.json");

        Assert.Throws<StoreIntegrityException>(() => Open().CreateRecord("bundles/b/1.0.0/bundle.json", Bytes("same bytes")));
        Assert.Null(Open().ReadRecord("bundles/b/1.0.0/bundle.json"));
    }

    [Fact]
    public void Every_record_and_stream_is_listed_and_a_whole_store_verifies()
    {
        IReleaseStore store = Open();
        store.CreateRecord("bundles/a/1.0.0/bundle.json", Bytes("a"));
        store.CreateRecord("approvals/prod/x.json", Bytes("x"));
        HashChain.Append(store, Append("ledgers/prod", "one"));
        HashChain.Append(Open(), Append("ledgers/prod", "two"));
        HashChain.Append(Open(), Append("slo-history/app", "three"));

        Assert.Equal(new[] { "approvals/prod/x.json", "bundles/a/1.0.0/bundle.json" }, Open().ListRecords(string.Empty));
        Assert.Equal(new[] { "ledgers/prod", "slo-history/app" }, Open().ListStreams());
        StoreAuditResult audit = StoreAudit.Verify(Open());
        Assert.Equal((2, 2, 3), (audit.Records, audit.Streams, audit.Entries));
        Assert.Empty(audit.Problems);

        TamperWithRecord(Location, "bundles/a/1.0.0/bundle.json");
        Assert.Equal("GOV7003", Assert.Single(StoreAudit.Verify(Open()).Problems).Code);
    }

    [Fact]
    public void Stream_entries_are_append_only_and_read_in_order()
    {
        IReleaseStore store = Open();

        Assert.True(store.TryAppend("s/one", 1, Bytes("first")));
        Assert.True(store.TryAppend("s/one", 2, Bytes("second")));
        Assert.False(Open().TryAppend("s/one", 2, Bytes("other second")));

        Assert.Equal(new[] { (1L, "first"), (2L, "second") }, Open().ReadStream("s/one").Select(e => (e.Sequence, Text(e.Content))));
        Assert.Empty(store.ReadStream("s/none"));
    }

    [Fact]
    public void Concurrent_appends_from_threads_form_one_chain()
    {
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => Assert.NotNull(HashChain.Append(Open(), Append("threads", "t" + i)).Appended));

        AssertOneChain("threads", Enumerable.Range(0, 40).Select(i => "t" + i));
    }

    /// <summary>Eight processes started together, 25 appends each: 200 entries, one chain, no fork, nothing lost or duplicated.</summary>
    [Fact]
    public void Concurrent_appends_from_processes_form_one_chain()
    {
        string go = scratch.Combine("go-append");
        Process[] writers = Enumerable.Range(0, 8).Select(w => StoreWriterProcess.Start("append", Location, "processes", "25", "w" + w, go)).ToArray();
        File.WriteAllText(go, string.Empty);
        foreach (Process writer in writers)
        {
            StoreWriterProcess.Finish(writer);
        }

        AssertOneChain("processes", Enumerable.Range(0, 8).SelectMany(w => Enumerable.Range(0, 25).Select(i => $"w{w}-{i}")));
    }

    /// <summary>Eight processes started together race for the same 20 records: each record is one writer's, and every writer is told whose.</summary>
    [Fact]
    public void Processes_racing_to_create_the_same_records_leave_exactly_one_of_each()
    {
        string go = scratch.Combine("go-record");
        Process[] writers = Enumerable.Range(0, 8).Select(w => StoreWriterProcess.Start("record", Location, "bundles/race", "20", "content of " + w, go)).ToArray();
        File.WriteAllText(go, string.Empty);
        string[][] seen = writers.Select(w => StoreWriterProcess.Finish(w).Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToArray();

        for (int i = 0; i < 20; i++)
        {
            string kept = Text(Open().ReadRecord($"bundles/race/{i}")!.Content);
            Assert.StartsWith("content of ", kept);
            Assert.All(seen, s => Assert.Equal(kept, s[i]));
        }

        Assert.Equal(20, Open().ListRecords("bundles/race/").Count);
    }

    [Fact]
    public void Torn_writes_left_by_a_killed_writer_are_survived()
    {
        IReleaseStore store = Open();
        store.CreateRecord("bundles/a/1.0.0/bundle.json", Bytes("whole"));
        HashChain.Append(store, Append("torn", "before"));

        LeaveTornWrites(Location, "bundles/a/1.0.0/bundle.json", "torn");

        Assert.Equal("whole", Text(Open().ReadRecord("bundles/a/1.0.0/bundle.json")!.Content));
        Assert.Equal(new[] { "bundles/a/1.0.0/bundle.json" }, Open().ListRecords("bundles/"));
        Assert.NotNull(HashChain.Append(Open(), Append("torn", "after")).Appended);
        AssertOneChain("torn", new[] { "before", "after" });
    }

    [Fact]
    public void Nothing_is_appended_to_a_chain_whose_entry_was_removed()
    {
        IReleaseStore store = Open();
        for (int i = 0; i < 3; i++)
        {
            HashChain.Append(store, Append("gap", "e" + i));
        }

        // A forger who can only append (an entry claiming to follow a missing one) breaks the chain.
        Assert.True(store.TryAppend("gap", 5, HashChain.Next(HashChain.Read(store, "gap", "1").Head, "1", w => w.WriteString("writer", "forged")).Content));

        (ChainRead read, ChainEntry? appended) = HashChain.Append(Open(), Append("gap", "late"));
        Assert.Null(appended);
        Assert.Contains("entry 5 is out of sequence", read.Problem);
        Assert.Equal(4, Open().ReadStream("gap").Count);
    }

    /// <summary>A chain verifies its own links, but only the memory of its newest entry tells that entries were cut from its end.</summary>
    [Fact]
    public void A_stream_cut_short_after_this_machine_saw_it_is_refused()
    {
        IReleaseStore store = Open();
        for (int i = 0; i < 3; i++)
        {
            HashChain.Append(store, Append("cut", "e" + i));
        }

        Assert.Null(HashChain.Read(Open(), "cut", "1").Problem);
        RemoveNewestEntry(Location, "cut");

        ChainRead read = HashChain.Read(Open(), "cut", "1");
        Assert.Contains("this machine saw it reach entry 3: entries were deleted", read.Problem);
    }

    /// <summary>Deletes the newest entry of <paramref name="stream"/>, as someone with delete rights on the backend could.</summary>
    protected abstract void RemoveNewestEntry(string location, string stream);

    public void Dispose() => scratch.Dispose();

    private static StreamAppend Append(string stream, string writer) =>
        new(stream, "1", w => w.WriteString("writer", writer), _ => false, Gov.StoreTampered, "the test stream");

    private void AssertOneChain(string stream, IEnumerable<string> writers)
    {
        ChainRead read = HashChain.Read(Open(), stream, "1");
        Assert.Null(read.Problem);
        string[] recorded = read.Entries.Select(e => JsonDocument.Parse(e.Content).RootElement.GetProperty("writer").GetString()!).ToArray();
        Assert.Equal(writers.OrderBy(w => w, StringComparer.Ordinal), recorded.OrderBy(w => w, StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, recorded.Length).Select(i => (long)i), read.Entries.Select(e => e.Sequence));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
