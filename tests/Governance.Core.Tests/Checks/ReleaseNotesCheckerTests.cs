using System;
using System.IO;
using System.Linq;
using Governance.Core.Checks;
using Governance.Core.Evaluation;
using Governance.Core.IO;
using Governance.Core.Lineage;
using Governance.Core.Reports;

namespace Governance.Core.Tests.Checks;

/// <summary>Release notes (releaseNotes.required, GOV2501): from PackageReleaseNotes or a '## version' section, on blocking runs.</summary>
public class ReleaseNotesCheckerTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static GateRequest Repository(TempDirectory dir, string policy, string branch = "main", string? releaseNotes = null)
    {
        dir.Write(".git/HEAD", $"ref: refs/heads/{branch}\n");
        dir.Write($".git/refs/heads/{branch}", Sha + "\n");
        string project = dir.Write("src/Core/Core.csproj", "<Project />");
        string assembly = dir.Write("src/Core/bin/Core.dll", "binary");
        string fragment = dir.Combine("src/Core/obj/governance/collect.json");
        AtomicFile.WriteAllBytes(fragment, LineageFragment.Create("Core", project, "net10.0", new LineageFragmentInputs { Sources = new[] { project }, Artifacts = new[] { assembly } }, FileDigestCache.Empty()).ToCanonicalJson());
        return new GateRequest
        {
            GovernanceRoot = dir.Path,
            PolicyFile = dir.Write("governance.json", policy),
            Now = "2026-11-24T12:00:00Z",
            SubjectName = "Core",
            SubjectVersion = "1.4.0",
            Projects = new[]
            {
                new GateProject(project, fragment, "net10.0") { PackageId = "Contoso.Core", PackageVersion = "1.4.0", ReleaseNotes = releaseNotes },
                new GateProject(dir.Write("tests/Core.Tests/Core.Tests.csproj", "<Project />"), fragment, "net10.0") { PackageId = "Core.Tests", PackageVersion = "1.0.0", VersionExemption = "test project" },
            },
            Environment = _ => null,
            UtcNow = () => new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero),
        };
    }

    [Theory]
    [InlineData("## 1.4.0\n- Faster quotes.\n\n## 1.3.0\n- Older.\n", "- Faster quotes.")]
    [InlineData("# Changelog\n\n## [1.4.0] - 2026-11-20\n### Fixed\n- Rounding.\n## [1.3.0]\n", "### Fixed\n- Rounding.")]
    [InlineData("## v1.4\nShort.\n", "Short.")]
    public void A_section_is_found_by_the_version_it_names(string markdown, string expected)
    {
        Assert.Equal(expected, ReleaseNotesChecker.Section(markdown, "1.4.0"));
    }

    [Theory]
    [InlineData("## 1.4.0\n\n## 1.3.0\n- Older.\n")]
    [InlineData("## 1.4.1\n- Not this one.\n")]
    [InlineData("Notes for 1.4.0 without a heading.\n")]
    public void An_empty_or_missing_section_is_no_notes(string markdown)
    {
        Assert.Null(ReleaseNotesChecker.Section(markdown, "1.4.0"));
    }

    [Fact]
    public void A_blocking_gate_without_notes_fails_naming_the_project_and_version_and_test_projects_are_not_asked()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, """{ "policyVersion": "1", "gate": { "blockingBranches": ["main"] }, "releaseNotes": { "required": true, "path": "CHANGELOG.md" } }""");
        dir.Write("CHANGELOG.md", "## 1.3.0\n- Older.\n");

        GateReport report = GateEvaluator.Evaluate(request).Report;

        CheckResult missing = Assert.Single(report.Checks, c => c.Code == "GOV2501");
        Assert.Equal((CheckStatus.Fail, "release-notes:Contoso.Core"), (missing.Status, missing.Id));
        Assert.Contains("Contoso.Core 1.4.0 (src/Core/Core.csproj) has no release notes for its version", missing.Message, StringComparison.Ordinal);
        Assert.Contains("add a '## 1.4.0' section to CHANGELOG.md", missing.Message, StringComparison.Ordinal);
        Assert.Equal("no-go", report.Decision);
        Assert.DoesNotContain(report.Checks, c => c.Code == "GOV0003");
    }

    [Fact]
    public void Notes_from_the_property_or_the_file_pass_and_the_summary_quotes_them()
    {
        using var dir = new TempDirectory();
        dir.Write("CHANGELOG.md", "## [1.4.0] - 2026-11-20\n- Quotes in euros.\n");
        GateRequest fromFile = Repository(dir, """{ "policyVersion": "1", "gate": { "blockingBranches": ["main"] }, "releaseNotes": { "required": true, "path": "CHANGELOG.md" } }""");
        GateRequest fromProperty = fromFile with { Projects = fromFile.Projects.Select(p => p with { ReleaseNotes = p.PackageId == "Contoso.Core" ? "Set in the project." : null }).ToArray() };

        GateEvaluation file = GateEvaluator.Evaluate(fromFile);
        GateEvaluation property = GateEvaluator.Evaluate(fromProperty);

        Assert.True(file.Report.IsGo, string.Join("\n", file.Report.Checks.Where(c => c.IsBlocking).Select(c => c.Code + " " + c.Message)));
        Assert.Equal("Contoso.Core 1.4.0 release notes (CHANGELOG.md): - Quotes in euros.", Assert.Single(file.Report.Checks, c => c.Id == "release-notes:Contoso.Core").Message);
        Assert.Equal("Contoso.Core 1.4.0 release notes (PackageReleaseNotes): Set in the project.", Assert.Single(property.Report.Checks, c => c.Id == "release-notes:Contoso.Core").Message);
        Assert.Contains("| Contoso.Core 1.4.0 release notes (CHANGELOG.md): - Quotes in euros. |", SummaryWriter.ToMarkdown(file.Report, "report.json"), StringComparison.Ordinal);
        Assert.Contains(file.Inputs, r => r.Role == "release-notes" && r.Path.EndsWith("CHANGELOG.md", StringComparison.Ordinal));
    }

    [Fact]
    public void An_informational_run_does_not_ask_for_notes()
    {
        using var dir = new TempDirectory();
        GateRequest request = Repository(dir, """{ "policyVersion": "1", "gate": { "blockingBranches": ["main"] }, "releaseNotes": { "required": true } }""", branch: "feature/x");

        Assert.DoesNotContain(GateEvaluator.Evaluate(request).Report.Checks, c => c.Id.StartsWith("release-notes:", StringComparison.Ordinal));
    }
    [Fact]
    public void A_decision_on_release_notes_replays_from_its_evidence_package_without_the_working_tree()
    {
        using var dir = new TempDirectory();
        dir.Write("CHANGELOG.md", "## 1.4.0\n- Quotes in euros.\n");
        GateRequest request = Repository(dir, """{ "policyVersion": "1", "gate": { "blockingBranches": ["main"] }, "releaseNotes": { "required": true, "path": "CHANGELOG.md" } }""");
        GateRequest withProperty = request with { Projects = request.Projects.Select(p => p with { ReleaseNotes = p.PackageId == "Contoso.Core" ? "From the project." : null }).ToArray() };
        GateEvaluation evaluation = GateEvaluator.Evaluate(withProperty);
        GateOutputFiles outputs = GateOutputs.Write(evaluation, dir.Combine("artifacts"));
        (string package, _) = Governance.Core.Evidence.EvidencePackageWriter.Write(withProperty, evaluation, outputs, dir.Combine("artifacts"), null);
        string copy = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".zip");
        File.Copy(package, copy);
        try
        {
            Directory.Delete(dir.Combine("src"), recursive: true);
            File.Delete(dir.Combine("CHANGELOG.md"));

            Governance.Core.Evidence.ReplayResult replayed = Governance.Core.Evidence.EvidenceReplay.Replay(copy);

            Assert.False(replayed.HasDrift, string.Join("\n", replayed.Drifts));
            Assert.True(replayed.Checks > 0);
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
