using System;
using System.Diagnostics;
using System.Text;
using System.Threading;

namespace Governance.Sdk.Tests.Infrastructure;

/// <summary>
/// Runs a program in a process group of its own (through <c>setsid</c>) and kills the whole group
/// with SIGKILL at a given moment: the build's MSBuild nodes and compiler die with it, as when a CI
/// job is cancelled or its machine goes away. Unix only, like the kill tests that use it.
/// </summary>
public static class ProcessGroup
{
    /// <summary>
    /// Starts <paramref name="start"/>, kills its group after <paramref name="delay"/> unless it ended
    /// first, and waits until no process of the group is left. Returns whether it was killed, the
    /// exit code and what it printed.
    /// </summary>
    public static (bool Killed, int ExitCode, string Output) RunAndKillAfter(ProcessStartInfo start, TimeSpan delay)
    {
        var grouped = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = start.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        grouped.Environment.Clear();
        foreach (System.Collections.Generic.KeyValuePair<string, string?> variable in start.Environment)
        {
            grouped.Environment[variable.Key] = variable.Value;
        }

        // Started by this (non-leader) process, setsid makes itself the group leader without forking,
        // so the child's pid is the group id.
        grouped.ArgumentList.Add(start.FileName);
        foreach (string argument in start.ArgumentList)
        {
            grouped.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = grouped };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        bool killed = false;
        if (!process.WaitForExit((int)delay.TotalMilliseconds))
        {
            killed = true;
            Signal(process.Id);
        }

        if (!process.WaitForExit(120_000))
        {
            throw new TimeoutException($"{start.FileName} did not end within 2 minutes{(killed ? " of SIGKILL" : string.Empty)}.");
        }

        process.WaitForExit();

        // The leader's death is not the group's: wait for its last member (an MSBuild node, the compiler).
        var gone = Stopwatch.StartNew();
        while (GroupExists(process.Id))
        {
            if (killed)
            {
                Signal(process.Id);
            }

            if (gone.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException($"The process group {process.Id} outlived its leader by a minute.");
            }

            Thread.Sleep(50);
        }

        lock (output)
        {
            return (killed, process.ExitCode, output.ToString());
        }
    }

    /// <summary>
    /// Whether a live process of the group is left, from /proc: a zombie (dead, not yet reaped by
    /// whatever adopted it, which in a container may never happen) no longer writes anything.
    /// </summary>
    private static bool GroupExists(int group)
    {
        foreach (string directory in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            string stat;
            try
            {
                stat = System.IO.File.ReadAllText(System.IO.Path.Combine(directory, "stat"));
            }
            catch (Exception ex) when (ex is System.IO.IOException or UnauthorizedAccessException)
            {
                continue;   // not a process, or it ended while listing
            }

            // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so read after the last ')'.
            string[] fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            if (fields.Length > 2 && fields[0] != "Z" && fields[2] == group.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return true;
            }
        }

        return false;
    }

    private static void Signal(int group)
    {
        var start = new ProcessStartInfo("kill") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-KILL");
        start.ArgumentList.Add("--");
        start.ArgumentList.Add("-" + group.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using Process kill = Process.Start(start)!;
        kill.StandardOutput.ReadToEnd();
        kill.StandardError.ReadToEnd();
        kill.WaitForExit();
    }
}
