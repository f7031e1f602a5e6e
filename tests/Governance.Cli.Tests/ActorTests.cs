using System;
using System.Collections.Generic;
using Governance.Cli.Operations;
using Governance.Core.Diagnostics;

namespace Governance.Cli.Tests;

/// <summary>Who a promotion, approval or rollback is recorded as: the CI actor first, and --by may only repeat it.</summary>
public class ActorTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables)
    {
        var table = new Dictionary<string, string>();
        foreach ((string name, string value) in variables)
        {
            table[name] = value;
        }

        return name => table.TryGetValue(name, out string? value) ? value : null;
    }

    [Theory]
    [InlineData("GITHUB_ACTOR")]
    [InlineData("BUILD_REQUESTEDFOR")]
    [InlineData("GITLAB_USER_LOGIN")]
    public void In_CI_the_CI_actor_is_recorded(string variable)
    {
        Assert.Equal("octo-cat", Actor.Resolve(null, Environment((variable, "octo-cat")), out Diagnostic? problem));
        Assert.Null(problem);
    }

    [Fact]
    public void By_may_repeat_the_CI_actor_as_the_identity_rules_compare_names()
    {
        Assert.Equal("Octo-Cat", Actor.Resolve("ｏｃｔｏ-\u200Bcat", Environment(("GITHUB_ACTOR", "Octo-Cat")), out Diagnostic? problem));
        Assert.Null(problem);
    }

    [Fact]
    public void By_naming_someone_else_in_CI_is_a_usage_error()
    {
        Assert.Null(Actor.Resolve("lead-b", Environment(("GITHUB_ACTOR", "release-bot")), out Diagnostic? problem));
        Assert.Equal(Gov.InvalidSetting, problem!.Descriptor);
        Assert.Contains("this job runs for release-bot (GITHUB_ACTOR)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_CI_by_is_recorded_and_else_the_OS_user()
    {
        Assert.Equal("lead-b", Actor.Resolve("lead-b", Environment(), out _));
        Assert.Equal(System.Environment.UserName, Actor.Resolve(null, Environment(), out _));
    }

    [Fact]
    public void A_name_without_a_visible_letter_is_refused()
    {
        Assert.Null(Actor.Resolve("\u200B\u00AD", Environment(), out Diagnostic? problem));
        Assert.Contains("--by", problem!.Message, StringComparison.Ordinal);
    }
}
