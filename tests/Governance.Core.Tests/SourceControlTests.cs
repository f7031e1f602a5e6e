using System.Collections.Generic;
using System.IO;
using Governance.Core.SourceControl;

namespace Governance.Core.Tests;

public class SourceControlTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static SourceControlInfo Detect(string directory, Dictionary<string, string> environment, string? branch = null, string? commit = null) =>
        SourceControlInfo.Detect(directory, name => environment.TryGetValue(name, out string? value) ? value : null, branch, commit);

    [Fact]
    public void GitHub_push_uses_the_ref_name_and_sha()
    {
        using var dir = new TempDirectory();
        SourceControlInfo info = Detect(dir.Path, new() { ["GITHUB_ACTIONS"] = "true", ["GITHUB_REF"] = "refs/heads/release/1.0", ["GITHUB_REF_NAME"] = "release/1.0", ["GITHUB_REF_TYPE"] = "branch", ["GITHUB_SHA"] = Sha });

        Assert.Equal(new SourceControlInfo("release/1.0", Sha, "github-actions"), info);
    }

    [Fact]
    public void GitHub_pull_request_uses_the_head_branch_not_the_merge_ref()
    {
        using var dir = new TempDirectory();
        SourceControlInfo info = Detect(dir.Path, new() { ["GITHUB_ACTIONS"] = "true", ["GITHUB_REF"] = "refs/pull/7/merge", ["GITHUB_REF_NAME"] = "7/merge", ["GITHUB_HEAD_REF"] = "feature/x", ["GITHUB_SHA"] = Sha });

        Assert.Equal("feature/x", info.Branch);
    }

    [Fact]
    public void Azure_Pipelines_keeps_the_whole_branch_path()
    {
        using var dir = new TempDirectory();
        SourceControlInfo info = Detect(dir.Path, new() { ["TF_BUILD"] = "True", ["BUILD_SOURCEBRANCH"] = "refs/heads/release/2.0", ["BUILD_SOURCEBRANCHNAME"] = "2.0", ["BUILD_SOURCEVERSION"] = Sha });

        Assert.Equal(new SourceControlInfo("release/2.0", Sha, "azure-pipelines"), info);
    }

    [Fact]
    public void GitLab_uses_the_commit_branch()
    {
        using var dir = new TempDirectory();
        SourceControlInfo info = Detect(dir.Path, new() { ["GITLAB_CI"] = "true", ["CI_COMMIT_BRANCH"] = "main", ["CI_COMMIT_REF_NAME"] = "main", ["CI_COMMIT_SHA"] = Sha });

        Assert.Equal(new SourceControlInfo("main", Sha, "gitlab"), info);
    }

    [Fact]
    public void A_git_directory_with_a_loose_ref_is_read_without_git()
    {
        using var dir = new TempDirectory();
        dir.Write(".git/HEAD", "ref: refs/heads/feature/y\n");
        dir.Write(".git/refs/heads/feature/y", Sha + "\n");
        Directory.CreateDirectory(dir.Combine("src/app"));

        Assert.Equal(new SourceControlInfo("feature/y", Sha, "git"), Detect(dir.Combine("src/app"), new()));
    }

    [Fact]
    public void A_packed_ref_is_found()
    {
        using var dir = new TempDirectory();
        dir.Write(".git/HEAD", "ref: refs/heads/main\n");
        dir.Write(".git/packed-refs", "# pack-refs with: peeled fully-peeled sorted\n" + Sha + " refs/heads/main\n^" + new string('f', 40) + "\n");

        Assert.Equal(new SourceControlInfo("main", Sha, "git"), Detect(dir.Path, new()));
    }

    [Fact]
    public void A_detached_head_has_a_commit_and_no_branch()
    {
        using var dir = new TempDirectory();
        dir.Write(".git/HEAD", Sha + "\n");

        Assert.Equal(new SourceControlInfo(string.Empty, Sha, "git"), Detect(dir.Path, new()));
    }

    [Fact]
    public void A_worktree_git_file_is_followed_to_the_common_directory()
    {
        using var dir = new TempDirectory();
        dir.Write("main/.git/refs/heads/topic", Sha + "\n");
        dir.Write("main/.git/worktrees/wt/HEAD", "ref: refs/heads/topic\n");
        dir.Write("main/.git/worktrees/wt/commondir", "../..\n");
        dir.Write("wt/.git", "gitdir: ../main/.git/worktrees/wt\n");

        Assert.Equal(new SourceControlInfo("topic", Sha, "git"), Detect(dir.Combine("wt"), new()));
    }

    [Fact]
    public void A_repository_without_commits_has_a_branch_and_no_commit()
    {
        using var dir = new TempDirectory();
        dir.Write(".git/HEAD", "ref: refs/heads/main\n");

        Assert.Equal(new SourceControlInfo("main", string.Empty, "git"), Detect(dir.Path, new()));
    }

    [Fact]
    public void Properties_override_detection()
    {
        using var dir = new TempDirectory();
        dir.Write(".git/HEAD", Sha + "\n");

        SourceControlInfo info = Detect(dir.Path, new(), branch: "refs/heads/release/3", commit: "abc");

        Assert.Equal(new SourceControlInfo("release/3", "abc", "property"), info);
    }
}
