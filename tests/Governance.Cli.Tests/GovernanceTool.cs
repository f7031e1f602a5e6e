using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace Governance.Cli.Tests;

/// <summary>
/// Runs the governance tool built beside these tests (governance.dll, copied here as a referenced
/// project's output) as its own process: its real argument parsing, exit codes and output streams,
/// in a working directory of the test's choosing, without the console or current directory of the test host.
/// </summary>
internal static class GovernanceTool
{
    public static ToolResult Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotNetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "governance.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("GOVERNANCE_STORE");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"governance {string.Join(" ", arguments)} did not finish in two minutes.");
        }

        return new ToolResult(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    /// <summary>The dotnet host running these tests (the test host runs under it), else the one on PATH.</summary>
    private static string DotNetHost()
    {
        string? current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }
}

internal sealed record ToolResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
