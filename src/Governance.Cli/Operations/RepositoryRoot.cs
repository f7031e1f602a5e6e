using System.Diagnostics;

namespace Governance.Cli.Operations;

/// <summary>The root of the git work tree a folder is in (where checks run by default), or the folder itself outside one.</summary>
internal static class RepositoryRoot
{
    public static string Of(string directory)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("rev-parse");
        start.ArgumentList.Add("--show-toplevel");
        try
        {
            using Process git = Process.Start(start)!;
            string output = git.StandardOutput.ReadToEnd().Trim();
            git.StandardError.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 && output.Length > 0 ? System.IO.Path.GetFullPath(output) : directory;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return directory;
        }
    }
}
