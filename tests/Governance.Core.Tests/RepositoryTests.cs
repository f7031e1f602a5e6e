using System.IO;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.IO;

namespace Governance.Core.Tests;

/// <summary>Checks that span the repository: docs for every code, atomic writes, relative paths.</summary>
public class RepositoryTests
{
    private static string RepoRoot()
    {
        for (DirectoryInfo? d = new(System.AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Governance.Sdk.sln")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException("Governance.Sdk.sln not found above the test output");
    }

    [Fact]
    public void Every_diagnostic_code_has_a_help_page_that_names_it()
    {
        string root = RepoRoot();
        foreach (DiagnosticDescriptor descriptor in Gov.All)
        {
            string page = Path.Combine(root, "docs", descriptor.HelpPage);
            Assert.True(File.Exists(page), $"{descriptor.Code} has no help page at docs/{descriptor.HelpPage}");
            string text = File.ReadAllText(page);
            Assert.StartsWith("# " + descriptor.Code, text);
            Assert.Contains("## What to do", text);
        }
    }

    [Fact]
    public void Codes_are_unique_and_well_formed()
    {
        Assert.Equal(Gov.All.Count, Gov.All.Select(d => d.Code).Distinct().Count());
        Assert.All(Gov.All, d => Assert.Matches("^GOV[0-8][0-9]{3}$", d.Code));
        Assert.All(Gov.All, d => Assert.Equal(d.Code.StartsWith("GOV1"), d.IsConfigurationError));
    }

    [Fact]
    public void Atomic_writes_replace_content_and_leave_no_temporary_files()
    {
        using var dir = new TempDirectory();
        string target = dir.Combine("out/report.json");

        AtomicFile.WriteAllText(target, "first");
        AtomicFile.WriteAllText(target, "second");

        Assert.Equal("second", File.ReadAllText(target));
        Assert.Equal(new[] { target }, Directory.GetFiles(dir.Combine("out")));
    }

    [Theory]
    [InlineData("/r/a", "/r/a/b/c.txt", "b/c.txt")]
    [InlineData("/r/a/", "/r/a", ".")]
    [InlineData("/r/a", "/r/b/c.txt", "../b/c.txt")]
    public void Relative_paths_use_forward_slashes(string root, string path, string expected)
    {
        Assert.Equal(expected, RepoPath.Relative(root, path));
    }
}
