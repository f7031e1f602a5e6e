using System;
using System.IO;

namespace Governance.Core.SourceControl;

/// <summary>The subject of a decision: which branch and commit it is about, and where that came from.</summary>
/// <param name="Branch">The branch name without <c>refs/heads/</c>, or empty when detached or unknown.</param>
/// <param name="Commit">The full commit id, or empty when unknown.</param>
/// <param name="Source">Where the values came from: <c>property</c>, <c>github-actions</c>, <c>azure-pipelines</c>, <c>gitlab</c>, <c>git</c> or <c>none</c>.</param>
public sealed record SourceControlInfo(string Branch, string Commit, string Source)
{
    /// <summary>
    /// Resolves the branch and commit: explicit values first (the <c>GovernanceBranch</c> and
    /// <c>GovernanceCommit</c> properties), then the CI system's variables, then the <c>.git</c>
    /// directory read directly, so no git executable is needed.
    /// </summary>
    public static SourceControlInfo Detect(string startDirectory, Func<string, string?> environment, string? branchOverride = null, string? commitOverride = null) =>
        Detect(startDirectory, environment, branchOverride, commitOverride, GitDirectoryReader.Read);

    /// <summary>As the other overload, asking <paramref name="gitHead"/> what <c>.git</c> says (a replay answers from its recording).</summary>
    public static SourceControlInfo Detect(string startDirectory, Func<string, string?> environment, string? branchOverride, string? commitOverride, Func<string, SourceControlInfo?> gitHead)
    {
        SourceControlInfo detected = FromCi(environment) ?? gitHead(startDirectory) ?? new SourceControlInfo(string.Empty, string.Empty, "none");
        bool hasBranch = !string.IsNullOrWhiteSpace(branchOverride);
        bool hasCommit = !string.IsNullOrWhiteSpace(commitOverride);
        if (!hasBranch && !hasCommit)
        {
            return detected;
        }

        return new SourceControlInfo(
            hasBranch ? StripRefsHeads(branchOverride!.Trim()) : detected.Branch,
            hasCommit ? commitOverride!.Trim() : detected.Commit,
            hasBranch && hasCommit ? "property" : "property+" + detected.Source);
    }

    /// <summary>What <c>.git</c> itself says (HEAD), or null where there is no <c>.git</c> above <paramref name="startDirectory"/>.</summary>
    public static SourceControlInfo? FromGit(string startDirectory) => GitDirectoryReader.Read(startDirectory);

    /// <summary>The root of the git work tree holding <paramref name="startDirectory"/> (the folder with <c>.git</c>), or null.</summary>
    public static string? WorkTreeRoot(string startDirectory) => GitDirectoryReader.WorkTreeRoot(startDirectory);

    /// <summary>Reads the variables of GitHub Actions, Azure Pipelines and GitLab CI, in that order.</summary>
    internal static SourceControlInfo? FromCi(Func<string, string?> environment)
    {
        string Get(string name) => environment(name)?.Trim() ?? string.Empty;

        if (string.Equals(Get("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            // On pull_request events GITHUB_REF is refs/pull/N/merge; the branch being proposed is GITHUB_HEAD_REF.
            string branch = FirstNonEmpty(Get("GITHUB_HEAD_REF"), Get("GITHUB_REF_TYPE") is "branch" or "" ? StripRefsHeads(FirstNonEmpty(Get("GITHUB_REF_NAME"), Get("GITHUB_REF"))) : string.Empty);
            return new SourceControlInfo(branch, Get("GITHUB_SHA"), "github-actions");
        }

        if (string.Equals(Get("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase))
        {
            // BUILD_SOURCEBRANCHNAME keeps only the last segment (release/1.0 -> 1.0), so use the full ref.
            string branch = StripRefsHeads(FirstNonEmpty(Get("SYSTEM_PULLREQUEST_SOURCEBRANCH"), Get("BUILD_SOURCEBRANCH")));
            return new SourceControlInfo(branch, Get("BUILD_SOURCEVERSION"), "azure-pipelines");
        }

        if (string.Equals(Get("GITLAB_CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            string branch = FirstNonEmpty(Get("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"), Get("CI_COMMIT_BRANCH"), Get("CI_COMMIT_TAG") == string.Empty ? Get("CI_COMMIT_REF_NAME") : string.Empty);
            return new SourceControlInfo(branch, Get("CI_COMMIT_SHA"), "gitlab");
        }

        return null;
    }

    internal static string StripRefsHeads(string reference) =>
        reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference.Substring("refs/heads/".Length) : reference;

    private static string FirstNonEmpty(params string[] values)
    {
        foreach (string value in values)
        {
            if (value.Length > 0)
            {
                return value;
            }
        }

        return string.Empty;
    }
}

/// <summary>
/// Reads HEAD, loose refs and packed-refs from a <c>.git</c> directory (or a worktree's
/// <c>.git</c> file), without starting git.
/// </summary>
internal static class GitDirectoryReader
{
    public static SourceControlInfo? Read(string startDirectory)
    {
        string? gitDirectory = FindGitDirectory(startDirectory);
        if (gitDirectory is null)
        {
            return null;
        }

        try
        {
            string commonDirectory = ReadCommonDirectory(gitDirectory);
            string head = File.ReadAllText(Path.Combine(gitDirectory, "HEAD")).Trim();
            if (!head.StartsWith("ref:", StringComparison.Ordinal))
            {
                return new SourceControlInfo(string.Empty, head, "git"); // detached HEAD
            }

            string reference = head.Substring(4).Trim();
            string commit = ResolveReference(gitDirectory, commonDirectory, reference) ?? string.Empty;
            return new SourceControlInfo(SourceControlInfo.StripRefsHeads(reference), commit, "git");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static string? WorkTreeRoot(string startDirectory)
    {
        for (DirectoryInfo? directory = new(Path.GetFullPath(startDirectory)); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, ".git");
            if (Directory.Exists(candidate) || File.Exists(candidate))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    private static string? FindGitDirectory(string startDirectory)
    {
        for (DirectoryInfo? directory = new(Path.GetFullPath(startDirectory)); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, ".git");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            if (File.Exists(candidate))
            {
                // Worktrees and submodules: ".git" is a file holding "gitdir: <path>".
                string content = File.ReadAllText(candidate).Trim();
                if (content.StartsWith("gitdir:", StringComparison.Ordinal))
                {
                    string path = content.Substring("gitdir:".Length).Trim();
                    return Path.GetFullPath(Path.Combine(directory.FullName, path));
                }
            }
        }

        return null;
    }

    private static string ReadCommonDirectory(string gitDirectory)
    {
        string file = Path.Combine(gitDirectory, "commondir");
        return File.Exists(file)
            ? Path.GetFullPath(Path.Combine(gitDirectory, File.ReadAllText(file).Trim()))
            : gitDirectory;
    }

    private static string? ResolveReference(string gitDirectory, string commonDirectory, string reference)
    {
        for (int depth = 0; depth < 10; depth++)
        {
            string? value = ReadLooseReference(gitDirectory, reference) ?? ReadLooseReference(commonDirectory, reference) ?? ReadPackedReference(commonDirectory, reference);
            if (value is null)
            {
                return null; // a branch with no commits yet
            }

            if (!value.StartsWith("ref:", StringComparison.Ordinal))
            {
                return value;
            }

            reference = value.Substring(4).Trim();
        }

        return null;
    }

    private static string? ReadLooseReference(string directory, string reference)
    {
        string path = Path.Combine(directory, reference.Replace('/', Path.DirectorySeparatorChar));
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    private static string? ReadPackedReference(string directory, string reference)
    {
        string path = Path.Combine(directory, "packed-refs");
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (string line in File.ReadAllLines(path))
        {
            if (line.Length == 0 || line[0] is '#' or '^')
            {
                continue;
            }

            int space = line.IndexOf(' ');
            if (space > 0 && string.Equals(line.Substring(space + 1).Trim(), reference, StringComparison.Ordinal))
            {
                return line.Substring(0, space);
            }
        }

        return null;
    }
}
