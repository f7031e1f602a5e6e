using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace Governance.Sdk.Tests.Infrastructure;

/// <summary>The outcome of one process run: exit code and the interleaved stdout/stderr.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string Output)
{
    public override string ToString() => $"`{Command}` exited {ExitCode}:{Environment.NewLine}{Output}";
}

/// <summary>
/// Runs dotnet and git as a user's CI would, with an environment scrubbed of everything that
/// would make a test depend on where it runs: the test host's MSBuild variables, CI variables
/// (GitHub, Azure Pipelines, GitLab), SOURCE_DATE_EPOCH and Governance* overrides.
/// </summary>
public static class DotNet
{
    private static readonly string[] ScrubbedPrefixes =
    {
        "MSBUILD", "VSTEST", "GITHUB_", "TF_BUILD", "BUILD_", "SYSTEM_", "GITLAB_CI", "CI_", "GOVERNANCE", "NUGET_", "SOURCE_DATE_EPOCH", "DOTNET_HOST_PATH",
    };

    public static ProcessResult Run(string workingDirectory, string nugetPackages, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Run("dotnet", workingDirectory, nugetPackages, environment, arguments);

    /// <summary>Runs an installed .NET tool (or any program) with the same scrubbed environment.</summary>
    public static ProcessResult RunExecutable(string executable, string workingDirectory, string nugetPackages, params string[] arguments) =>
        Run(executable, workingDirectory, nugetPackages, null, arguments);

    /// <summary>As <see cref="RunExecutable(string, string, string, string[])"/>, with variables set (credentials, as a CI secret would).</summary>
    public static ProcessResult RunExecutable(string executable, string workingDirectory, string nugetPackages, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Run(executable, workingDirectory, nugetPackages, environment, arguments);

    private static ProcessResult Run(string executable, string workingDirectory, string nugetPackages, IReadOnlyDictionary<string, string>? environment, string[] arguments) =>
        Execute(StartInfo(executable, workingDirectory, nugetPackages, environment, arguments), Path.GetFileName(executable) + " " + string.Join(" ", arguments));

    /// <summary>How <see cref="Run(string, string, string, IReadOnlyDictionary{string, string}?, string[])"/> starts a program: for tests that start it themselves (to kill it).</summary>
    public static ProcessStartInfo StartInfo(string executable, string workingDirectory, string nugetPackages, IReadOnlyDictionary<string, string>? environment, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string name in start.Environment.Keys.ToList())
        {
            if (ScrubbedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["MSBUILDTERMINALLOGGER"] = "off";
        start.Environment["NUGET_PACKAGES"] = nugetPackages;
        if (environment is not null)
        {
            foreach (KeyValuePair<string, string> variable in environment)
            {
                start.Environment[variable.Key] = variable.Value;
            }
        }

        return start;
    }

    public static ProcessResult Git(string workingDirectory, params string[] arguments) => Git(workingDirectory, null, arguments);

    /// <summary>Runs git with extra environment variables (a fixed commit date, for a commit id that is the same on every run).</summary>
    public static ProcessResult Git(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (KeyValuePair<string, string> variable in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable.Key] = variable.Value;
        }

        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("user.email=tests@example.invalid");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("user.name=Governance Tests");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("commit.gpgsign=false");
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        ProcessResult result = Execute(start, "git " + string.Join(" ", arguments));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.ToString());
        }

        return result;
    }

    private static ProcessResult Execute(ProcessStartInfo start, string command)
    {
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)TimeSpan.FromMinutes(5).TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within 5 minutes:{Environment.NewLine}{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new ProcessResult(command, process.ExitCode, output.ToString());
        }
    }
}
