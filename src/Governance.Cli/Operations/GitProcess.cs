using System.Diagnostics;

namespace Governance.Cli.Operations;

/// <summary>The git questions the operator commands ask of the checkout they run in (never of a store: that is the git backend's).</summary>
internal static class GitProcess
{
    /// <summary>Runs git in <paramref name="directory"/>: its exit code and output; -1 when git is not installed (the callers then find no repository and no branch).</summary>
    public static (int ExitCode, string Output) Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process git = Process.Start(start)!;
            string output = git.StandardOutput.ReadToEnd();
            git.StandardError.ReadToEnd();
            git.WaitForExit();
            return (git.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, string.Empty);
        }
    }
}
