namespace Governance.Cli.Operations;

/// <summary>The root of the git work tree a folder is in (where checks run by default), or the folder itself outside one.</summary>
internal static class RepositoryRoot
{
    public static string Of(string directory)
    {
        (int exitCode, string output) = GitProcess.Run(directory, "rev-parse", "--show-toplevel");
        return exitCode == 0 && output.Trim().Length > 0 ? System.IO.Path.GetFullPath(output.Trim()) : directory;
    }
}
