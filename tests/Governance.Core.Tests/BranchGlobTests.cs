using Governance.Core.Evaluation;

namespace Governance.Core.Tests;

public class BranchGlobTests
{
    [Theory]
    [InlineData("main", "main", true)]
    [InlineData("main", "main2", false)]
    [InlineData("main", "Main", false)]
    [InlineData("release/*", "release/1.0", true)]
    [InlineData("release/*", "release/1.0/hotfix", false)]
    [InlineData("release/*", "release", false)]
    [InlineData("release/**", "release/1.0/hotfix", true)]
    [InlineData("v?", "v1", true)]
    [InlineData("v?", "v10", false)]
    [InlineData("feature.x", "featureAx", false)]
    [InlineData("*", "", false)]
    public void Matches_like_git_branch_globs(string pattern, string branch, bool expected)
    {
        Assert.Equal(expected, BranchGlob.IsMatch(pattern, branch));
    }
}
