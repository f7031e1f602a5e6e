using System.IO;
using System.Text.RegularExpressions;
using Governance.Core.Json;

namespace Governance.Core.Tests.Durability;

/// <summary>The report the durability tests write is what its schema says, as CI publishes it.</summary>
public sealed class DurabilityReportSchemaTests
{
    [Fact]
    public void The_written_durability_report_validates_against_its_schema()
    {
        // The same merge every durability test does after each scenario, over the parts written so far.
        DurabilityReport.Merge();

        string text = File.ReadAllText(DurabilityReport.ReportFile);
        Assert.Empty(SchemaValidator.Validate(DurabilityReport.ReportFile, text, DurabilityReport.SchemaFileName));
        foreach (string part in Directory.GetFiles(Path.Combine(DurabilityReport.Directory, "parts"), "*.json"))
        {
            string scenarios = File.ReadAllText(part);
            Assert.Matches("^\\s*\\[", scenarios);
        }

        string newer = Regex.Replace(text, "\"schemaVersion\":\\s*\"1\"", "\"schemaVersion\": \"2\"");
        Assert.NotEmpty(SchemaValidator.Validate(DurabilityReport.ReportFile, newer, DurabilityReport.SchemaFileName));
    }
}
