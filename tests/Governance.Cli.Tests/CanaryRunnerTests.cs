using System;
using System.Collections;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Governance.Cli.Publishing;
using NuGet.Packaging.Core;
using NuGet.Versioning;

namespace Governance.Cli.Tests;

/// <summary>The canary runner with real processes (POSIX shell commands; the CI machines are Linux).</summary>
public sealed class CanaryRunnerTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_check_that_exits_0_passes_and_its_output_is_kept()
    {
        CanaryCheckResult result = await Runner().RunAsync(Check("echo smoke ok; echo on stderr >&2"), Context());

        Assert.Equal(CanaryCheckStatus.Passed, result.Status);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("smoke ok", result.OutputTail, StringComparison.Ordinal);
        Assert.Contains("on stderr", result.OutputTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_check_reports_its_exit_code_and_the_tail_of_its_output()
    {
        CanaryReport report = await Runner().RunAsync(new[]
        {
            Check("i=0; while [ $i -lt 500 ]; do echo line $i; i=$((i+1)); done; exit 3"),
            Check("true"),
        }, Context());

        Assert.False(report.Passed);
        CanaryCheckResult failed = report.Checks[0];
        Assert.Equal(CanaryCheckStatus.Failed, failed.Status);
        Assert.Equal(3, failed.ExitCode);
        Assert.Contains("exit code 3", failed.Message, StringComparison.Ordinal);
        Assert.EndsWith("line 499", failed.OutputTail, StringComparison.Ordinal);
        Assert.Equal(CanaryRunner.TailLines, failed.OutputTail.Split('\n').Length);
        Assert.True(report.Checks[1].Passed);
    }

    [Fact]
    public async Task A_check_past_its_timeout_is_killed_with_its_whole_process_tree()
    {
        string pidFile = temp.Combine("child.pid");
        var clock = Stopwatch.StartNew();

        CanaryCheckResult result = await Runner().RunAsync(Check($"sleep 120 & echo $! > '{pidFile}'; echo started; sleep 120", timeoutSeconds: 2), Context());

        Assert.Equal(CanaryCheckStatus.TimedOut, result.Status);
        Assert.Null(result.ExitCode);
        Assert.Contains("started", result.OutputTail, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        int child = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(IsRunning(child), $"the check's background child {child} survived the timeout");
    }

    [Fact]
    public async Task A_check_sees_only_the_basics_what_it_lists_and_the_release_never_keys()
    {
        var ours = new Hashtable
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH"),
            ["HOME"] = "/home/ci",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["UNLISTED_SECRET"] = "s3cret-unlisted",
            ["PROD_FEED_KEY"] = "s3cret-feed",
            ["NUGET_PROD_KEY"] = "s3cret-nuget-prefixed",
            ["GOVERNANCE_PREVIEW_SIGNING_KEY"] = "s3cret-signing",
            ["GOVERNANCE_STORE"] = "git:origin",
            ["SMOKE_URL"] = "http://localhost:5000",
        };
        var context = Context() with { SecretVariables = new[] { "PROD_FEED_KEY", "NUGET_PROD_KEY" } };

        CanaryCheckResult result = await new CanaryRunner(() => ours).RunAsync(Check("env | sort", environment: new[] { "SMOKE_URL" }), context);

        Assert.True(result.Passed, result.Message);
        Assert.DoesNotContain("s3cret", result.OutputTail, StringComparison.Ordinal);
        Assert.DoesNotContain("GOVERNANCE_STORE", result.OutputTail, StringComparison.Ordinal);
        Assert.Contains("SMOKE_URL=http://localhost:5000", result.OutputTail, StringComparison.Ordinal);
        Assert.Contains("HOME=/home/ci", result.OutputTail, StringComparison.Ordinal);
        Assert.Contains("DOTNET_CLI_TELEMETRY_OPTOUT=1", result.OutputTail, StringComparison.Ordinal);
        Assert.Contains("GOVERNANCE_ENVIRONMENT=staging", result.OutputTail, StringComparison.Ordinal);
        Assert.Contains("GOVERNANCE_PACKAGE_ID=Acme.Lib", result.OutputTail, StringComparison.Ordinal);
        Assert.Contains("GOVERNANCE_PACKAGE_VERSION=1.2.0", result.OutputTail, StringComparison.Ordinal);
        Assert.Contains("GOVERNANCE_PACKAGES=Acme.Lib/1.2.0", result.OutputTail, StringComparison.Ordinal);
        Assert.Contains("GOVERNANCE_FEED=" + temp.Combine("feed"), result.OutputTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_that_prints_a_secret_variable_sees_nothing()
    {
        Environment.SetEnvironmentVariable("GOV_CLI_TEST_SECRET", "do-not-leak");
        try
        {
            CanaryCheckResult result = await new CanaryRunner().RunAsync(Check("echo \"[$GOV_CLI_TEST_SECRET]\""), Context());

            Assert.True(result.Passed, result.Message);
            Assert.Equal("[]", result.OutputTail);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GOV_CLI_TEST_SECRET", null);
        }
    }

    [Fact]
    public async Task A_check_does_not_see_a_nuget_or_dotnet_credential_by_prefix_unless_it_lists_it()
    {
        var ours = new Hashtable
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH"),
            ["NUGET_AUTH_TOKEN"] = "s3cret-setup-dotnet-token",
            ["NUGET_API_KEY"] = "s3cret-api-key",
            ["DOTNET_FEED_PASSWORD"] = "s3cret-password",
            ["NUGET_PACKAGES"] = "/home/ci/.nuget/packages",
            ["NUGET_CREDENTIALPROVIDER_SESSIONTOKENCACHE_ENABLED"] = "true",
        };

        CanaryCheckResult unlisted = await new CanaryRunner(() => ours).RunAsync(Check("env | sort"), Context());
        CanaryCheckResult listed = await new CanaryRunner(() => ours).RunAsync(Check("env | sort", environment: new[] { "NUGET_AUTH_TOKEN" }), Context());

        Assert.True(unlisted.Passed, unlisted.Message);
        Assert.DoesNotContain("s3cret", unlisted.OutputTail, StringComparison.Ordinal);
        Assert.Contains("NUGET_PACKAGES=/home/ci/.nuget/packages", unlisted.OutputTail, StringComparison.Ordinal);
        Assert.Contains("NUGET_CREDENTIALPROVIDER_SESSIONTOKENCACHE_ENABLED=true", unlisted.OutputTail, StringComparison.Ordinal);
        Assert.True(listed.Passed, listed.Message);
        Assert.Contains("NUGET_AUTH_TOKEN=s3cret-setup-dotnet-token", listed.OutputTail, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-api-key", listed.OutputTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_that_lists_a_feed_key_does_not_run()
    {
        var context = Context() with { SecretVariables = new[] { "PROD_FEED_KEY" } };

        CanaryCheckResult result = await Runner().RunAsync(Check("touch ran", environment: new[] { "PROD_FEED_KEY" }), context);

        Assert.Equal(CanaryCheckStatus.NotStarted, result.Status);
        Assert.Contains("PROD_FEED_KEY", result.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.Combine("ran")));
    }

    [Fact]
    public async Task The_working_directory_is_relative_to_the_repository_root_and_must_exist()
    {
        Directory.CreateDirectory(temp.Combine("tests/Smoke"));

        CanaryCheckResult inFolder = await Runner().RunAsync(Check("pwd", workingDirectory: "tests/Smoke"), Context());
        CanaryCheckResult missing = await Runner().RunAsync(Check("pwd", workingDirectory: "tests/Gone"), Context());

        Assert.Equal(temp.Combine("tests/Smoke"), inFolder.OutputTail);
        Assert.Equal(CanaryCheckStatus.NotStarted, missing.Status);
        Assert.Contains(temp.Combine("tests/Gone"), missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_gets_no_standard_input()
    {
        CanaryCheckResult result = await Runner().RunAsync(Check("read answer; echo \"got [$answer]\"", timeoutSeconds: 20), Context());

        Assert.Contains("got []", result.OutputTail, StringComparison.Ordinal);
    }

    private static CanaryRunner Runner() => new();

    private static CanaryCheck Check(string command, int? timeoutSeconds = 60, string? workingDirectory = null, string[]? environment = null) =>
        new(command, timeoutSeconds, workingDirectory, environment ?? Array.Empty<string>());

    private CanaryContext Context() =>
        new("staging", new[] { new PackageIdentity("Acme.Lib", NuGetVersion.Parse("1.2.0")) }, temp.Combine("feed"), temp.Path, Array.Empty<string>());

    /// <summary>Alive and not a zombie waiting for a parent that will never reap it.</summary>
    private static bool IsRunning(int pid)
    {
        string stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        string text = File.ReadAllText(stat);
        return text[(text.LastIndexOf(')') + 2)] != 'Z';
    }
}
