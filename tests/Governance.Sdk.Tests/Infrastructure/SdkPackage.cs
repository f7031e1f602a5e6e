using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Governance.Sdk.Tests.Infrastructure;

/// <summary>
/// Packs Governance.Sdk from this repository once per test run into a temporary folder feed, with
/// an isolated NuGet package folder, so every test repository resolves the SDK exactly as a user's
/// would: from a feed, by the version in global.json.
/// </summary>
public sealed class SdkPackage : IDisposable
{
    public SdkPackage()
    {
        RepositoryRoot = FindRepositoryRoot();
        Root = Path.Combine(Path.GetTempPath(), "gov-e2e-" + Guid.NewGuid().ToString("N").Substring(0, 12));
        Feed = Path.Combine(Root, "feed");
        NuGetPackages = Path.Combine(Root, "nuget-packages");
        Directory.CreateDirectory(Feed);

        ProcessResult pack = DotNet.Run(RepositoryRoot, NuGetPackages, null,
            "pack", Path.Combine(RepositoryRoot, "src", "Governance.Sdk.Tasks", "Governance.Sdk.Tasks.csproj"),
            "-c", Configuration, "--no-build", "-o", Feed, "-nr:false", "-tl:off");
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException("Packing Governance.Sdk failed: " + pack);
        }

        string package = Directory.GetFiles(Feed, "Governance.Sdk.*.nupkg").Single();
        Version = Path.GetFileNameWithoutExtension(package).Substring("Governance.Sdk.".Length);

        // The governance tool, installed from the same feed as a user's CI installs it.
        ProcessResult packCli = DotNet.Run(RepositoryRoot, NuGetPackages, null,
            "pack", Path.Combine(RepositoryRoot, "src", "Governance.Cli", "Governance.Cli.csproj"),
            "-c", Configuration, "--no-build", "-o", Feed, "-nr:false", "-tl:off");
        if (packCli.ExitCode != 0)
        {
            throw new InvalidOperationException("Packing Governance.Cli failed: " + packCli);
        }

        ToolPath = Path.Combine(Root, "tools");
        ProcessResult install = DotNet.Run(RepositoryRoot, NuGetPackages, null,
            "tool", "install", "Governance.Cli", "--tool-path", ToolPath, "--version", Version, "--add-source", Feed);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException("Installing the governance tool failed: " + install);
        }
    }

    /// <summary>Where the <c>governance</c> tool is installed.</summary>
    public string ToolPath { get; }

    /// <summary>Runs the installed <c>governance</c> tool.</summary>
    public ProcessResult Governance(string workingDirectory, params string[] arguments) =>
        DotNet.RunExecutable(Path.Combine(ToolPath, "governance"), workingDirectory, NuGetPackages, arguments);

    public ProcessResult Governance(IReadOnlyDictionary<string, string>? environment, string workingDirectory, params string[] arguments) =>
        DotNet.RunExecutable(Path.Combine(ToolPath, "governance"), workingDirectory, NuGetPackages, environment, arguments);

    /// <summary>The configuration these tests were built in; the SDK was built beside them (see the csproj).</summary>
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public string RepositoryRoot { get; }

    /// <summary>The temporary folder holding the feed, the package cache and every test repository.</summary>
    public string Root { get; }

    public string Feed { get; }

    public string NuGetPackages { get; }

    public string Version { get; }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("GOVERNANCE_TESTS_KEEP") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Governance.Sdk.sln")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException("Governance.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>End-to-end tests build for real on two cores: they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEnd : ICollectionFixture<SdkPackage>
{
    public const string Name = "End to end";
}
