using Governance.Core.Evaluation;
using Governance.Core.Slos;

namespace Governance.Core.Tests.Slos;

public class MetricReaderTests
{
    /// <summary>The shape `dotnet test --logger trx` writes (trimmed to what matters).</summary>
    public static string Trx(int total, int executed, int passed, int failed) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun id="1" name="run" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <ResultSummary outcome="{(failed == 0 ? "Completed" : "Failed")}">
            <Counters total="{total}" executed="{executed}" passed="{passed}" failed="{failed}" error="0" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="{total - executed}" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
          </ResultSummary>
        </TestRun>
        """;

    public static string Cobertura(int linesCovered, int linesValid, int branchesCovered, int branchesValid) =>
        $"""<?xml version="1.0"?><coverage line-rate="{(double)linesCovered / linesValid:0.####}" branch-rate="{(double)branchesCovered / branchesValid:0.####}" lines-covered="{linesCovered}" lines-valid="{linesValid}" branches-covered="{branchesCovered}" branches-valid="{branchesValid}" version="1.9" timestamp="1"><packages /></coverage>""";

    private static MetricSet Read(TempDirectory dir, params string[] globs) => MetricReader.Read(globs, dir.Path, dir.Combine("governance.json"), new Governance.Core.Inputs.FileSystemInputs());

    [Fact]
    public void TRX_files_are_summed_and_the_pass_rate_leaves_skipped_tests_out()
    {
        using var dir = new TempDirectory();
        dir.Write("artifacts/test-results/a.trx", Trx(total: 10, executed: 8, passed: 8, failed: 0));
        dir.Write("artifacts/test-results/b.trx", Trx(total: 2, executed: 2, passed: 1, failed: 1));

        MetricSet metrics = Read(dir, "artifacts/test-results/*.trx");

        Assert.Empty(metrics.Problems);
        Assert.Equal(12, metrics.Values["tests.total"].Value);
        Assert.Equal(1, metrics.Values["tests.failed"].Value);
        Assert.Equal(0.9, metrics.Values["tests.passRate"].Value, 10);
        Assert.Equal(2, metrics.Files.Count);
    }

    [Fact]
    public void Cobertura_reports_are_combined_by_their_counts_and_plain_metrics_are_read()
    {
        using var dir = new TempDirectory();
        dir.Write("artifacts/coverage/a.cobertura.xml", Cobertura(80, 100, 10, 20));
        dir.Write("artifacts/coverage/b.cobertura.xml", Cobertura(20, 100, 10, 20));
        dir.Write("artifacts/metrics/perf.json", """{ "capturedAt": "2026-11-24T00:00:00Z", "metrics": { "latency.p95Ms": 182.5 } }""");

        MetricSet metrics = Read(dir, "artifacts/coverage/*.xml", "artifacts/metrics/*.json");

        Assert.Empty(metrics.Problems);
        Assert.Equal(0.5, metrics.Values["coverage.line"].Value, 10);
        Assert.Equal(0.5, metrics.Values["coverage.branch"].Value, 10);
        Assert.Equal(182.5, metrics.Values["latency.p95Ms"].Value);
    }

    [Fact]
    public void A_run_with_no_executed_tests_has_no_pass_rate()
    {
        using var dir = new TempDirectory();
        dir.Write("r.trx", Trx(total: 3, executed: 0, passed: 0, failed: 0));

        Assert.False(Read(dir, "*.trx").Values.ContainsKey("tests.passRate"));
    }

    [Theory]
    [InlineData("m.json", "{ \"metrics\": { \"x\": \"fast\" } }", "GOV1002", "$.metrics.x")]
    [InlineData("m.json", "{ \"metrics\": ", "GOV1001", "not well-formed")]
    [InlineData("r.trx", "<TestRun><ResultSummary>", "GOV1007", "not well-formed XML")]
    [InlineData("r.trx", "<TestRun><ResultSummary /></TestRun>", "GOV1007", "without ResultSummary/Counters")]
    [InlineData("c.xml", "<report />", "GOV1007", "neither a TRX file")]
    [InlineData("c.xml", "<coverage line-rate=\"NaN\" branch-rate=\"1\" />", "GOV1007", "Cobertura report without valid")]
    [InlineData("x.xml", "<!DOCTYPE r [<!ENTITY e \"x\">]><coverage />", "GOV1007", "not well-formed XML")]
    [InlineData("m.txt", "1", "GOV1007", "not a metric file")]
    public void A_malformed_metric_file_is_a_configuration_error_naming_it(string file, string content, string code, string named)
    {
        using var dir = new TempDirectory();
        dir.Write(file, content);

        CheckResult problem = Assert.Single(Read(dir, "*").Problems);

        Assert.Equal((code, CheckStatus.Error), (problem.Code, problem.Status));
        Assert.Contains(named, problem.Message);
        Assert.Equal(dir.Combine(file), problem.Locations[0].Path);
    }

    [Fact]
    public void A_metric_given_twice_differently_is_an_error_and_has_no_value()
    {
        using var dir = new TempDirectory();
        dir.Write("a.json", "{ \"metrics\": { \"x\": 1 } }");
        dir.Write("b.json", "{ \"metrics\": { \"x\": 2, \"tests.total\": 5 } }");
        dir.Write("r.trx", Trx(5, 5, 5, 0));

        MetricSet metrics = Read(dir, "*.json", "*.trx");

        Assert.Equal(2, metrics.Problems.Count);
        Assert.False(metrics.Values.ContainsKey("x"));
        Assert.False(metrics.Values.ContainsKey("tests.total"));
        Assert.Contains(metrics.Problems, p => p.Message.Contains("also derived from r.trx"));
        Assert.Contains(metrics.Problems, p => p.Message.Contains("x is 2 here but 1 in a.json"));
    }

    [Fact]
    public void A_number_too_large_for_a_double_is_named_and_has_no_value()
    {
        using var dir = new TempDirectory();
        dir.Write("m.json", "{ \"metrics\": { \"huge\": 1e400, \"fine\": 2 } }");

        MetricSet metrics = Read(dir, "*.json");

        Assert.Contains("huge is 1e400, which is not a finite number", Assert.Single(metrics.Problems).Message);
        Assert.False(metrics.Values.ContainsKey("huge"));
        Assert.Equal(2, metrics.Values["fine"].Value);
    }

    [Theory]
    [InlineData(0.96, "0.96")]
    [InlineData(2.0 / 3, "0.66666666666666663")]
    [InlineData(182.5, "182.5")]
    [InlineData(1e20, "1E+20")]
    public void Numbers_are_written_as_the_same_text_on_every_runtime(double value, string text)
    {
        Assert.Equal(text, Governance.Core.Json.CanonicalJson.FormatNumber(value));
    }
}
