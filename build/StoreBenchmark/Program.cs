using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Azure.Storage.Blobs;
using Governance.Core.Store;
using Governance.Store.AzureBlob;

namespace Governance.StoreBenchmark;

/// <summary>
/// <c>StoreBenchmark &lt;blob endpoint&gt; [contention]</c> with <c>AZURE_STORAGE_CONNECTION_STRING</c>
/// set: times the azblob store's operations, each in a new container, and prints a table
/// (<c>contention</c>: only the rows of processes appending at once). build/benchmark-store.sh runs
/// it against an emulator it starts.
/// <c>StoreBenchmark worker &lt;location&gt; &lt;stream&gt; &lt;count&gt; &lt;go-file&gt;</c> is one of the
/// contending writer processes (started by the benchmark itself).
/// </summary>
public static class Program
{
    private const string Schema = "1";

    private static readonly IReleaseStoreBackend[] Backends = { new AzureBlobStoreBackend() };

    public static int Main(string[] args)
    {
        if (args.Length == 5 && args[0] == "worker")
        {
            return Worker(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), args[4]);
        }

        // azblob <endpoint> (AZURE_STORAGE_CONNECTION_STRING set) | git | directory, then optionally "contention".
        string kind = args.Length > 0 ? args[0] : string.Empty;
        bool contentionOnly = args.Last() == "contention";
        string scratch = Path.Combine(Path.GetTempPath(), $"store-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(scratch);
        int stores = 0;
        Func<string> NewStore;
        switch (kind)
        {
            case "azblob" when args.Length >= 2 && Environment.GetEnvironmentVariable(StorageConnectionString.EnvironmentVariable) is { Length: > 0 } connection:
                var service = new BlobServiceClient(connection);
                string endpoint = args[1].TrimEnd('/');
                NewStore = () =>
                {
                    string name = $"bench-{Environment.ProcessId}-{++stores}";
                    service.GetBlobContainerClient(name).Create();
                    return $"azblob:{endpoint}/{name}";
                };
                break;
            case "git":
                // A bare repository on this disk stands in for the remote: git's own cost, no network.
                NewStore = () =>
                {
                    string remote = Path.Combine(scratch, $"remote-{++stores}.git");
                    Process.Start("git", new[] { "init", "--bare", "--quiet", remote })!.WaitForExit();
                    return "git:" + remote;
                };
                break;
            case "directory":
                NewStore = () => Path.Combine(scratch, $"store-{++stores}");
                break;
            default:
                Console.Error.WriteLine("usage: StoreBenchmark azblob <blob endpoint> | git | directory [contention]   (azblob: AZURE_STORAGE_CONNECTION_STRING set)");
                return 2;
        }

        var rows = new List<(string What, string Result)>();
        if (!contentionOnly)
        {
            Operations(rows, NewStore);
        }

        Contention(rows, NewStore);

        int width = rows.Max(r => r.What.Length);
        Console.WriteLine($"| {"operation".PadRight(width)} | result |");
        Console.WriteLine($"| {new string('-', width)} | --- |");
        foreach ((string what, string result) in rows)
        {
            Console.WriteLine($"| {what.PadRight(width)} | {result} |");
        }

        Directory.Delete(scratch, recursive: true);
        return 0;
    }

    /// <summary>One writer at a time: records, appends, and reading a long stream cold and warm.</summary>
    private static void Operations(List<(string What, string Result)> rows, Func<string> newStore)
    {
        // Warm up the process (JIT, the first connection) so the first row is not the runtime's cost.
        Open(newStore()).CreateRecord("warmup/x", Encoding.UTF8.GetBytes("x"));

        IReleaseStore records = Open(newStore());
        double[] record = Times(50, i => records.CreateRecord($"bundles/bench/{i}/bundle.json", Payload(i, 2048)));
        rows.Add(("record write (2 KiB, new key: content, pointer, read back and verified)", Summary(record)));

        double[] again = Times(50, i => records.CreateRecord($"bundles/bench/{i}/bundle.json", Payload(i, 2048)));
        rows.Add(("record write, key already recorded (idempotent rerun)", Summary(again)));

        double[] read = Times(50, i => records.ReadRecord($"bundles/bench/{i}/bundle.json"));
        rows.Add(("record read (pointer + object, verified)", Summary(read)));

        IReleaseStore appends = Open(newStore());
        double[] append = Times(50, i => HashChain.Append(appends, Append("bench", "a" + i)));
        rows.Add(("stream append (HashChain.Append: read the stream, write the entry; stream of 1..50)", Summary(append)));

        string longStream = newStore();
        Fill(Open(longStream), "long", 1000);
        double cold = Time(() => Check(HashChain.Read(Open(longStream), "long", Schema), 1000));
        rows.Add(("read a 1,000-entry stream, new store instance (what one CLI run does)", $"{cold:F0} ms"));
        IReleaseStore warmStore = Open(longStream);
        HashChain.Read(warmStore, "long", Schema);
        double[] warm = Times(5, _ => Check(HashChain.Read(warmStore, "long", Schema), 1000));
        rows.Add(("read it again, same store instance", Summary(warm)));
        double coldAppend = Time(() => HashChain.Append(Open(longStream), Append("long", "late")));
        rows.Add(("append to the 1,000-entry stream from a new store instance (what one CLI run does)", $"{coldAppend:F0} ms"));
    }

    /// <summary>Processes appending to one stream at once, 1 and 8 of them.</summary>
    private static void Contention(List<(string What, string Result)> rows, Func<string> newStore)
    {
        foreach (int writers in new[] { 1, 8 })
        {
            (double seconds, int entries) = Contend(newStore(), writers, 25);
            rows.Add(($"{writers} process{(writers == 1 ? string.Empty : "es")} x 25 appends to one stream", $"{entries / seconds:F1} appends/s ({entries} entries, one chain, {seconds:F1} s)"));
        }
    }

    private static IReleaseStore Open(string location) =>
        ReleaseStoreFactory.Open(location, Directory.GetCurrentDirectory(), name =>
            name == "GOVERNANCE_STORE_CACHE" ? Environment.GetEnvironmentVariable(name) ?? Path.Combine(Path.GetTempPath(), $"store-bench-cache-{Environment.ProcessId}") : Environment.GetEnvironmentVariable(name),
            Backends);

    private static StreamAppend Append(string stream, string writer) =>
        new(stream, Schema, w => w.WriteString("writer", writer), _ => false, Governance.Core.Diagnostics.Gov.StoreTampered, "the benchmark stream");

    private static byte[] Payload(int i, int size)
    {
        var bytes = new byte[size];
        new Random(i).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Writes <paramref name="count"/> chained entries directly, as if appended one by one over time.</summary>
    private static void Fill(IReleaseStore store, string stream, int count)
    {
        ChainEntry? head = null;
        for (int i = 0; i < count; i++)
        {
            string tag = "e" + i;
            head = HashChain.Next(head, Schema, w => w.WriteString("writer", tag));
            if (!store.TryAppend(stream, head.Sequence, head.Content))
            {
                throw new InvalidOperationException("entry " + head.Sequence + " was taken");
            }
        }
    }

    private static void Check(ChainRead read, int atLeast)
    {
        if (read.Problem is not null || read.Entries.Count < atLeast)
        {
            throw new InvalidOperationException($"the stream read back wrong: {read.Entries.Count} entries, {read.Problem}");
        }
    }

    /// <summary>Starts the writers together (they wait for a file), times until all are done, and checks the chain.</summary>
    private static (double Seconds, int Entries) Contend(string location, int writers, int each)
    {
        string go = Path.Combine(Path.GetTempPath(), $"store-bench-go-{Environment.ProcessId}-{writers}");
        File.Delete(go);
        Process[] started = Enumerable.Range(0, writers).Select(w =>
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardError = true };

            // A git: store keeps a cache per machine: each writer has its own, as separate CI jobs would.
            start.Environment["GOVERNANCE_STORE_CACHE"] = Path.Combine(Path.GetTempPath(), $"store-bench-cache-{Environment.ProcessId}-{writers}-{w}");
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            {
                start.ArgumentList.Add(typeof(Program).Assembly.Location);
            }

            foreach (string argument in new[] { "worker", location, "contended", each.ToString(CultureInfo.InvariantCulture), go })
            {
                start.ArgumentList.Add(argument);
            }

            return Process.Start(start)!;
        }).ToArray();

        Thread.Sleep(3000); // every writer started and waiting, so the clock measures appends, not process start
        var clock = Stopwatch.StartNew();
        File.WriteAllText(go, string.Empty);
        foreach (Process writer in started)
        {
            string error = writer.StandardError.ReadToEnd();
            writer.WaitForExit();
            if (writer.ExitCode != 0)
            {
                throw new InvalidOperationException("a writer failed: " + error);
            }
        }

        double seconds = clock.Elapsed.TotalSeconds;
        File.Delete(go);
        ChainRead chain = HashChain.Read(Open(location), "contended", Schema);
        Check(chain, writers * each);
        return (seconds, chain.Entries.Count);
    }

    private static int Worker(string location, string stream, int count, string go)
    {
        IReleaseStore store = Open(location);
        store.ReadStream(stream); // the connection made before the start, as the other writers'
        while (!File.Exists(go))
        {
            Thread.Sleep(1);
        }

        for (int i = 0; i < count; i++)
        {
            if (HashChain.Append(store, Append(stream, $"{Environment.ProcessId}-{i}")).Appended is null)
            {
                Console.Error.WriteLine("the stream is broken");
                return 1;
            }
        }

        return 0;
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double[] Times(int count, Action<int> action) => Enumerable.Range(0, count).Select(i => Time(() => action(i))).ToArray();

    private static string Summary(double[] milliseconds)
    {
        double[] sorted = milliseconds.OrderBy(m => m).ToArray();
        double Percentile(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return $"median {Percentile(0.5):F1} ms, p95 {Percentile(0.95):F1} ms (n={sorted.Length})";
    }
}
