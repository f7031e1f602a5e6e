using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Inputs;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Policy;

namespace Governance.Core.Slos;

/// <summary>
/// Reads the files the policy's <c>metrics</c> globs name: plain JSON metric files
/// (<c>{ "metrics": { "name": number } }</c>), TRX test results (<c>tests.total</c>,
/// <c>tests.failed</c>, <c>tests.passRate</c>, summed over every TRX file) and Cobertura coverage
/// (<c>coverage.line</c>, <c>coverage.branch</c>, fractions 0..1 over every report). A file that
/// cannot be read or is not one of these formats is a configuration error naming it; a metric
/// two files give differently is one too, since the gate could only guess which is right.
/// A ratio over nothing (no tests, no lines) has no value: no data never passes.
/// </summary>
public static class MetricReader
{
    public const string TestsTotal = "tests.total";
    public const string TestsFailed = "tests.failed";
    public const string TestsPassRate = "tests.passRate";
    public const string CoverageLine = "coverage.line";
    public const string CoverageBranch = "coverage.branch";

    private const string SchemaFileName = "governance-metrics.schema.json";

    public static MetricSet Read(IReadOnlyList<string> globs, string root, string policyFile, IGateInputs inputs)
    {
        var problems = new List<CheckResult>();
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string glob in globs)
        {
            IReadOnlyList<string>? matched = inputs.Glob(root, glob);
            if (matched is null)
            {
                problems.Add(new CheckResult($"metrics:{glob}", Gov.SchemaViolation, CheckStatus.Error, Severity.High,
                    $"The metrics glob '{glob}' is not a relative path inside the governance root. Name metric files relative to the folder of governance.json.",
                    null, new[] { new SourceLocation(policyFile) }, Array.Empty<EvidenceReference>()));
                continue;
            }

            files.UnionWith(matched);
        }

        var plain = new Dictionary<string, MetricValue>(StringComparer.Ordinal);
        var conflicted = new HashSet<string>(StringComparer.Ordinal);
        var tests = new TestCounts();
        var coverage = new CoverageCounts();
        var evidence = new List<EvidenceReference>();
        foreach (string file in files)
        {
            string relative = RepoPath.Relative(root, file);
            string id = $"metrics:{relative}";
            byte[] bytes;
            try
            {
                bytes = inputs.ReadAllBytes(file, InputRole.Metric);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add(Problem(id, Gov.UnreadableFile, $"The metric file {relative} cannot be read: {RepoPath.DescribeFailure(ex)}. Check its permissions.", new SourceLocation(file)));
                continue;
            }

            evidence.Add(new EvidenceReference(file, Sha256.OfBytes(bytes)));
            string extension = Path.GetExtension(file).ToLowerInvariant();
            CheckResult? problem = extension == ".json"
                ? ReadPlain(file, relative, id, bytes, plain, conflicted, root)
                : extension is ".trx" or ".xml"
                    ? ReadXml(file, relative, id, bytes, tests, coverage)
                    : Problem(id, Gov.MalformedXml, $"{relative} is not a metric file: metrics are read from .json (plain metrics), .trx (test results) and .xml (Cobertura or TRX) files. Narrow the metrics glob.", new SourceLocation(file));
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        var values = new Dictionary<string, MetricValue>(plain, StringComparer.Ordinal);
        foreach (MetricValue derived in tests.Values().Concat(coverage.Values()))
        {
            if (values.TryGetValue(derived.Name, out MetricValue? given))
            {
                problems.Add(Problem($"metrics:{derived.Name}", Gov.SchemaViolation,
                    $"The metric {derived.Name} is given by {Describe(given.Sources, root)} and also derived from {Describe(derived.Sources, root)}. Give each metric once: remove it from the plain metric file, or narrow the metrics globs.",
                    new SourceLocation(given.Sources[0])));
                values.Remove(derived.Name);
                continue;
            }

            values[derived.Name] = derived;
        }

        return new MetricSet(values, problems, evidence);
    }

    private static CheckResult? ReadPlain(string file, string relative, string id, byte[] bytes, Dictionary<string, MetricValue> plain, HashSet<string> conflicted, string root)
    {
        using JsonInput input = JsonInput.FromBytes(file, bytes);
        if (input.Error is not null)
        {
            return CheckResult.FromDiagnostic(id, input.Error);
        }

        IReadOnlyList<Diagnostic> violations = SchemaValidator.Validate(file, input.Text!, SchemaFileName);
        if (violations.Count > 0)
        {
            Diagnostic first = violations[0];
            return CheckResult.FromDiagnostic(id, first with { Message = first.Message + " A plain metric file is { \"metrics\": { \"<name>\": <number> } }." });
        }

        var conflicts = new List<string>();
        foreach (JsonProperty metric in input.Document!.RootElement.GetProperty("metrics").EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (!metric.Value.TryGetDouble(out double value) || double.IsNaN(value) || double.IsInfinity(value))
            {
                // 1e400 is valid JSON but no number a gate can compare: the metric has no value.
                conflicts.Add($"{metric.Name} is {metric.Value.GetRawText()}, which is not a finite number");
                conflicted.Add(metric.Name);
                plain.Remove(metric.Name);
                continue;
            }

            if (conflicted.Contains(metric.Name))
            {
                continue;
            }

            if (plain.TryGetValue(metric.Name, out MetricValue? earlier))
            {
                if (earlier.Value != value)
                {
                    // Neither value is believed, and no later file can bring one back.
                    conflicts.Add($"{metric.Name} is {Format(value)} here but {Format(earlier.Value)} in {RepoPath.Relative(root, earlier.Sources[0])}");
                    plain.Remove(metric.Name);
                    conflicted.Add(metric.Name);
                }

                continue;
            }

            plain[metric.Name] = new MetricValue(metric.Name, value, new[] { file });
        }

        return conflicts.Count == 0
            ? null
            : Problem(id, Gov.SchemaViolation,
                $"{relative} has metrics the gate cannot use: {string.Join("; ", conflicts)}. Give each metric once as a finite number, or narrow the metrics globs.",
                new SourceLocation(file));
    }

    private static CheckResult? ReadXml(string file, string relative, string id, byte[] bytes, TestCounts tests, CoverageCounts coverage)
    {
        XDocument document;
        try
        {
            // No DTDs and no external resolution: a metric file cannot make the gate fetch or expand anything.
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            return Problem(id, Gov.MalformedXml,
                $"{relative} is not well-formed XML at line {ex.LineNumber}, column {ex.LinePosition}: {FirstSentence(ex.Message)} Produce it again, or narrow the metrics glob.",
                new SourceLocation(file, ex.LineNumber, ex.LinePosition));
        }

        XElement root = document.Root!;
        switch (root.Name.LocalName)
        {
            case "TestRun":
                XElement? counters = root.Elements().FirstOrDefault(e => e.Name.LocalName == "ResultSummary")?.Elements().FirstOrDefault(e => e.Name.LocalName == "Counters");
                if (counters is null || !TryCount(counters, "total", out long total) || !TryCount(counters, "passed", out long passed))
                {
                    return Problem(id, Gov.MalformedXml,
                        $"{relative} is a TRX file without ResultSummary/Counters (total, passed), so its test results are unknown. Produce it with `dotnet test --logger trx` (or the Microsoft.Testing.Platform TRX report).",
                        new SourceLocation(file, Line(counters ?? root)));
                }

                long failed = new[] { "failed", "error", "timeout", "aborted" }.Sum(name => TryCount(counters, name, out long n) ? n : 0);
                long executed = TryCount(counters, "executed", out long e) ? e : passed + failed;
                tests.Add(file, total, passed, failed, executed);
                return null;

            case "coverage":
                if (!coverage.TryAdd(file, root))
                {
                    return Problem(id, Gov.MalformedXml,
                        $"{relative} is a Cobertura report without valid line-rate and branch-rate attributes (fractions 0..1). Produce it again with coverlet or ReportGenerator.",
                        new SourceLocation(file, Line(root)));
                }

                return null;

            default:
                return Problem(id, Gov.MalformedXml,
                    $"{relative} is neither a TRX file (<TestRun>) nor a Cobertura report (<coverage>): its root element is <{root.Name.LocalName}>. Narrow the metrics glob.",
                    new SourceLocation(file, Line(root)));
        }
    }

    private static bool TryCount(XElement element, string name, out long value)
    {
        value = 0;
        string? text = element.Attribute(name)?.Value;
        return text is not null && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static int Line(XElement element) => ((IXmlLineInfo)element).HasLineInfo() ? ((IXmlLineInfo)element).LineNumber : 0;

    private static CheckResult Problem(string id, DiagnosticDescriptor rule, string message, SourceLocation location) =>
        new(id, rule, CheckStatus.Error, Severity.High, message, null, new[] { location }, Array.Empty<EvidenceReference>());

    private static string Describe(IReadOnlyList<string> files, string root) =>
        files.Count == 1 ? RepoPath.Relative(root, files[0]) : $"{files.Count} files";

    public static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(". Line ", StringComparison.Ordinal);
        return cut > 0 ? message.Substring(0, cut + 1) : message;
    }

    /// <summary>Counters summed over every TRX file: one test run may be split across test projects.</summary>
    private sealed class TestCounts
    {
        private readonly List<string> files = new();
        private long total, passed, failed, executed;

        public void Add(string file, long total, long passed, long failed, long executed)
        {
            files.Add(file);
            this.total += total;
            this.passed += passed;
            this.failed += failed;
            this.executed += executed;
        }

        public IEnumerable<MetricValue> Values()
        {
            if (files.Count == 0)
            {
                yield break;
            }

            yield return new MetricValue(TestsTotal, total, files);
            yield return new MetricValue(TestsFailed, failed, files);
            if (executed > 0)
            {
                // Tests that were not executed (skipped) count neither way.
                yield return new MetricValue(TestsPassRate, (double)passed / executed, files);
            }
        }
    }

    /// <summary>Coverage over every report: by covered/valid counts when every report has them, else the single report's rates.</summary>
    private sealed class CoverageCounts
    {
        private readonly List<(string File, double LineRate, double BranchRate, long[]? Counts)> reports = new();

        public bool TryAdd(string file, XElement root)
        {
            if (!TryRate(root, "line-rate", out double lineRate) || !TryRate(root, "branch-rate", out double branchRate))
            {
                return false;
            }

            long[] counts = new long[4];
            bool hasCounts = TryCount(root, "lines-covered", out counts[0]) & TryCount(root, "lines-valid", out counts[1]) &
                             TryCount(root, "branches-covered", out counts[2]) & TryCount(root, "branches-valid", out counts[3]);
            reports.Add((file, lineRate, branchRate, hasCounts ? counts : null));
            return true;
        }

        public IEnumerable<MetricValue> Values()
        {
            if (reports.Count == 0)
            {
                yield break;
            }

            IReadOnlyList<string> files = reports.Select(r => r.File).ToArray();
            if (reports.All(r => r.Counts is not null))
            {
                long linesValid = reports.Sum(r => r.Counts![1]);
                long branchesValid = reports.Sum(r => r.Counts![3]);
                if (linesValid > 0)
                {
                    yield return new MetricValue(CoverageLine, (double)reports.Sum(r => r.Counts![0]) / linesValid, files);
                }

                if (branchesValid > 0)
                {
                    yield return new MetricValue(CoverageBranch, (double)reports.Sum(r => r.Counts![2]) / branchesValid, files);
                }
            }
            else if (reports.Count == 1)
            {
                yield return new MetricValue(CoverageLine, reports[0].LineRate, files);
                yield return new MetricValue(CoverageBranch, reports[0].BranchRate, files);
            }
        }

        private static bool TryRate(XElement element, string name, out double value)
        {
            value = 0;
            string? text = element.Attribute(name)?.Value;
            return text is not null &&
                   double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) &&
                   !double.IsNaN(value) && value >= 0 && value <= 1;
        }
    }
}
