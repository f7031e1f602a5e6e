using System;
using System.CommandLine;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Policy;
using Governance.Core.Store;
using Governance.Core.Store.Tool;

namespace Governance.Cli;

/// <summary>
/// <c>governance store verify</c> (every record's digest, every chain), <c>governance store copy
/// &lt;from&gt; &lt;to&gt;</c> (move a store between backends; idempotent; verified after), and
/// <c>governance store call</c>, the one store operation a build asks of the tool (hidden).
/// </summary>
internal static class StoreCommand
{
    public static Command Create()
    {
        var command = new Command("store", "Verify a release store, copy one into another, or take one record out of it (a directory, git:<remote>, azblob:<container URL>).");
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Copy());
        command.Subcommands.Add(Get());
        command.Subcommands.Add(Call());
        return command;
    }

    private static Option<string?> StoreOption() =>
        new("--store") { Description = "The release store: a folder, git:<remote> or azblob:<container URL>. Default: GOVERNANCE_STORE, else the policy's store, else .governance/store/ beside the nearest governance.json." };

    private static Command Verify()
    {
        Option<string?> store = StoreOption();
        var json = new Option<bool>("--json") { Description = "Write the result as JSON on standard output." };
        var command = new Command("verify", $"Verify every record against its digest and every stream as a hash chain. Exit 0 intact, 1 damaged ({Gov.StoreTampered.Code}), 2 unreachable or input error.");
        command.Options.Add(store);
        command.Options.Add(json);
        command.SetAction(parse => Run(parse.GetValue(json), () =>
        {
            (IReleaseStore opened, string source) = OpenDefault(parse.GetValue(store));
            StoreAuditResult audit = StoreAudit.Verify(opened);
            return (audit.Problems, w =>
            {
                w.WriteString("store", opened.Description);
                w.WriteString("storeSource", source);
                WriteAudit(w, "audit", audit);
            }, $"Release store {opened.Description} ({source}): {audit.Records} record(s), {audit.Streams} stream(s) with {audit.Entries} entries; {(audit.Problems.Count == 0 ? "every record and chain verified" : $"{audit.Problems.Count} problem(s)")}.");
        }));
        return command;
    }

    private static Command Copy()
    {
        var from = new Argument<string>("from") { Description = "The store to copy from: a folder, git:<remote> or azblob:<container URL>." };
        var to = new Argument<string>("to") { Description = "The store to copy into (created as needed); what it holds already with the same bytes is left alone." };
        var json = new Option<bool>("--json") { Description = "Write the result as JSON on standard output." };
        var command = new Command("copy", $"Copy every record and stream of one store into another, then verify the copy. Idempotent; content the stores disagree on is never overwritten ({Gov.StoreTampered.Code}).");
        command.Arguments.Add(from);
        command.Arguments.Add(to);
        command.Options.Add(json);
        command.SetAction(parse => Run(parse.GetValue(json), () =>
        {
            IReleaseStore source = CliStores.Open(parse.GetValue(from)!, Directory.GetCurrentDirectory());
            IReleaseStore destination = CliStores.Open(parse.GetValue(to)!, Directory.GetCurrentDirectory());
            StoreCopyResult copy = StoreCopy.Copy(source, destination);
            IReadOnlyList<Diagnostic> problems = copy.Conflicts.Concat(copy.Destination.Problems).ToArray();
            return (problems, w =>
            {
                w.WriteString("from", source.Description);
                w.WriteString("to", destination.Description);
                w.WriteNumber("recordsCopied", copy.RecordsCopied);
                w.WriteNumber("recordsPresent", copy.RecordsPresent);
                w.WriteNumber("entriesCopied", copy.EntriesCopied);
                w.WriteNumber("entriesPresent", copy.EntriesPresent);
                WriteAudit(w, "destination", copy.Destination);
            }, $"Copied {source.Description} into {destination.Description}: {copy.RecordsCopied} record(s) and {copy.EntriesCopied} entries written, {copy.RecordsPresent} record(s) and {copy.EntriesPresent} entries there already; the copy {(copy.Destination.Problems.Count == 0 && problems.Count == 0 ? "verified" : "has problems")}.");
        }));
        return command;
    }

    /// <summary>The tool's side of <see cref="ToolReleaseStore"/>: one request on standard input, its response on standard output.</summary>
    private static Command Call()
    {
        var store = new Option<string>("--store") { Description = "The release store location.", Required = true };
        var command = new Command("call", "One store operation for a build (JSON on standard input and output); used by Governance.Sdk, not by people.") { Hidden = true };
        command.Options.Add(store);
        command.SetAction(parse =>
        {
            using var input = new MemoryStream();
            Console.OpenStandardInput().CopyTo(input);
            byte[] response;
            try
            {
                response = StoreProtocol.Handle(CliStores.Open(parse.GetValue(store)!, Directory.GetCurrentDirectory()), input.ToArray());
            }
            catch (Exception ex) when (ex is StoreLocationException or StoreUnavailableException)
            {
                response = StoreProtocol.Handle(new UnopenedStore(ex), input.ToArray());
            }

            using Stream output = Console.OpenStandardOutput();
            output.Write(response, 0, response.Length);
            return Program.Success;
        });
        return command;
    }

    private static Command Get()
    {
        var key = new Argument<string>("key") { Description = "The record's key, e.g. bundles/contoso.core/1.4.0/release-evidence.zip (the evidence package promotion kept) or bundles/contoso.core/1.4.0/bundle.json." };
        var output = new Option<FileInfo>("--out") { Description = "The file to write the record's bytes to (created or replaced).", Required = true };
        Option<string?> store = StoreOption();
        var json = new Option<bool>("--json") { Description = "Write the result as JSON on standard output." };
        var command = new Command("get", $"Write one record of a release store to a file, verified against its digest first ({Gov.StoreTampered.Code} when it does not match). Exit 0 written, 1 damaged, 2 missing, unreachable or input error.");
        command.Arguments.Add(key);
        command.Options.Add(output);
        command.Options.Add(store);
        command.Options.Add(json);
        command.SetAction(parse => Run(parse.GetValue(json), () =>
        {
            (IReleaseStore opened, string source) = OpenDefault(parse.GetValue(store));
            string name = parse.GetValue(key)!;
            string target = parse.GetValue(output)!.FullName;
            StoreRecord? record = opened.ReadRecord(name);
            if (record is null)
            {
                return (new[] { new Diagnostic(Gov.UnreadableFile, $"The release store {opened.Description} ({source}) has no record {name}. List what a release left with governance status --lineage, or check the key's spelling (lower case, as the store keys it).", null) },
                    w => w.WriteString("store", opened.Description), $"No record {name}.");
            }

            AtomicFile.WriteAllBytes(target, record.Content);
            return (Array.Empty<Diagnostic>(), w =>
            {
                w.WriteString("store", opened.Description);
                w.WriteString("key", record.Key);
                w.WriteString("sha256", record.Sha256);
                w.WriteString("file", target);
            }, $"{record.Key} ({record.Content.Length} bytes, sha256 {record.Sha256}) from {opened.Description} written to {target}.");
        }));
        return command;
    }

    /// <summary>The store in effect here: --store, else GOVERNANCE_STORE, else the policy's store, else the default beside the policy.</summary>
    private static (IReleaseStore Store, string Source) OpenDefault(string? option)
    {
        string? policyPath = PolicyLoader.Discover(Directory.GetCurrentDirectory());
        string root = policyPath is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(policyPath)!;
        return CliStores.OpenInEffect(option, root, policyPath is null ? null : PolicyLoader.Load(policyPath).Policy?.Store);
    }

    private static int Run(bool json, Func<(IReadOnlyList<Diagnostic> Problems, Action<System.Text.Json.Utf8JsonWriter> Write, string Summary)> action)
    {
        IReadOnlyList<Diagnostic> problems;
        Action<System.Text.Json.Utf8JsonWriter> write;
        string summary;
        try
        {
            (problems, write, summary) = action();
        }
        catch (StoreLocationException ex)
        {
            (problems, write, summary) = (new[] { new Diagnostic(Gov.InvalidSetting, ex.Message, null) }, _ => { }, "The store could not be opened.");
        }
        catch (StoreUnavailableException ex)
        {
            (problems, write, summary) = (new[] { new Diagnostic(Gov.StoreUnavailable, ex.Message, null) }, _ => { }, "The store could not be used.");
        }
        catch (StoreIntegrityException ex)
        {
            (problems, write, summary) = (new[] { new Diagnostic(Gov.StoreTampered, ex.Message, new SourceLocation(ex.Location)) }, _ => { }, "The store cannot be trusted.");
        }

        int exit = Program.ExitCodeOf(problems);
        if (json)
        {
            Console.Out.Write(Encoding.UTF8.GetString(CanonicalJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("exitCode", exit);
                write(w);
                w.WriteStartArray("findings");
                foreach (Diagnostic problem in problems)
                {
                    w.WriteStartObject();
                    w.WriteString("code", problem.Code);
                    w.WriteString("message", problem.Message);
                    w.WriteOptionalString("location", problem.Location?.Path);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            })));
        }
        else
        {
            foreach (Diagnostic problem in problems)
            {
                Console.Error.WriteLine(MessageText.Escape($"{(problem.Location is null ? string.Empty : problem.Location.Path + ": ")}error {problem.Code}: {problem.Message}"));
            }

            Console.Out.WriteLine(MessageText.Escape(summary));
        }

        return exit;
    }

    private static void WriteAudit(System.Text.Json.Utf8JsonWriter w, string name, StoreAuditResult audit)
    {
        w.WriteStartObject(name);
        w.WriteNumber("records", audit.Records);
        w.WriteNumber("streams", audit.Streams);
        w.WriteNumber("entries", audit.Entries);
        w.WriteNumber("problems", audit.Problems.Count);
        w.WriteEndObject();
    }
}
