using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace Governance.Core.Tests.Store;

/// <summary>Runs the Governance.StoreWriter helper as its own process: a second writer, as another CI job would be.</summary>
public static class StoreWriterProcess
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static Process Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="Start(string[])"/>, with variables set (a fault point, for the durability tests).</summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        string helper = Path.Combine(GoldenGateTests.RepositoryRoot(), "tests", "Governance.StoreWriter", "bin", Configuration, "net10.0", "Governance.StoreWriter.dll");
        Assert.True(File.Exists(helper), $"{helper} is missing: build the solution first.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };

        // A git: store keeps a cache per machine: each writer gets its own, as another CI job would.
        start.Environment["GOVERNANCE_STORE_CACHE"] = Path.Combine(Path.GetTempPath(), "gov-writer-cache-" + Guid.NewGuid().ToString("N"));
        foreach (KeyValuePair<string, string> variable in environment)
        {
            start.Environment[variable.Key] = variable.Value;
        }

        start.ArgumentList.Add(helper);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    /// <summary>Waits for the process; returns what it printed, failing the test if it did not succeed.</summary>
    public static string Finish(Process process)
    {
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit((int)TimeSpan.FromMinutes(2).TotalMilliseconds), "the store writer did not finish within 2 minutes");
        Assert.True(process.ExitCode == 0, $"the store writer exited {process.ExitCode}: {error}");
        string cache = process.StartInfo.Environment["GOVERNANCE_STORE_CACHE"]!;
        if (Directory.Exists(cache))
        {
            Directory.Delete(cache, recursive: true);
        }

        return output;
    }
}
