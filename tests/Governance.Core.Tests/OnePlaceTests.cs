using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Governance.Core.Reports;

namespace Governance.Core.Tests;

/// <summary>Names that must be spelt in one place stay so: GOV codes in the catalog, output file names shared with MSBuild.</summary>
public class OnePlaceTests
{
    [Fact]
    public void No_GOV_code_is_written_as_a_literal_outside_the_catalog()
    {
        string src = Path.Combine(GoldenGateTests.RepositoryRoot(), "src");
        // A code anywhere in code (a message, an option's description), comments aside.
        var code = new Regex("GOV[0-9]{4}");
        string[] offenders = Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && Path.GetFileName(f) != "Gov.cs")
            .SelectMany(f => File.ReadAllLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line.Trim())))
            .Where(l => !l.Text.StartsWith("//", System.StringComparison.Ordinal) && code.IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(src, l.File)}:{l.Line}")
            .ToArray();

        Assert.True(offenders.Length == 0, "GOV codes written as literals (use Gov.X.Code): " + string.Join(", ", offenders));
    }

    /// <summary>The metadata the targets hand the tasks are spelt as the tasks read them.</summary>
    [Fact]
    public void The_targets_spell_item_metadata_as_the_tasks_read_it()
    {
        string build = Path.Combine(GoldenGateTests.RepositoryRoot(), "sdk", "build");
        string gate = File.ReadAllText(Path.Combine(build, "Governance.Gate.targets"));
        string checks = File.ReadAllText(Path.Combine(build, "Governance.Checks.targets"));
        string names = File.ReadAllText(Path.Combine(GoldenGateTests.RepositoryRoot(), "src", "Governance.Sdk.Tasks", "MetadataNames.cs"));
        string Constant(string name) => Regex.Match(names, $"const string {name} = \"([^\"]+)\"").Groups[1].Value;

        Assert.Contains($"{Constant("FragmentKind")}=\"{Names.Name(Governance.Core.Lineage.FragmentKind.Pack)}\"", gate);
        Assert.Contains($"{Constant("CheckOrigin")}=\"{Constant("CommandOrigin")}\"", checks);
        foreach (string metadata in new[] { "FragmentFile", "TargetFramework", "PackageId", "PackageVersion", "SarifLogs" })
        {
            Assert.Contains($"{Constant(metadata)}=\"", gate);
        }

        foreach (string metadata in new[] { "ProjectFile", "Status", "Severity", "Message" })
        {
            Assert.Contains($"{Constant(metadata)}=\"", checks);
        }
    }

    [Fact]
    public void The_output_file_names_MSBuild_uses_are_the_ones_the_gate_writes()
    {
        XDocument props = XDocument.Load(Path.Combine(GoldenGateTests.RepositoryRoot(), "sdk", "build", "Governance.Outputs.props"));
        string Property(string name) => props.Descendants(name).Single().Value;

        Assert.Equal(GateOutputs.ReportFileName, Property("_GovernanceReportFileName"));
        Assert.Equal(GateOutputs.SummaryFileName, Property("_GovernanceSummaryFileName"));
        Assert.Equal(GateOutputs.TenantMatrixFileName, Property("_GovernanceTenantMatrixFileName"));
        Assert.Equal(GateOutputs.TenantRolloutFileName, Property("_GovernanceTenantRolloutFileName"));
        Assert.Equal(Governance.Core.Evidence.EvidencePackageLayout.FileName, Property("_GovernanceEvidenceFileName"));
        Assert.Equal(Governance.Core.Evidence.EvidencePackageLayout.EnvelopeFileName, Property("_GovernanceEvidenceEnvelopeFileName"));
    }
}
