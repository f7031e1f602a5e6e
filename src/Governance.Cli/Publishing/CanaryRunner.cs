using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Governance.Core.Diagnostics;

namespace Governance.Cli.Publishing;

/// <summary>
/// Runs an environment's canary checks after its release is published: each check in the
/// policy's order, every one of them (the report shows all failures, not just the first), with a
/// cleaned environment (<see cref="CanaryEnvironment"/>), no standard input, its output captured
/// (the tail kept for the report), and its whole process tree killed when it outlives its timeout.
/// A check passes on exit code 0. The runner never throws for a check's failure: it reports it.
/// </summary>
public sealed class CanaryRunner
{
    /// <summary>Lines of output kept per check for the report.</summary>
    public const int TailLines = 50;

    /// <summary>How long to wait for output still in the pipes once the check has exited or been killed.</summary>
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(5);

    private readonly Func<IDictionary> environment;

    /// <param name="environment">Our own environment (default: the process's), which checks see only the permitted part of.</param>
    public CanaryRunner(Func<IDictionary>? environment = null) => this.environment = environment ?? Environment.GetEnvironmentVariables;

    /// <summary>Runs every check in order.</summary>
    public async Task<CanaryReport> RunAsync(IEnumerable<CanaryCheck> checks, CanaryContext context, CancellationToken cancellationToken = default)
    {
        var results = new List<CanaryCheckResult>();
        foreach (CanaryCheck check in checks)
        {
            results.Add(await RunAsync(check, context, cancellationToken).ConfigureAwait(false));
        }

        return new CanaryReport(results);
    }

    /// <summary>Runs one check.</summary>
    public async Task<CanaryCheckResult> RunAsync(CanaryCheck check, CanaryContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> secrets = CanaryEnvironment.ListedSecrets(check, context);
        if (secrets.Count > 0)
        {
            return NotStarted(check, $"the check lists {string.Join(", ", secrets)} in its environment, which hold{(secrets.Count == 1 ? "s" : string.Empty)} a feed or signing key; checks never see those. Remove {(secrets.Count == 1 ? "it" : "them")} from the check's environment in the policy.");
        }

        string workingDirectory = Path.GetFullPath(Path.Combine(context.RepositoryRoot, check.WorkingDirectory ?? "."));
        if (!Directory.Exists(workingDirectory))
        {
            return NotStarted(check, $"its working directory {workingDirectory} does not exist. Fix workingDirectory in the policy (it is relative to the repository root).");
        }

        int timeoutSeconds = check.TimeoutSeconds is > 0 ? check.TimeoutSeconds.Value : CanaryCheck.DefaultTimeoutSeconds;
        ProcessStartInfo start = StartInfo(check.Command, workingDirectory);
        start.Environment.Clear();
        foreach (KeyValuePair<string, string> variable in CanaryEnvironment.For(check, context, environment()))
        {
            start.Environment[variable.Key] = variable.Value;
        }

        var tail = new OutputTail(TailLines);
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            return NotStarted(check, $"the shell ({start.FileName}) could not be started ({ex.Message}).");
        }

        // No input: a check that prompts fails instead of waiting for its timeout.
        process.StandardInput.Close();
        Task stdout = PumpAsync(process.StandardOutput, tail);
        Task stderr = PumpAsync(process.StandardError, tail);

        bool timedOut = false;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                timedOut = !cancellationToken.IsCancellationRequested;
                KillTree(process);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        // Output still in the pipes; a background process the check left behind may hold them
        // open forever, so the wait is bounded.
        await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(DrainGrace, CancellationToken.None)).ConfigureAwait(false);
        clock.Stop();
        cancellationToken.ThrowIfCancellationRequested();

        if (timedOut)
        {
            return new CanaryCheckResult(check, CanaryCheckStatus.TimedOut, null, clock.Elapsed, tail.ToString(),
                $"timed out after {timeoutSeconds} s; its process tree was killed. Make it faster or raise timeoutSeconds in the policy.");
        }

        int exitCode = process.ExitCode;
        return exitCode == 0
            ? new CanaryCheckResult(check, CanaryCheckStatus.Passed, 0, clock.Elapsed, tail.ToString(), $"passed in {Seconds(clock.Elapsed)} s.")
            : new CanaryCheckResult(check, CanaryCheckStatus.Failed, exitCode, clock.Elapsed, tail.ToString(),
                $"failed with exit code {exitCode.ToString(CultureInfo.InvariantCulture)} after {Seconds(clock.Elapsed)} s; the end of its output is in the report.");
    }

    private static ProcessStartInfo StartInfo(string command, string workingDirectory)
    {
        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
            CreateNoWindow = true,
        };
        if (OperatingSystem.IsWindows())
        {
            // cmd /s /c "<command>": cmd strips the outer quotes and runs the rest as typed.
            start.FileName = "cmd.exe";
            start.Arguments = $"/d /s /c \"{command}\"";
        }
        else
        {
            start.FileName = "/bin/sh";
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(command);
        }

        return start;
    }

    private static async Task PumpAsync(StreamReader reader, OutputTail tail)
    {
        char[] buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory()).ConfigureAwait(false)) > 0)
        {
            tail.Append(buffer.AsSpan(0, read));
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own in the meantime.
        }
        catch (Win32Exception)
        {
            // Part of the tree was already gone or not ours to kill; the rest was killed.
        }
    }

    private static CanaryCheckResult NotStarted(CanaryCheck check, string why) =>
        new(check, CanaryCheckStatus.NotStarted, null, TimeSpan.Zero, string.Empty, MessageText.Escape("did not run: " + why));

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}
