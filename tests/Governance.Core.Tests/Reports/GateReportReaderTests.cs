using System;
using System.IO;
using System.Linq;
using System.Text;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Reports;

namespace Governance.Core.Tests.Reports;

public class GateReportReaderTests
{
    /// <summary>Every golden report, the sample's included: read back and written again, byte for byte.</summary>
    [Fact]
    public void Reports_read_back_write_the_same_bytes()
    {
        string[] reports = Directory.GetFiles(Path.Combine(GoldenGateTests.RepositoryRoot(), "tests"), "*report.json", SearchOption.AllDirectories)
            .Where(f => f.Contains(Path.DirectorySeparatorChar + "Golden" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToArray();
        Assert.True(reports.Length >= 7, $"expected the golden reports, found {reports.Length}");
        string root = Path.Combine(Path.GetTempPath(), "some", "checkout");
        foreach (string file in reports)
        {
            GateReportDocument? read = GateReportReader.Read(file, root, out var diagnostics);

            Assert.True(read is not null, file + ": " + string.Join("; ", diagnostics.Select(d => d.Message)));
            byte[] written = GateReportWriter.ToJson(read.Report, root, read.Lineage, read.Provenance);
            Assert.Equal(File.ReadAllText(file), Encoding.UTF8.GetString(written));
        }
    }

    [Fact]
    public void The_decision_checks_and_slos_come_back_as_the_model()
    {
        string file = Path.Combine(GoldenGateTests.RepositoryRoot(), "tests", "Governance.Core.Tests", "Golden", "strict-blocking", "second.report.json");

        GateReport report = GateReportReader.Read(file, "/repo", out _)!.Report;

        Assert.Equal(("no-go", Policy.GateMode.Blocking, Policy.PolicyProfile.Strict), (report.Decision, report.Mode, report.Profile));
        CheckResult waived = Assert.Single(report.Checks, c => c.Id == "contract:contracts/b.json");
        Assert.Equal((CheckStatus.Waived, "EX-1", Gov.ContractViolation), (waived.Status, waived.WaivedBy, waived.Rule));
        Assert.Equal(Path.GetFullPath("/repo/contracts/b.json"), waived.Locations[0].Path);
        Assert.Equal(new long?[] { 1, 2 }, report.Slos.Single(s => s.Slo.Id == "pass-rate").Trend.Select(p => p.Sequence));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("2.0")]
    [InlineData("one")]
    public void Another_major_version_is_GOV1003(string version)
    {
        using var dir = new TempDirectory();
        string file = dir.Write("report.json", $$"""{ "schemaVersion": "{{version}}", "decision": "go" }""");

        Assert.Null(GateReportReader.Read(file, dir.Path, out var diagnostics));

        Assert.Equal("GOV1003", Assert.Single(diagnostics).Code);
        Assert.Contains("report.json has schemaVersion", diagnostics[0].Message);
    }

    [Fact]
    public void A_later_minor_version_is_read_for_what_this_version_knows_and_unknown_codes_are_kept()
    {
        using var dir = new TempDirectory();
        string golden = File.ReadAllText(Path.Combine(GoldenGateTests.RepositoryRoot(), "tests", "Governance.Core.Tests", "Golden", "strict-blocking", "first.report.json"));
        Assert.Contains("\"schemaVersion\": \"" + GateReport.SchemaVersion + "\",", golden);
        string later = golden.Replace("\"schemaVersion\": \"" + GateReport.SchemaVersion + "\",", "\"schemaVersion\": \"1.4\",\n  \"rollouts\": { \"coverage\": 1 },")
            .Replace("\"code\": \"GOV2201\"", "\"code\": \"GOV9901\"");
        string file = dir.Write("report.json", later);

        GateReportDocument? read = GateReportReader.Read(file, dir.Path, out var diagnostics);

        Assert.Empty(diagnostics);
        CheckResult unknown = Assert.Single(read!.Report.Checks, c => c.Code == "GOV9901");
        Assert.Equal(("version:App", CheckStatus.Fail), (unknown.Id, unknown.Status));
    }

    [Fact]
    public void A_report_that_breaks_its_schema_is_GOV1002_with_the_position()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("report.json", "{ \"schemaVersion\": \"1\", \"decision\": \"maybe\" }");

        Assert.Null(GateReportReader.Read(file, dir.Path, out var diagnostics));

        Assert.All(diagnostics, d => Assert.Equal("GOV1002", d.Code));
        Assert.Contains(diagnostics, d => d.Location?.Line == 1);
    }
}
