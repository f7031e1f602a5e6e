using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using Governance.Core.IO;
using Governance.Core.Store;
using Governance.Store.AzureBlob;

namespace Governance.StoreWriter;

/// <summary>
/// <c>append &lt;store&gt; &lt;stream&gt; &lt;count&gt; &lt;writer&gt; &lt;go-file&gt;</c>: appends <c>count</c>
/// entries to a hash-chained stream, each naming the writer and its number;
/// <c>record &lt;store&gt; &lt;key-prefix&gt; &lt;count&gt; &lt;content&gt; &lt;go-file&gt;</c>: creates the
/// records <c>&lt;key-prefix&gt;/0</c> … and prints, a line each, the content the store holds
/// afterwards. Both wait until <c>go-file</c> exists, so the racing processes start together;
/// <c>atomic &lt;file&gt; &lt;content&gt;</c>: writes a file as the gate writes its outputs.
/// Exit code 0 when every write landed.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 3 && args[0] == "atomic")
        {
            // The durability tests crash this write at its fault points (GOVERNANCE_FAULT_POINT).
            AtomicFile.WriteAllText(args[1], args[2]);
            return 0;
        }

        // Every backend the CLI brings, so the races run against each backend's stores; credentials
        // come in the location (a SAS) or from this process's environment, as the CLI's would.
        IReleaseStore store = ReleaseStoreFactory.Open(args[1], Directory.GetCurrentDirectory(), backends: new IReleaseStoreBackend[] { new AzureBlobStoreBackend() });
        int count = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
        while (!File.Exists(args[5]))
        {
            Thread.Sleep(2);
        }

        switch (args[0])
        {
            case "append":
                // Entries a run that was killed already appended are not appended again: the
                // command's re-run converges, as each ledger append of a promotion does.
                var appended = new System.Collections.Generic.HashSet<string?>(HashChain.Read(store, args[2], "1").Entries.Select(Writer));
                for (int i = 0; i < count; i++)
                {
                    string tag = $"{args[4]}-{i}";
                    if (appended.Contains(tag))
                    {
                        continue;
                    }

                    // An entry the stream's newest already is (this writer's, from a run that was
                    // killed right after appending it) is not appended again, as a ledger's is not.
                    var append = new StreamAppend(args[2], "1", w => w.WriteString("writer", tag), head => Writer(head) == tag,
                        Governance.Core.Diagnostics.Gov.StoreTampered, "the test stream");
                    if (HashChain.Append(store, append).Stream.Problem is not null)
                    {
                        Console.Error.WriteLine($"{tag} was not appended: the stream is broken");
                        return 1;
                    }
                }

                return 0;
            case "record":
                for (int i = 0; i < count; i++)
                {
                    Console.Out.WriteLine(Encoding.UTF8.GetString(store.CreateRecord($"{args[2]}/{i}", Encoding.UTF8.GetBytes(args[4])).Content));
                }

                return 0;
            default:
                Console.Error.WriteLine("usage: append <store> <stream> <count> <writer> <go-file> | record <store> <key-prefix> <count> <content> <go-file> | atomic <file> <content>");
                return 2;
        }
    }

    private static string? Writer(ChainEntry entry)
    {
        using JsonDocument document = JsonDocument.Parse(entry.Content);
        return document.RootElement.TryGetProperty("writer", out JsonElement writer) ? writer.GetString() : null;
    }
}
