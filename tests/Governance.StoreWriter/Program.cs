using System;
using System.IO;
using System.Text;
using Governance.Core.Store;

namespace Governance.StoreWriter;

/// <summary>
/// <c>append &lt;store&gt; &lt;stream&gt; &lt;count&gt; &lt;writer&gt;</c>: appends <c>count</c> entries to a
/// hash-chained stream, each naming the writer and its number; <c>record &lt;store&gt; &lt;key&gt;
/// &lt;content&gt;</c>: creates a record and prints the content the store holds afterwards.
/// Exit code 0 when every write landed.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        IReleaseStore store = ReleaseStoreFactory.Open(args[1], Directory.GetCurrentDirectory());
        switch (args[0])
        {
            case "append":
                int count = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
                for (int i = 0; i < count; i++)
                {
                    string tag = $"{args[4]}-{i}";
                    var append = new StreamAppend(args[2], "1", w => w.WriteString("writer", tag), _ => false,
                        Governance.Core.Diagnostics.Gov.StoreTampered, "the test stream");
                    if (HashChain.Append(store, append).Appended is null)
                    {
                        Console.Error.WriteLine($"{tag} was not appended: the stream is broken");
                        return 1;
                    }
                }

                return 0;
            case "record":
                Console.Out.Write(Encoding.UTF8.GetString(store.CreateRecord(args[2], Encoding.UTF8.GetBytes(args[3])).Content));
                return 0;
            default:
                Console.Error.WriteLine("usage: append <store> <stream> <count> <writer> | record <store> <key> <content>");
                return 2;
        }
    }
}
