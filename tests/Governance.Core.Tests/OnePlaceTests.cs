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
        var literal = new Regex("\"GOV[0-9]{4}\"");
        string[] offenders = Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && Path.GetFileName(f) != "Gov.cs")
            .Where(f => literal.IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(src, f))
            .ToArray();

        Assert.True(offenders.Length == 0, "GOV codes written as literals (use Gov.X.Code): " + string.Join(", ", offenders));
    }

    [Fact]
    public void The_output_file_names_MSBuild_uses_are_the_ones_the_gate_writes()
    {
        XDocument props = XDocument.Load(Path.Combine(GoldenGateTests.RepositoryRoot(), "sdk", "build", "Governance.Outputs.props"));
        string Property(string name) => props.Descendants(name).Single().Value;

        Assert.Equal(GateOutputs.ReportFileName, Property("_GovernanceReportFileName"));
        Assert.Equal(GateOutputs.SummaryFileName, Property("_GovernanceSummaryFileName"));
    }
}
