using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Inputs;
using Governance.Core.IO;
using Governance.Core.Policy;

namespace Governance.Core.Tenants;

/// <summary>
/// The test results the tenant-isolation check judges: every TRX file <c>tenantIsolation.testResults</c>
/// names (by default the <c>.trx</c> files of <c>metrics</c>), each result with its traits: those
/// the TRX carries (MSTest categories) and those in its test assembly's metadata (xUnit traits,
/// NUnit and MSTest categories), read without loading the assembly. A TRX that cannot be read, or a
/// test assembly that is gone while its results need its traits, is an error naming it: results
/// whose traits are unknown would make tests look missing, and never pass silently.
/// </summary>
public static class IsolationResultsReader
{
    public static IReadOnlyList<(TestResultRow Row, IReadOnlyList<TestTrait> Traits)> Read(
        GateContext context, GovernancePolicy policy, TenantIsolationPolicy settings, GateFindings findings,
        out IReadOnlyList<EvidenceReference> resultFiles, out IReadOnlyList<EvidenceReference> assemblies)
    {
        var policyLocation = new[] { new SourceLocation(policy.FilePath!, settings.Line) };
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string glob in settings.TestResults ?? policy.Metrics)
        {
            IReadOnlyList<string>? matched = context.Inputs.Glob(context.Root, glob);
            if (matched is null)
            {
                findings.Add(new CheckResult(TenantIsolationCheck.ResultsCheckId, Gov.SchemaViolation, CheckStatus.Error, Severity.High,
                    $"The test results glob '{glob}' is not a relative path inside the governance root. Name TRX files relative to the folder of governance.json.",
                    null, policyLocation, Array.Empty<EvidenceReference>()));
                continue;
            }

            files.UnionWith(settings.TestResults is null ? matched.Where(f => f.EndsWith(".trx", StringComparison.OrdinalIgnoreCase)) : matched);
        }

        var rows = new List<TestResultRow>();
        var read = new List<EvidenceReference>();
        foreach (string file in files)
        {
            byte[] bytes;
            try
            {
                bytes = context.Inputs.ReadAllBytes(file, InputRole.TestResults);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                findings.Add(Error(Gov.UnreadableFile, $"The test results {RepoPath.Relative(context.Root, file)} cannot be read: {RepoPath.DescribeFailure(ex)}. Check that it is the TRX file `dotnet test --logger trx` wrote, readable by this job, or narrow the glob that matches it.", new SourceLocation(file)));
                continue;
            }

            var evidence = new EvidenceReference(file, Sha256.OfBytes(bytes));
            TrxRead trx = TrxTestResults.Read(file, bytes);
            if (trx.Problem is not null)
            {
                findings.Add(CheckResult.FromDiagnostic(TenantIsolationCheck.ResultsCheckId, trx.Problem) with { Evidence = new[] { evidence } });
                continue;
            }

            read.Add(evidence);
            rows.AddRange(trx.Rows);
        }

        resultFiles = read;
        IReadOnlyDictionary<string, TestAssemblyTraits?> traits = ReadTraits(context, rows, findings, out assemblies);
        findings.Add(Summary(context, policyLocation, files.Count, rows.Count, read, settings));
        return rows.Select(row => (row, Merge(row, traits.TryGetValue(row.Assembly, out TestAssemblyTraits? found) ? found : null))).ToArray();
    }

    /// <summary>
    /// The traits of every test assembly the results name. An assembly is needed unless every one of
    /// its results already carries traits in the TRX (MSTest writes its categories there).
    /// </summary>
    private static IReadOnlyDictionary<string, TestAssemblyTraits?> ReadTraits(
        GateContext context, IReadOnlyList<TestResultRow> rows, GateFindings findings, out IReadOnlyList<EvidenceReference> assemblies)
    {
        var traits = new Dictionary<string, TestAssemblyTraits?>(RepoPath.Comparer);
        var read = new List<EvidenceReference>();
        foreach (IGrouping<string, TestResultRow> assembly in rows.GroupBy(r => r.Assembly, RepoPath.Comparer).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            TestResultRow first = assembly.First();
            string trx = RepoPath.Relative(context.Root, first.TrxFile);
            try
            {
                TestAssemblyTraits? found = context.Inputs.TestTraitsOf(assembly.Key);
                traits[assembly.Key] = found;
                if (found is not null)
                {
                    read.Add(new EvidenceReference(assembly.Key, Sha256.OfBytes(found.ToJson())));
                }
                else if (!assembly.All(r => r.CategoriesInTrx))
                {
                    findings.Add(Error(Gov.UnreadableFile,
                        $"The test assembly {RepoPath.Relative(context.Root, assembly.Key)} that {trx} names for {assembly.Count()} result(s) cannot be found, so which of its tests prove tenant isolation is unknown (only MSTest writes its categories into the TRX file; xUnit traits and NUnit categories are read from the assembly). Run the gate where the tests ran, after `dotnet test` and before the build output is cleaned or moved; or narrow the test results globs to the isolation tests' TRX files.",
                        new SourceLocation(first.TrxFile, first.Line)));
                }
            }
            catch (Exception ex) when (ex is BadImageFormatException or IOException or UnauthorizedAccessException)
            {
                traits[assembly.Key] = null;
                findings.Add(Error(Gov.UnreadableFile,
                    $"The test assembly {RepoPath.Relative(context.Root, assembly.Key)} that {trx} names cannot be read as a .NET assembly ({(ex is BadImageFormatException ? ex.Message.TrimEnd('.') : RepoPath.DescribeFailure(ex))}), so which of its tests prove tenant isolation is unknown. Build and test it again, or correct the TRX file.",
                    new SourceLocation(first.TrxFile, first.Line)));
            }
        }

        assemblies = read;
        return traits;
    }

    private static IReadOnlyList<TestTrait> Merge(TestResultRow row, TestAssemblyTraits? assembly)
    {
        IReadOnlyList<TestTrait> fromAssembly = assembly?.For(row.ClassName, row.MethodName) ?? Array.Empty<TestTrait>();
        return fromAssembly.Count == 0 ? row.TrxTraits
            : row.TrxTraits.Count == 0 ? fromAssembly
            : row.TrxTraits.Concat(fromAssembly).Distinct().ToArray();
    }

    private static CheckResult Summary(GateContext context, SourceLocation[] policyLocation, int files, int rows, IReadOnlyList<EvidenceReference> read, TenantIsolationPolicy settings)
    {
        string source = settings.TestResults is null ? "the metrics globs (their .trx files)" : "tenantIsolation.testResults";
        string where = settings.TestResults is null ? "a metrics glob (or tenantIsolation.testResults)" : "tenantIsolation.testResults";
        return files == 0
            ? new CheckResult(TenantIsolationCheck.ResultsCheckId, Gov.TenantIsolationUnproven, CheckStatus.Warn, Severity.High,
                $"No TRX test results matched {source}, so no capability can be proven isolated. Run the tests with `dotnet test --logger trx --results-directory artifacts/test-results` before the gate, and name the files in {where}.",
                null, policyLocation, Array.Empty<EvidenceReference>())
            : new CheckResult(TenantIsolationCheck.ResultsCheckId, Gov.TenantIsolationUnproven, CheckStatus.Pass, Severity.High,
                $"{rows} test result(s) read from {files} TRX file(s) ({source}).",
                null, policyLocation, read);
    }

    private static CheckResult Error(DiagnosticDescriptor rule, string message, SourceLocation location) =>
        new(TenantIsolationCheck.ResultsCheckId, rule, CheckStatus.Error, Severity.High, message, null, new[] { location }, Array.Empty<EvidenceReference>());
}
