using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Governance.Sdk.Tests.Infrastructure;

/// <summary>How a repository adopts the SDK (contract section 2).</summary>
public enum Adoption
{
    /// <summary><c>Import Sdk="Governance.Sdk"</c> in Directory.Build.props and Directory.Build.targets.</summary>
    RepositoryWide,

    /// <summary><c>&lt;Sdk Name="Governance.Sdk" /&gt;</c> inside each project.</summary>
    SdkElement,
}

/// <summary>
/// A brand-new product repository that adopts Governance.Sdk from the test feed: global.json,
/// nuget.config with only the local feed, class library projects, a classic .sln, and git.
/// This is the small fixture builder the tests need (MSBuild.ProjectCreation is not served here).
/// </summary>
public sealed class TestRepository
{
    private readonly SdkPackage sdk;
    private readonly Adoption adoption;
    private readonly List<string> projects = new();

    /// <param name="sdk">The packed SDK.</param>
    /// <param name="name">The repository (and solution) name.</param>
    /// <param name="adoption">How the repository adopts the SDK.</param>
    /// <param name="machineSources">
    /// Keep the machine's NuGet sources beside the test feed, for a repository that needs a package
    /// the SDK install lacks (a targeting pack); by default only the test feed is used.
    /// </param>
    /// <param name="extraFeeds">More local folder feeds, such as the machine's package folder (<see cref="MachinePackageFolder"/>).</param>
    public TestRepository(SdkPackage sdk, string name, Adoption adoption = Adoption.RepositoryWide, bool machineSources = false, params string[] extraFeeds)
    {
        this.sdk = sdk;
        this.adoption = adoption;
        Name = name;
        Root = System.IO.Path.Combine(sdk.Root, "repos", name + "-" + System.Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(Root);
        Write("global.json", $"{{ \"msbuild-sdks\": {{ \"Governance.Sdk\": \"{sdk.Version}\" }} }}\n");
        Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                {(machineSources ? string.Empty : "<clear />")}
                <add key="governance-test-feed" value="{sdk.Feed}" />{string.Concat(extraFeeds.Select((feed, i) => $"\n    <add key=\"local-{i}\" value=\"{feed}\" />"))}
              </packageSources>
            </configuration>
            """);
        if (adoption == Adoption.RepositoryWide)
        {
            Write("Directory.Build.props", "<Project>\n  <Import Project=\"Sdk.props\" Sdk=\"Governance.Sdk\" />\n</Project>\n");
            Write("Directory.Build.targets", "<Project>\n  <Import Project=\"Sdk.targets\" Sdk=\"Governance.Sdk\" />\n</Project>\n");
        }
    }

    /// <summary>
    /// The machine's offline package folder (a local folder feed): it holds the packages the
    /// end-to-end tests reference. GOVERNANCE_TESTS_PACKAGE_FOLDER overrides where it is.
    /// </summary>
    public static string MachinePackageFolder
    {
        get
        {
            string folder = Environment.GetEnvironmentVariable("GOVERNANCE_TESTS_PACKAGE_FOLDER") is { Length: > 0 } configured ? configured : "/opt/nuget/packages";
            Assert.True(Directory.Exists(folder), $"The machine's package folder {folder} does not exist; set GOVERNANCE_TESTS_PACKAGE_FOLDER to a folder feed that holds Newtonsoft.Json 13.0.3.");
            return folder;
        }
    }

    public string Name { get; }

    public string Root { get; }

    /// <summary>The governance root: the repository root unless a test says otherwise.</summary>
    public string GovernanceRoot { get; set; } = string.Empty;

    public string ArtifactsDirectory => System.IO.Path.Combine(GovernanceRoot.Length == 0 ? Root : GovernanceRoot, "artifacts", "governance");

    public string ReportFile => System.IO.Path.Combine(ArtifactsDirectory, "release_readiness_gate_report.json");

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public string Write(string relative, string content)
    {
        string full = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content.Replace("\r\n", "\n"), new UTF8Encoding(false));
        return full;
    }

    /// <summary>Adds a net10.0 class library at src/NAME/NAME.csproj.</summary>
    public TestRepository AddProject(string name, string properties = "", params string[] references)
    {
        string targetFramework = properties.Contains("<TargetFrameworks>", StringComparison.Ordinal) ? string.Empty : "\n    <TargetFramework>net10.0</TargetFramework>";
        string sdkElement = adoption == Adoption.SdkElement ? "\n  <Sdk Name=\"Governance.Sdk\" />" : string.Empty;
        string referenceItems = references.Length == 0
            ? string.Empty
            : "\n  <ItemGroup>\n" + string.Concat(references.Select(r => $"    <ProjectReference Include=\"..\\{r}\\{r}.csproj\" />\n")) + "  </ItemGroup>";
        Write($"src/{name}/{name}.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">{sdkElement}
              <PropertyGroup>{targetFramework}
                <Version>1.2.0</Version>
                <Nullable>enable</Nullable>{properties}
              </PropertyGroup>{referenceItems}
            </Project>
            """);
        Write($"src/{name}/Api.cs", $"namespace {name};\n\npublic static class Api\n{{\n    public static int Answer() => 42;\n}}\n");
        projects.Add(name);
        return this;
    }

    /// <summary>Writes NAME.sln (classic format) listing every project added so far.</summary>
    public TestRepository WriteSolution()
    {
        var text = new StringBuilder();
        text.Append("\nMicrosoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\nVisualStudioVersion = 17.0.31903.59\nMinimumVisualStudioVersion = 10.0.40219.1\n");
        foreach (string project in projects)
        {
            text.Append($"Project(\"{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}\") = \"{project}\", \"src\\{project}\\{project}.csproj\", \"{Guid(project)}\"\nEndProject\n");
        }

        text.Append("Global\n\tGlobalSection(SolutionConfigurationPlatforms) = preSolution\n\t\tDebug|Any CPU = Debug|Any CPU\n\t\tRelease|Any CPU = Release|Any CPU\n\tEndGlobalSection\n");
        text.Append("\tGlobalSection(ProjectConfigurationPlatforms) = postSolution\n");
        foreach (string project in projects)
        {
            foreach (string configuration in new[] { "Debug", "Release" })
            {
                text.Append($"\t\t{Guid(project)}.{configuration}|Any CPU.ActiveCfg = {configuration}|Any CPU\n");
                text.Append($"\t\t{Guid(project)}.{configuration}|Any CPU.Build.0 = {configuration}|Any CPU\n");
            }
        }

        text.Append("\tEndGlobalSection\nEndGlobal\n");
        Write(Name + ".sln", text.ToString());
        return this;
    }

    /// <summary>
    /// A repository made from one of this repository's samples (<paramref name="sample"/>, relative
    /// to the repository root), taking the SDK from the test feed. The feed's path is machine
    /// specific, so nuget.config stays out of git: the same sample gives the same commit id.
    /// </summary>
    public static TestRepository FromSample(SdkPackage sdk, string sample, string name)
    {
        // The samples' test projects restore xUnit from the machine's package folder.
        var repo = new TestRepository(sdk, name, Adoption.SdkElement, extraFeeds: MachinePackageFolder);
        string source = System.IO.Path.Combine(sdk.RepositoryRoot, sample);
        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string relative = System.IO.Path.GetRelativePath(source, file);
            if (relative.Split(System.IO.Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "artifacts" or ".governance") || relative is "global.json" or "nuget.config")
            {
                continue;
            }

            repo.Write(relative, File.ReadAllText(file));
        }

        repo.ignored = "nuget.config\n";
        return repo;
    }

    /// <summary>Lines .gitignore holds besides the build outputs.</summary>
    private string ignored = string.Empty;

    /// <summary>
    /// Initialises git on <paramref name="branch"/> and commits everything; returns the commit id.
    /// With <paramref name="at"/>, the commit's author and committer dates are fixed, so the same
    /// content gives the same commit id on every run.
    /// </summary>
    public string Commit(string branch = "main", System.DateTimeOffset? at = null)
    {
        Write(".gitignore", "bin/\nobj/\nartifacts/\n" + ignored);
        if (!Directory.Exists(Path(".git")))
        {
            DotNet.Git(Root, "init", "-q", "-b", branch);
        }

        Dictionary<string, string>? dates = at is null ? null : new Dictionary<string, string>
        {
            ["GIT_AUTHOR_DATE"] = at.Value.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
            ["GIT_COMMITTER_DATE"] = at.Value.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
        };
        DotNet.Git(Root, dates, "add", "-A");
        DotNet.Git(Root, dates, "commit", "-q", "--allow-empty", "-m", "test");
        return DotNet.Git(Root, "rev-parse", "HEAD").Output.Trim();
    }

    public ProcessResult Build(params string[] arguments) => Build(null, arguments);

    public ProcessResult Build(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        DotNet.Run(Root, sdk.NuGetPackages, environment, new[] { "build", "-nr:false", "-tl:off" }.Concat(arguments).ToArray());

    public JsonDocument ReadReport() => JsonDocument.Parse(File.ReadAllBytes(ReportFile));

    private static string Guid(string name)
    {
        byte[] hash = MD5.HashData(Encoding.UTF8.GetBytes(name));
        return "{" + new System.Guid(hash).ToString().ToUpperInvariant() + "}";
    }
}

/// <summary>Assertions on build output.</summary>
public static class BuildAssert
{
    private static readonly Regex StackTrace = new(@"^\s+at [A-Za-z_.]+\(|Unhandled exception|System\.[A-Za-z.]*Exception:", RegexOptions.Multiline);

    public static void Succeeded(ProcessResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    public static void Failed(ProcessResult result) => Assert.True(result.ExitCode != 0, "expected the build to fail: " + result);

    public static void NoStackTrace(ProcessResult result) => Assert.False(StackTrace.IsMatch(result.Output), "a stack trace reached the user: " + result);

    /// <summary>
    /// Counts lines containing <paramref name="text"/> as logged during the build, leaving out the
    /// warning and error summary the console logger repeats at the end.
    /// </summary>
    public static int Lines(ProcessResult result, string text) =>
        result.Output.Split('\n')
            .TakeWhile(line => !line.StartsWith("Build succeeded", StringComparison.Ordinal) && !line.StartsWith("Build FAILED", StringComparison.Ordinal))
            .Count(line => line.Contains(text, StringComparison.Ordinal));
}
