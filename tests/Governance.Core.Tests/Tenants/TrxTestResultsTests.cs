using System;
using System.IO;
using System.Linq;
using System.Text;
using Governance.Core.Diagnostics;
using Governance.Core.Tenants;

namespace Governance.Core.Tests.Tenants;

public class TrxTestResultsTests
{
    private static TrxRead ReadSample(string name)
    {
        string file = TenantTestData.File(name);
        return TrxTestResults.Read(file, File.ReadAllBytes(file));
    }

    private static TrxRead ReadText(string xml) => TrxTestResults.Read("/results/run.trx", Encoding.UTF8.GetBytes(xml));

    private static string Trait(TestTrait trait) => $"{trait.Name}={trait.Value}";

    [Fact]
    public void An_xUnit_run_gives_one_row_per_result_with_the_assembly_class_and_method_it_names()
    {
        TrxRead read = ReadSample("xunit.trx");

        Assert.Null(read.Problem);
        Assert.Equal(10, read.Rows.Count);
        TestResultRow first = read.Rows[0];
        Assert.Equal(TenantTestData.File("xunit.trx"), first.TrxFile);
        Assert.Equal("/work/trx-lab/XunitLab/bin/Debug/net10.0/XunitLab.dll", first.Assembly); // codeBase, not the lower-cased storage
        Assert.Equal("Lab.Xunit.OrderTests", first.ClassName);
        Assert.Equal("FailingFact", first.MethodName);
        Assert.Equal("Lab.Xunit.OrderTests.FailingFact", first.FullName);
        Assert.Equal(TestOutcome.Failed, first.Outcome);
        Assert.Equal(8, first.Line);
        Assert.All(read.Rows, row => Assert.Empty(row.TrxTraits)); // xUnit traits never reach the TRX

        TestResultRow nested = Assert.Single(read.Rows, r => r.MethodName == "NestedFact");
        Assert.Equal("Lab.Xunit.OrderTests+NestedTests.NestedFact", nested.FullName);
        Assert.Equal("Lab.Xunit.DerivedTests", Assert.Single(read.Rows, r => r.MethodName == "InheritedFact").ClassName);
        Assert.Equal(TestOutcome.NotRun, Assert.Single(read.Rows, r => r.MethodName == "SkippedTest").Outcome);
    }

    [Fact]
    public void Each_row_of_a_theory_is_a_row_of_its_own_with_its_display_name_and_outcome()
    {
        TestResultRow[] rows = ReadSample("xunit.trx").Rows.Where(r => r.MethodName == "TheoryRows").OrderBy(r => r.TestName, StringComparer.Ordinal).ToArray();

        Assert.Equal(
            new[] { "Lab.Xunit.OrderTests.TheoryRows(a: 1, b: 1)", "Lab.Xunit.OrderTests.TheoryRows(a: 2, b: 3)", "Lab.Xunit.OrderTests.TheoryRows(a: 4, b: 4)" },
            rows.Select(r => r.TestName));
        Assert.Equal(new[] { TestOutcome.Passed, TestOutcome.Failed, TestOutcome.Passed }, rows.Select(r => r.Outcome));
        Assert.All(rows, r => Assert.Equal("Lab.Xunit.OrderTests.TheoryRows", r.FullName));
    }

    [Theory]
    [InlineData("mstest.trx")]
    [InlineData("mstest4.trx")]
    public void MSTest_categories_written_as_name_value_are_traits_of_the_row(string sample)
    {
        TrxRead read = ReadSample(sample);

        Assert.Null(read.Problem);
        Assert.Equal(8, read.Rows.Count);
        TestResultRow tagged = Assert.Single(read.Rows, r => r.MethodName == "ListOrders_DoesNotLeak");
        // MSTest 3.11 writes the categories in reverse source order, 4.5 in source order: rows list them sorted.
        Assert.Equal(new[] { "Capability=orders.read", "Isolation=listing-leak" }, tagged.TrxTraits.Select(Trait));
        Assert.Equal("ListOrders_DoesNotLeak", tagged.TestName);
        Assert.All(read.Rows.Where(r => r != tagged), r => Assert.Empty(r.TrxTraits));

        TestResultRow[] dataRows = read.Rows.Where(r => r.MethodName == "DataRows").OrderBy(r => r.TestName, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "DataRows (1,1)", "DataRows (2,3)", "DataRows (4,4)" }, dataRows.Select(r => r.TestName));
        Assert.Equal(new[] { TestOutcome.Passed, TestOutcome.Failed, TestOutcome.Passed }, dataRows.Select(r => r.Outcome));
        Assert.EndsWith("+NestedTests", Assert.Single(read.Rows, r => r.MethodName == "NestedMethod").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void NUnit_cases_keep_their_arguments_in_the_method_name_as_TRX_writes_it()
    {
        TrxRead read = ReadSample("nunit.trx");

        Assert.Null(read.Problem);
        Assert.Equal(10, read.Rows.Count);
        TestResultRow failing = Assert.Single(read.Rows, r => r.TestName == "CaseRows(2,3)");
        Assert.Equal("CaseRows(2,3)", failing.MethodName);
        Assert.Equal("Lab.Nunit.OrderTests.CaseRows", failing.FullName);
        Assert.Equal(TestOutcome.Failed, failing.Outcome);
        Assert.All(read.Rows, row => Assert.Empty(row.TrxTraits)); // NUnit categories never reach the TRX
    }

    /// <summary>The join the check makes: each row's traits from the TRX and from its assembly's metadata.</summary>
    [Theory]
    [InlineData("xunit.trx", "ReadOrders_IsIsolated=Capability=orders.read,Isolation=cross-tenant-read|WriteOrders_IsIsolated=Capability=orders.write,Isolation=cross-tenant-write|CategoryNamedTraits=Category=smoke,TestCategory=probe")]
    [InlineData("mstest.trx", "ListOrders_DoesNotLeak=Capability=orders.read,Isolation=listing-leak")]
    [InlineData("mstest4.trx", "ListOrders_DoesNotLeak=Capability=orders.read,Isolation=listing-leak")]
    [InlineData("nunit.trx", "WriteOrders_IsIsolated=Capability=orders.read,Isolation=cross-tenant-write|ClassLevelCategory=Capability=orders.write")]
    public void Rows_joined_to_their_assemblies_metadata_carry_the_traits_written_in_the_tests(string sample, string expected)
    {
        TrxRead read = ReadSample(sample);
        TestAssemblyTraits traits = TestTraitReader.Read(TenantTestData.Lab(read.Rows[0].Assembly));

        var found = read.Rows
            .Select(r => (r.MethodName, Traits: string.Join(",", traits.For(r.ClassName, r.MethodName).Concat(r.TrxTraits).Distinct().OrderBy(Trait, StringComparer.Ordinal).Select(Trait))))
            .Where(r => r.Traits.Length > 0)
            .Select(r => $"{r.MethodName}={r.Traits}")
            .OrderBy(s => s, StringComparer.Ordinal);
        Assert.Equal(expected.Split('|').OrderBy(s => s, StringComparer.Ordinal), found);
    }

    [Theory]
    [InlineData("Passed", TestOutcome.Passed)]
    [InlineData("Failed", TestOutcome.Failed)]
    [InlineData("Error", TestOutcome.Failed)]
    [InlineData("Timeout", TestOutcome.Failed)]
    [InlineData("Aborted", TestOutcome.Failed)]
    [InlineData("NotExecuted", TestOutcome.NotRun)]
    [InlineData("Inconclusive", TestOutcome.NotRun)]
    [InlineData("Disconnected", TestOutcome.Failed)]
    [InlineData("PassedButRunAborted", TestOutcome.NotRun)]
    [InlineData("NotRunnable", TestOutcome.NotRun)]
    [InlineData("Warning", TestOutcome.NotRun)]
    [InlineData("Completed", TestOutcome.NotRun)]
    [InlineData("InProgress", TestOutcome.NotRun)]
    [InlineData("Pending", TestOutcome.NotRun)]
    public void Outcomes_map_to_passed_failed_or_not_run(string outcome, TestOutcome expected)
    {
        TrxRead read = ReadText(Run(Result("t1", "One", outcome), Definition("t1", "One")));

        Assert.Null(read.Problem);
        Assert.Equal(expected, Assert.Single(read.Rows).Outcome);
    }

    [Fact]
    public void A_result_without_an_outcome_proves_nothing()
    {
        TrxRead read = ReadText(Run("<UnitTestResult testId=\"t1\" testName=\"One\" />", Definition("t1", "One")));

        Assert.Equal(TestOutcome.NotRun, Assert.Single(read.Rows).Outcome);
    }

    [Fact]
    public void Inner_results_are_the_rows_and_their_aggregate_is_not()
    {
        string parent = "<UnitTestResult testId=\"t1\" testName=\"DataRows\" outcome=\"Failed\" resultType=\"DataDrivenTest\"><InnerResults>"
            + Result("t1", "DataRows (1,1)", "Passed") + Result("t1", "DataRows (2,3)", "Failed") + "</InnerResults></UnitTestResult>";

        TrxRead read = ReadText(Run(parent, Definition("t1", "DataRows")));

        Assert.Null(read.Problem);
        Assert.Equal(new[] { "DataRows (1,1)", "DataRows (2,3)" }, read.Rows.Select(r => r.TestName));
        Assert.Equal(new[] { TestOutcome.Passed, TestOutcome.Failed }, read.Rows.Select(r => r.Outcome));
        Assert.All(read.Rows, r => Assert.Equal("Ns.Tests.DataRows", r.FullName));
    }

    [Fact]
    public void A_failed_aggregate_whose_rows_all_passed_is_a_failing_row_itself()
    {
        string parent = "<UnitTestResult testId=\"t1\" testName=\"DataRows\" outcome=\"Failed\"><InnerResults>"
            + Result("t1", "DataRows (1,1)", "Passed") + "</InnerResults></UnitTestResult>";

        TrxRead read = ReadText(Run(parent, Definition("t1", "DataRows")));

        Assert.Equal(new[] { ("DataRows (1,1)", TestOutcome.Passed), ("DataRows", TestOutcome.Failed) }, read.Rows.Select(r => (r.TestName, r.Outcome)));
    }

    [Fact]
    public void A_category_without_an_equals_sign_is_not_a_trait()
    {
        string definition = "<UnitTest name=\"One\" id=\"t1\"><TestCategory><TestCategoryItem TestCategory=\"smoke\" /><TestCategoryItem TestCategory=\" Capability = orders.read \" /><TestCategoryItem TestCategory=\"=orphan\" /></TestCategory>"
            + "<TestMethod codeBase=\"/bin/Tests.dll\" className=\"Ns.Tests\" name=\"One\" /></UnitTest>";

        TestResultRow row = Assert.Single(ReadText(Run(Result("t1", "One", "Passed"), definition)).Rows);

        Assert.Equal(new[] { "Capability=orders.read" }, row.TrxTraits.Select(Trait));
    }

    [Fact]
    public void The_assembly_falls_back_to_storage_and_the_display_name_to_the_definition()
    {
        string definition = "<UnitTest name=\"Ns.Tests.One\" storage=\"/bin/tests.dll\" id=\"t1\"><TestMethod className=\"Ns.Tests\" name=\"One\" /></UnitTest>";

        TestResultRow row = Assert.Single(ReadText(Run("<UnitTestResult testId=\"t1\" outcome=\"Passed\" />", definition)).Rows);

        Assert.Equal("/bin/tests.dll", row.Assembly);
        Assert.Equal("Ns.Tests.One", row.TestName);
    }

    [Fact]
    public void A_run_without_results_has_no_rows_and_no_problem()
    {
        TrxRead read = ReadText(Run(string.Empty, string.Empty));

        Assert.Null(read.Problem);
        Assert.Empty(read.Rows);
    }

    [Fact]
    public void A_file_cut_short_is_malformed_XML_at_its_position_and_gives_no_rows()
    {
        byte[] whole = File.ReadAllBytes(TenantTestData.File("xunit.trx"));

        TrxRead read = TrxTestResults.Read("/results/xunit.trx", whole.Take(whole.Length / 2).ToArray());

        Diagnostic problem = Assert.IsType<Diagnostic>(read.Problem);
        Assert.Equal(Gov.MalformedXml, problem.Descriptor);
        Assert.Empty(read.Rows);
        Assert.StartsWith("xunit.trx is not well-formed XML at line ", problem.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet test --logger trx", problem.Message, StringComparison.Ordinal);
        Assert.Equal("/results/xunit.trx", problem.Location!.Path);
        Assert.True(problem.Location.Line > 1 && problem.Location.Column > 0, $"{problem.Location}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE TestRun [<!ENTITY x \"y\">]><TestRun>&x;</TestRun>")]
    [InlineData("<TestRun><Results></TestRun>")]
    public void Malformed_XML_and_DTDs_are_problems(string xml)
    {
        TrxRead read = ReadText(xml);

        Assert.Equal(Gov.MalformedXml, read.Problem?.Descriptor);
        Assert.Empty(read.Rows);
    }

    [Fact]
    public void A_file_that_is_not_a_test_run_is_a_problem_naming_its_root()
    {
        TrxRead read = ReadText("<?xml version=\"1.0\"?>\n<coverage line-rate=\"1\" />");

        Assert.Equal(Gov.MalformedXml, read.Problem!.Descriptor);
        Assert.Contains("run.trx is not a TRX file: its root element is <coverage>", read.Problem.Message, StringComparison.Ordinal);
        Assert.Equal(2, read.Problem.Location!.Line);
    }

    [Theory]
    [InlineData("<UnitTest name=\"Other\" id=\"t2\"><TestMethod codeBase=\"/bin/Tests.dll\" className=\"Ns.Tests\" name=\"Other\" /></UnitTest>")]
    [InlineData("<UnitTest name=\"One\" id=\"t1\"><Execution id=\"e1\" /></UnitTest>")]
    [InlineData("<UnitTest name=\"One\" id=\"t1\" /><TestMethod codeBase=\"/bin/Tests.dll\" className=\"Ns.Tests\" name=\"One\" />")]
    public void A_result_the_definitions_do_not_explain_is_a_problem_at_its_line(string definitions)
    {
        TrxRead read = ReadText(Run(Result("t1", "One", "Passed"), definitions));

        Diagnostic problem = read.Problem!;
        Assert.Equal(Gov.MalformedXml, problem.Descriptor);
        Assert.Empty(read.Rows);
        Assert.StartsWith("run.trx has a test result at line 4 (One) whose testId t1 matches no UnitTest with a TestMethod in its TestDefinitions, so the gate cannot tell which test ran.", problem.Message, StringComparison.Ordinal);
        Assert.Equal(4, problem.Location!.Line);
    }

    [Fact]
    public void A_result_without_a_testId_is_a_problem()
    {
        TrxRead read = ReadText(Run("<UnitTestResult testName=\"One\" outcome=\"Passed\" />", Definition("t1", "One")));

        Assert.Contains("run.trx has a test result at line 4 (One) without a testId, so the gate cannot tell which test ran.", read.Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_without_an_assembly_is_a_problem()
    {
        TrxRead read = ReadText(Run(Result("t1", "One", "Passed"), "<UnitTest name=\"One\" id=\"t1\"><TestMethod className=\"Ns.Tests\" name=\"One\" /></UnitTest>"));

        Assert.Contains("defines the test Ns.Tests.One at line 7 without its assembly", read.Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Twenty_thousand_results_are_each_a_row()
    {
        const int count = 20_000;
        byte[] bytes = Encoding.UTF8.GetBytes(Generated(count));
        TrxRead read = TrxTestResults.Read("/results/big.trx", bytes);

        Assert.Null(read.Problem);
        Assert.Equal(count, read.Rows.Count);
        Assert.Equal(count / 7 + 1, read.Rows.Count(r => r.Outcome == TestOutcome.Failed));
    }

    /// <summary>A TRX file shaped as the VSTest logger writes one, with <paramref name="count"/> results (every seventh failing).</summary>
    internal static string Generated(int count)
    {
        var xml = new StringBuilder("\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<TestRun id=\"r\" name=\"big\" xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\">\n  <Results>\n");
        for (int i = 0; i < count; i++)
        {
            xml.Append("    <UnitTestResult executionId=\"e").Append(i).Append("\" testId=\"00000000-0000-0000-0000-").Append(i.ToString("D12", System.Globalization.CultureInfo.InvariantCulture))
                .Append("\" testName=\"Big.Tests").Append(i % 100).Append(".Case(n: ").Append(i).Append(")\" computerName=\"vm\" duration=\"00:00:00.0001000\" startTime=\"2026-11-26T09:05:40.4257092+00:00\" endTime=\"2026-11-26T09:05:40.4257513+00:00\" testType=\"13cdc9d9-ddb5-4fa4-a97d-d965ccfc6d4b\" outcome=\"")
                .Append(i % 7 == 0 ? "Failed" : "Passed").Append("\" testListId=\"8c84fa94-04c1-424b-9868-57a2d4851a1d\" relativeResultsDirectory=\"e").Append(i).Append("\"");
            xml.Append(i % 7 == 0 ? ">\n      <Output>\n        <ErrorInfo>\n          <Message>boom</Message>\n          <StackTrace>   at Big.Tests.Case() in /src/Tests.cs:line 22</StackTrace>\n        </ErrorInfo>\n      </Output>\n    </UnitTestResult>\n" : " />\n");
        }

        xml.Append("  </Results>\n  <TestDefinitions>\n");
        for (int i = 0; i < count; i++)
        {
            string id = "00000000-0000-0000-0000-" + i.ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
            xml.Append("    <UnitTest name=\"Big.Tests").Append(i % 100).Append(".Case(n: ").Append(i).Append(")\" storage=\"/src/big/bin/release/net10.0/big.dll\" id=\"").Append(id).Append("\">\n")
                .Append(i % 3 == 0 ? "      <TestCategory>\n        <TestCategoryItem TestCategory=\"Capability=cap" + (i % 50) + "\" />\n        <TestCategoryItem TestCategory=\"Isolation=cross-tenant-read\" />\n      </TestCategory>\n" : string.Empty)
                .Append("      <Execution id=\"e").Append(i).Append("\" />\n      <TestMethod codeBase=\"/src/Big/bin/Release/net10.0/Big.dll\" adapterTypeName=\"executor://xunit/VsTestRunner3/netcore/\" className=\"Big.Tests").Append(i % 100).Append("\" name=\"Case\" />\n    </UnitTest>\n");
        }

        xml.Append("  </TestDefinitions>\n  <ResultSummary outcome=\"Failed\">\n    <Counters total=\"").Append(count).Append("\" />\n  </ResultSummary>\n</TestRun>\n");
        return xml.ToString();
    }

    private static string Run(string results, string definitions) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<TestRun id=\"r\" xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\">\n  <Results>\n    "
        + results + "\n  </Results>\n  <TestDefinitions>\n    " + definitions + "\n  </TestDefinitions>\n</TestRun>\n";

    private static string Result(string testId, string testName, string outcome) =>
        $"<UnitTestResult executionId=\"x\" testId=\"{testId}\" testName=\"{testName}\" outcome=\"{outcome}\" />";

    private static string Definition(string id, string method) =>
        $"<UnitTest name=\"{method}\" storage=\"/bin/tests.dll\" id=\"{id}\"><Execution id=\"x\" /><TestMethod codeBase=\"/bin/Tests.dll\" className=\"Ns.Tests\" name=\"{method}\" /></UnitTest>";
}
