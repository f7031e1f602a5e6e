using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using Governance.Core.Diagnostics;

namespace Governance.Core.Tenants;

/// <summary>
/// Reads the test results of one TRX file (VSTest's <c>dotnet test --logger trx</c>) as rows: each
/// <c>Results/UnitTestResult</c> joined by <c>testId</c> to the <c>TestDefinitions/UnitTest</c> with
/// that <c>id</c>, whose <c>TestMethod</c> names the assembly, class and method
/// (docs/tenant-isolation.md). What the logger writes was observed for xUnit 2.9.3, MSTest 3.11 and
/// 4.5 and NUnit 4.4 (the samples under tests/Governance.Core.Tests/Tenants/TestData):
/// <list type="bullet">
/// <item>each row of a theory, <c>DataRow</c> or <c>TestCase</c> is a <c>UnitTest</c> and a
/// <c>UnitTestResult</c> of its own, so it is a row of its own;</item>
/// <item>a result may instead hold its rows as <c>InnerResults</c> (data-driven MSTest under other
/// runners; the logger gives them the parent's <c>testId</c>): then each inner result is a row and
/// the parent, an aggregate, is not, except when it failed while none of its rows did, so that a
/// failure the rows do not show cannot vanish;</item>
/// <item>only MSTest writes categories (<c>TestCategory/TestCategoryItem</c>); they become
/// <see cref="TestResultRow.TrxTraits"/>.</item>
/// </list>
/// The file is read as a stream (no DTDs, nothing resolved), since one run can hold tens of
/// thousands of results. A file that is not well-formed, is not a TRX file, has a result the
/// definitions do not explain, or is not as the logger writes it (an outcome it never writes, one id
/// defined as two different tests, an assembly that is not a full path) is one
/// <see cref="Gov.MalformedXml"/> problem and gives no rows: each of those could hide a failure or
/// credit a result to the wrong test.
/// </summary>
public static class TrxTestResults
{
    /// <summary>The MSTest adapter's executor URI (<c>executor://mstestadapter/v2</c>, <c>/v4</c>): it writes every category of a test into the TRX.</summary>
    private const string MSTestAdapter = "executor://mstestadapter/";

    public static TrxRead Read(string file, byte[] bytes)
    {
        string name = Path.GetFileName(file);
        var results = new List<Result>();
        var tests = new Dictionary<string, Definition>(StringComparer.OrdinalIgnoreCase);
        var again = new List<(string Id, Definition First, Definition Second, int Column)>();
        try
        {
            // No DTDs and no external resolution: a results file cannot make the gate fetch or expand anything.
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
                IgnoreWhitespace = true,
            };
            using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
            var where = (IXmlLineInfo)reader;
            reader.MoveToContent();
            if (reader.LocalName != "TestRun")
            {
                return Failed(Problem(file, where.LineNumber, where.LinePosition,
                    $"{name} is not a TRX file: its root element is <{reader.LocalName}>, where test results written by `dotnet test --logger trx` start with <TestRun>. Narrow the glob that matches it to TRX files."));
            }

            // The local name of the open element at each depth, and the results and test definition still open.
            var path = new List<string>();
            var open = new Stack<Result>();
            Definition? definition = null;
            do
            {
                if (reader.NodeType == XmlNodeType.EndElement)
                {
                    if (open.Count > 0 && open.Peek().Depth == reader.Depth)
                    {
                        open.Pop();
                    }
                    else if (definition is not null && definition.Depth == reader.Depth)
                    {
                        definition = null;
                    }

                    continue;
                }

                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                int depth = reader.Depth;
                string local = reader.LocalName;
                if (path.Count <= depth)
                {
                    path.Add(local);
                }
                else
                {
                    path[depth] = local;
                }

                string parent = depth > 0 ? path[depth - 1] : string.Empty;
                switch (local)
                {
                    case "UnitTestResult":
                        var result = new Result(reader.GetAttribute("testId"), reader.GetAttribute("testName"), reader.GetAttribute("outcome"), where.LineNumber, where.LinePosition, depth);
                        if (depth == 2 && parent == "Results")
                        {
                            results.Add(result);
                        }
                        else if (parent == "InnerResults" && open.Count > 0 && open.Peek().Depth == depth - 2)
                        {
                            (open.Peek().Inner ??= new List<Result>()).Add(result);
                        }
                        else
                        {
                            break;
                        }

                        if (!reader.IsEmptyElement)
                        {
                            open.Push(result);
                        }

                        break;

                    case "UnitTest" when depth == 2 && parent == "TestDefinitions":
                        var test = new Definition(reader.GetAttribute("name"), reader.GetAttribute("storage"), where.LineNumber, depth);
                        string? id = reader.GetAttribute("id");
                        if (id is not null && tests.TryGetValue(id, out Definition? first))
                        {
                            // Compared once both are read: the same test written twice (a merged file) is harmless, two tests under one id are not.
                            again.Add((id, first, test, where.LinePosition));
                        }
                        else if (id is not null)
                        {
                            tests.Add(id, test);
                        }

                        definition = reader.IsEmptyElement ? null : test;
                        break;

                    case "TestMethod" when definition is not null && depth == definition.Depth + 1:
                        definition.CodeBase = reader.GetAttribute("codeBase");
                        definition.Adapter = reader.GetAttribute("adapterTypeName");
                        definition.ClassName = reader.GetAttribute("className");
                        definition.MethodName = reader.GetAttribute("name");
                        break;

                    case "TestCategoryItem" when definition is not null && depth == definition.Depth + 2 && parent == "TestCategory":
                        if (TestTrait.FromCategory(reader.GetAttribute("TestCategory")) is TestTrait trait)
                        {
                            definition.Categories.Add(trait);
                        }

                        break;
                }
            }
            while (reader.Read());
        }
        catch (XmlException ex)
        {
            return Failed(Problem(file, ex.LineNumber, ex.LinePosition,
                $"{name} is not well-formed XML at line {ex.LineNumber}, column {ex.LinePosition}: {FirstSentence(ex.Message)} Produce it again with `dotnet test --logger trx`; a test run that was stopped can leave a file cut short."));
        }

        foreach ((string id, Definition first, Definition second, int column) in again)
        {
            if (!first.SameTest(second))
            {
                // The logger writes each test once: with two different definitions, the results of that id could belong to either test.
                return Failed(Problem(file, second.Line, column,
                    $"{name} defines the test id {MessageText.Value(id)} twice, as different tests (lines {first.Line} and {second.Line}), so the results with that id could belong to either. The file was edited or merged by hand: produce it again with `dotnet test --logger trx`."));
            }
        }

        var rows = new List<TestResultRow>(results.Count);
        foreach (Result result in results)
        {
            if (Emit(file, name, result, tests, rows, out _) is Diagnostic problem)
            {
                return Failed(problem);
            }
        }

        return new TrxRead(rows, null);
    }

    /// <summary>
    /// Adds the rows of <paramref name="result"/>: itself, or its inner results and, when it failed
    /// and none of them did, itself as well. <paramref name="failed"/> tells whether a failing row was added.
    /// </summary>
    private static Diagnostic? Emit(string file, string name, Result result, Dictionary<string, Definition> tests, List<TestResultRow> rows, out bool failed)
    {
        failed = false;
        if (Outcome(result.Outcome) is not TestOutcome outcome)
        {
            // An outcome the logger never writes ("failed", "Crashed") could be a failure: it is not guessed at.
            return Problem(file, result.Line, result.Column,
                $"{name} has a test result at line {result.Line} ({(string.IsNullOrEmpty(result.TestName) ? "no testName" : MessageText.Value(result.TestName!))}) with the outcome '{MessageText.Value(result.Outcome!)}', which the TRX logger does not write (outcomes are case-sensitive: Passed, Failed, Error, Timeout, Aborted, NotExecuted, ...), so the gate cannot tell whether it passed. Produce the file again with `dotnet test --logger trx`.");
        }

        if (result.Inner is not null)
        {
            foreach (Result inner in result.Inner)
            {
                if (Emit(file, name, inner, tests, rows, out bool innerFailed) is Diagnostic problem)
                {
                    return problem;
                }

                failed |= innerFailed;
            }

            if (failed || outcome != TestOutcome.Failed)
            {
                return null;
            }
        }

        string testName = result.TestName ?? string.Empty;
        if (result.TestId is null || !tests.TryGetValue(result.TestId, out Definition? test) || test.ClassName is null || test.MethodName is null)
        {
            string what = result.TestId is null
                ? "without a testId"
                : $"whose testId {result.TestId} matches no UnitTest with a TestMethod in its TestDefinitions";
            return Problem(file, result.Line, result.Column,
                $"{name} has a test result at line {result.Line} ({(testName.Length > 0 ? testName : "no testName")}) {what}, so the gate cannot tell which test ran. The file was edited or cut short: produce it again with `dotnet test --logger trx`.");
        }

        string? assembly = !string.IsNullOrEmpty(test.CodeBase) ? test.CodeBase : test.Storage;
        if (string.IsNullOrEmpty(assembly))
        {
            return Problem(file, test.Line, 0,
                $"{name} defines the test {test.ClassName}.{test.MethodName} at line {test.Line} without its assembly (TestMethod@codeBase or UnitTest@storage), so its traits cannot be read. Produce the file again with `dotnet test --logger trx`.");
        }

        if (!IsFullPath(assembly!))
        {
            // A relative path would be read from wherever the gate happens to run, and a replay elsewhere would read another file.
            return Problem(file, test.Line, 0,
                $"{name} defines the test {test.ClassName}.{test.MethodName} at line {test.Line} with the assembly '{MessageText.Value(assembly!)}', which is not a full path on this machine: the TRX logger writes the full path of the assembly it ran, so the file was edited or written on another operating system. Run the gate where the tests ran, on a TRX file produced there with `dotnet test --logger trx`.");
        }

        if (testName.Length == 0)
        {
            testName = test.Name ?? test.ClassName + "." + test.MethodName;
        }

        rows.Add(new TestResultRow(file, assembly!, test.ClassName, test.MethodName, testName, outcome, test.Traits, result.Line)
        {
            CategoriesInTrx = test.Adapter?.StartsWith(MSTestAdapter, StringComparison.OrdinalIgnoreCase) == true,
        });
        failed = outcome == TestOutcome.Failed;
        return null;
    }

    /// <summary>
    /// The outcomes of VSTest's TRX object model, as the logger writes them: Passed passes; Failed,
    /// Error, Timeout, Aborted and Disconnected (the test host was lost) fail; the others, and no
    /// outcome at all, prove nothing. Anything else is null: not a TRX outcome, so not guessed at.
    /// </summary>
    private static TestOutcome? Outcome(string? outcome) => outcome switch
    {
        null => TestOutcome.NotRun,
        "Passed" => TestOutcome.Passed,
        "Failed" or "Error" or "Timeout" or "Aborted" or "Disconnected" => TestOutcome.Failed,
        "NotExecuted" or "Inconclusive" or "NotRunnable" or "PassedButRunAborted" or "Warning" or "Completed" or "InProgress" or "Pending" => TestOutcome.NotRun,
        _ => null,
    };

    /// <summary>A full path on this machine: rooted, and not relative to a current drive or folder.</summary>
    private static bool IsFullPath(string path)
    {
#if NET
        return Path.IsPathFullyQualified(path);
#else
        return path.Length >= 3 && ((path[1] == ':' && (path[2] == '\\' || path[2] == '/')) || path.StartsWith(@"\\", StringComparison.Ordinal));
#endif
    }

    private static TrxRead Failed(Diagnostic problem) => new(Array.Empty<TestResultRow>(), problem);

    private static Diagnostic Problem(string file, int line, int column, string message) =>
        new(Gov.MalformedXml, message, new SourceLocation(file, line, column));

    /// <summary>The reader's message without its own " Line n, position m." (the message says where already).</summary>
    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(". Line ", StringComparison.Ordinal);
        return cut > 0 ? message.Substring(0, cut + 1) : message;
    }

    /// <summary>A <c>UnitTestResult</c> as read; <see cref="Inner"/> holds its <c>InnerResults</c>, if any.</summary>
    private sealed class Result(string? testId, string? testName, string? outcome, int line, int column, int depth)
    {
        public string? TestId { get; } = testId;

        public string? TestName { get; } = testName;

        public string? Outcome { get; } = outcome;

        public int Line { get; } = line;

        public int Column { get; } = column;

        public int Depth { get; } = depth;

        public List<Result>? Inner { get; set; }
    }

    /// <summary>A <c>UnitTest</c> as read, with its <c>TestMethod</c> and categories.</summary>
    private sealed class Definition(string? name, string? storage, int line, int depth)
    {
        private IReadOnlyList<TestTrait>? traits;

        public string? Name { get; } = name;

        public string? Storage { get; } = storage;

        public int Line { get; } = line;

        public int Depth { get; } = depth;

        public string? CodeBase { get; set; }

        public string? Adapter { get; set; }

        public string? ClassName { get; set; }

        public string? MethodName { get; set; }

        public List<TestTrait> Categories { get; } = new();

        /// <summary>The categories once, sorted: the logger's order differs between MSTest versions. Shared by every result of the test.</summary>
        public IReadOnlyList<TestTrait> Traits => traits ??= TestTrait.Canonical(Categories);

        /// <summary>Whether <paramref name="other"/> defines the same test: the same names, assembly and categories.</summary>
        public bool SameTest(Definition other) =>
            Name == other.Name && Storage == other.Storage && CodeBase == other.CodeBase && ClassName == other.ClassName &&
            MethodName == other.MethodName && Traits.SequenceEqual(other.Traits);
    }
}
