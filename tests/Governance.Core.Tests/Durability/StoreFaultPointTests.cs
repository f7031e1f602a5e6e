using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Governance.Core.IO;
using Governance.Core.Store;
using Governance.Core.Tests.Store;

namespace Governance.Core.Tests.Durability;

/// <summary>
/// Each fault point of the core's write paths, crashed in a real process (the StoreWriter helper,
/// which writes through <see cref="ReleaseStoreFactory"/> and <see cref="AtomicFile"/> as the gate
/// and the CLI do): the process must die there, the store must verify with no torn file, and the
/// same command run again must leave exactly what an uninterrupted run leaves.
/// </summary>
public sealed class StoreFaultPointTests
{
    private const string Part = "store-fault-points";

    /// <summary>SIGKILL as a .NET parent sees it on Unix: 128 + 9.</summary>
    private const int Killed = 137;

    public static TheoryData<string, string, string> Scenarios => new()
    {
        { "file", "atomic", FaultPoint.AtomicFileTemporaryWritten },
        { "file", "atomic", FaultPoint.AtomicFileRenamed },
        { "directory", "record", FaultPoint.StoreTemporaryWritten },
        { "directory", "record", FaultPoint.StoreClaimed },
        { "directory", "record", FaultPoint.StoreObjectWritten },
        { "directory", "record", FaultPoint.StoreTemporaryWritten + "@2" },
        { "directory", "append", FaultPoint.StoreTemporaryWritten + "@2" },
        { "directory", "append", FaultPoint.StreamAppended },
        { "git", "record", FaultPoint.GitStoreCommitted },
        { "git", "record", FaultPoint.GitStorePushed },
        { "git", "append", FaultPoint.GitStorePushed + "@2" },
        { "git", "append", FaultPoint.StreamAppended },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void A_crash_at_a_fault_point_leaves_no_torn_file_and_the_same_command_converges(string backend, string operation, string point)
    {
        string outcome = "not-killed", invariants = "violated", rerun = "failed", detail = string.Empty;
        try
        {
            using var scratch = new TempDirectory();
            if (backend == "git")
            {
                Git(scratch.Path, "init", "--quiet", scratch.Path);
            }

            string reference = Location(scratch, backend, "reference");
            string crashed = Location(scratch, backend, "crashed");
            string cache = scratch.Combine("writer-cache");
            Assert.Equal(0, Run(scratch, operation, reference, cache + "-reference", null));

            int exit = Run(scratch, operation, crashed, cache, point);
            outcome = exit == Killed ? "killed" : "not-killed";
            Assert.True(exit == Killed, $"the writer exited {exit} instead of dying at {point}");

            int leftovers = CheckNothingTorn(backend, crashed);
            invariants = "held";

            Assert.Equal(0, Run(scratch, operation, crashed, cache, null));
            Assert.Equal(Snapshot(backend, reference), Snapshot(backend, crashed));
            if (backend == "directory")
            {
                Assert.Equal(Files(reference), Files(crashed));
            }

            rerun = "converged";
            detail = $"{operation} on a {backend} store; after the crash: nothing torn, {leftovers} temporary file(s) of the killed writer left and ignored; the re-run's {(backend == "git" ? "records and streams" : "files")} are byte-identical to an uninterrupted run's";
        }
        catch (Exception ex)
        {
            detail = ex.Message;
            throw;
        }
        finally
        {
            DurabilityReport.Add(Part, new DurabilityResult($"{operation} ({backend})", DurabilityResult.FaultPointKind, point, null, outcome, invariants, rerun, detail));
        }
    }

    private static string Location(TempDirectory scratch, string backend, string name)
    {
        switch (backend)
        {
            case "git":
                string remote = scratch.Combine(name + ".git");
                Git(scratch.Path, "init", "--bare", "--quiet", remote);
                return "git:" + remote;
            case "file":
                string file = scratch.Write(name + "/report.json", "{ \"old\": true }\n");
                return file;
            default:
                return scratch.Combine(name);
        }
    }

    /// <summary>Runs the operation in its own process, the fault point armed when one is given; returns the exit code.</summary>
    private static int Run(TempDirectory scratch, string operation, string location, string cache, string? point)
    {
        string go = scratch.Write("go", string.Empty);
        var environment = new Dictionary<string, string> { [StreamHeadMemory.CacheVariable] = cache };
        if (point is not null)
        {
            environment[FaultPoint.Variable] = point;
        }

        string[] arguments = operation switch
        {
            "atomic" => new[] { "atomic", location, "{ \"new\": true }\n" },
            "record" => new[] { "record", location, "bundles/contoso/1.0.0", "2", "the manifest", go },
            _ => new[] { "append", location, "ledgers/dev", "3", "promoter", go },
        };
        using Process process = StoreWriterProcess.Start(environment, arguments);
        process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "the writer did not finish within 2 minutes");
        Assert.True(process.ExitCode is 0 or Killed, $"the writer failed ({process.ExitCode}): {error}");
        return process.ExitCode;
    }

    /// <summary>
    /// Fails the test on a torn file or a store that does not verify; returns how many temporary
    /// files the killed writer left (which readers and later writers must ignore).
    /// </summary>
    private static int CheckNothingTorn(string backend, string location)
    {
        if (backend == "file")
        {
            string text = File.ReadAllText(location);
            Assert.True(text is "{ \"old\": true }\n" or "{ \"new\": true }\n", $"the target is torn: '{text}'");
            return Directory.GetFiles(Path.GetDirectoryName(location)!, ".*.tmp").Length;
        }

        IReleaseStore store = Open(location);
        StoreAuditResult audit = StoreAudit.Verify(store);
        Assert.True(audit.Problems.Count == 0, string.Join(Environment.NewLine, audit.Problems.Select(p => p.Message)));
        if (backend != "directory")
        {
            return 0;
        }

        // Every object is whole (its name is its digest), every pointer and entry parses: a file
        // under its final name is never a partial write.
        int leftovers = 0;
        foreach (string file in Directory.GetFiles(location, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetFileName(file);
            string relative = Path.GetRelativePath(location, file).Replace('\\', '/');
            if (name.StartsWith('.'))
            {
                Assert.True(name.EndsWith(".tmp", StringComparison.Ordinal) || name.EndsWith(".claim", StringComparison.Ordinal), $"unexpected file {relative}");
                leftovers++;
            }
            else if (relative.StartsWith("objects/", StringComparison.Ordinal))
            {
                Assert.Equal(relative.Substring("objects/sha256/".Length).Replace("/", string.Empty), Sha256.OfFile(file));
            }
            else if (relative.StartsWith("records/", StringComparison.Ordinal))
            {
                Assert.Matches("^sha256:[0-9a-f]{64}\n?$", File.ReadAllText(file));
            }
            else
            {
                using var entry = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(file));
            }
        }

        return leftovers;
    }

    /// <summary>What a reader of the store sees: every record's and every stream entry's bytes.</summary>
    private static string Snapshot(string backend, string location)
    {
        if (backend == "file")
        {
            return File.ReadAllText(location);
        }

        IReleaseStore store = Open(location);
        var text = new StringBuilder();
        foreach (string key in store.ListRecords(string.Empty))
        {
            text.Append(key).Append(": ").AppendLine(Encoding.UTF8.GetString(store.ReadRecord(key)!.Content));
        }

        foreach (string stream in store.ListStreams())
        {
            foreach (StreamEntry entry in store.ReadStream(stream))
            {
                text.Append(stream).Append('#').Append(entry.Sequence).Append(": ").AppendLine(Encoding.UTF8.GetString(entry.Content));
            }
        }

        return text.ToString();
    }

    /// <summary>The store's files under their final names and their bytes; writers' temporary files and claims are not the store's content.</summary>
    private static string[] Files(string root) => Directory.GetFiles(root, "*", SearchOption.AllDirectories)
        .Where(f => !Path.GetFileName(f).StartsWith('.'))
        .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/') + " " + Sha256.OfFile(f))
        .OrderBy(f => f, StringComparer.Ordinal)
        .ToArray();

    private static IReleaseStore Open(string location) =>
        ReleaseStoreFactory.Open(location, Path.GetDirectoryName(location.StartsWith("git:", StringComparison.Ordinal) ? location.Substring(4) : location)!);

    private static void Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process git = Process.Start(start)!;
        git.StandardOutput.ReadToEnd();
        string error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(" ", arguments)}: {error}");
    }
}
