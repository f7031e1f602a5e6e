using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.IO;
using Governance.Core.Policy;

namespace Governance.Core.Tenants;

/// <summary>
/// The same_tenant rollout (docs/tenant-isolation.md). Every capability of the registry in a
/// required cohort must be <c>enforced</c> (GOV6001) and proven by a passing isolation test with no
/// failing one, for every scenario it requires (GOV6002); an <c>exempt</c> one needs a valid
/// exemption (GOV6004); coverage (covered over required) below <c>minCoverage</c> is GOV6003.
/// Findings have the capability's risk as severity, so the transitional profile treats them as it
/// treats every other check; coverage is high severity, so it is the floor under both profiles.
/// Which tests prove what comes from TRX results joined to the traits in the test assemblies'
/// metadata (xUnit and NUnit do not write traits into TRX), read through the inputs, so a replay
/// reads the traits recorded instead of the assemblies.
/// </summary>
public sealed class TenantIsolationCheck : IGateCheck
{
    public const string RegistryCheckId = "tenants:registry";
    public const string CoverageCheckId = "tenants:coverage";
    public const string ResultsCheckId = "tenants:test-results";
    public const string UnknownCheckId = "tenants:unknown-capabilities";
    public const string HistoryCheckId = "tenants:history";

    /// <summary>The trait that names a test's capability, and the one that makes it an isolation test (its value is the scenario).</summary>
    public const string CapabilityTrait = "Capability";
    public const string IsolationTrait = "Isolation";

    public static string CheckId(Capability capability) => "tenant:" + capability.Id;

    public void Run(GateContext context, GateFindings findings)
    {
        if (context.Policy is not { TenantIsolation: TenantIsolationPolicy settings } policy)
        {
            return;
        }

        int before = findings.Results.Count;
        CapabilityRegistry? registry = ReadRegistry(context, policy, settings, findings);
        if (registry is null)
        {
            return;
        }

        var registryEvidence = new EvidenceReference(registry.File, registry.Sha256);
        var results = IsolationResultsReader.Read(context, policy, settings, findings, out IReadOnlyList<EvidenceReference> resultFiles, out IReadOnlyList<EvidenceReference> assemblies);
        var tests = new IsolationTests(registry.Capabilities);
        foreach ((TestResultRow row, IReadOnlyList<TestTrait> traits) in results)
        {
            tests.Add(row, traits);
        }

        var required = new HashSet<int>(settings.RequiredCohorts);
        var judged = registry.Capabilities
            .Select(c => Judge(c, c.Cohort is int cohort && required.Contains(cohort), tests.Of(c), context.Now, policy))
            .ToArray();
        foreach (CapabilityCoverage coverage in judged)
        {
            if (Result(coverage, registryEvidence, resultFiles) is CheckResult result)
            {
                findings.Add(result);
            }
        }

        if (tests.Unknown.Count > 0)
        {
            findings.Add(UnknownCapabilities(tests.Unknown, registry));
        }

        var summary = new TenantSummary(
            registry.File, registry.Sha256, settings.RequiredCohorts.OrderBy(c => c).ToArray(), settings.MinCoverage,
            judged.Count(c => c.Required), judged.Count(c => c.Required && c.CountsAsCovered), Cohorts(judged));
        findings.Add(Coverage(summary, judged, settings, policy, registryEvidence, resultFiles));

        // A run whose results could not all be read (a TRX, a test assembly) judged with less than the
        // tests proved: it is shown, never recorded in the history, or the trend would show a drop that
        // is an infrastructure fault, and the fixed rerun of the commit a second point.
        bool complete = !findings.Results.Skip(before).Any(r => r.Status == CheckStatus.Error);
        IReadOnlyList<TenantTrendPoint> trend = TenantTrend.Of(context, summary, judged, findings, record: complete);
        findings.Tenants = new TenantRollout(summary, judged, tests.Unknown, resultFiles, assemblies, trend);
    }

    private static CapabilityRegistry? ReadRegistry(GateContext context, GovernancePolicy policy, TenantIsolationPolicy settings, GateFindings findings)
    {
        CapabilityRegistryLoad load = TenantRegistryFile.Load(policy, context.Root, context.Inputs);
        string? path = RepoPath.ResolveInside(context.Root, settings.Registry);
        EvidenceReference[] evidence = load.Sha256 is null || path is null ? Array.Empty<EvidenceReference>() : new[] { new EvidenceReference(path, load.Sha256) };
        if (load.Registry is null)
        {
            // Half a registry would make the capabilities left out look as if they were never required.
            findings.AddRange(load.Problems.Select(p => CheckResult.FromDiagnostic(RegistryCheckId, p) with { Evidence = evidence }));
            return null;
        }

        findings.Add(new CheckResult(RegistryCheckId, Gov.SchemaViolation, CheckStatus.Pass, Severity.High,
            $"{settings.Registry}: {load.Registry.Capabilities.Count} capabilit{(load.Registry.Capabilities.Count == 1 ? "y" : "ies")} read.",
            null, new[] { new SourceLocation(load.Registry.File) }, evidence));
        return load.Registry;
    }

    /// <summary>
    /// Where a capability stands. Enforced and exempt ones are judged whatever their cohort (the
    /// rollout page shows how far a later cohort already is); a pending one fails only in a required cohort.
    /// </summary>
    private static CapabilityCoverage Judge(Capability capability, bool required, IReadOnlyList<IsolationTest> tests, DateTimeOffset now, GovernancePolicy policy)
    {
        CapabilityCoverage As(CoverageState state, string? problem = null, IReadOnlyList<string>? missing = null) =>
            new(capability, required, state, tests, missing ?? Array.Empty<string>(), problem);

        switch (capability.SameTenant)
        {
            case SameTenantStatus.Exempt:
                string? exemption = ExemptionRules.Problem(capability, now, policy);
                return exemption is null ? As(CoverageState.Exempt) : As(CoverageState.ExemptionInvalid, "its exemption " + exemption);

            case SameTenantStatus.Pending when required:
                return As(CoverageState.NotEnforced, "its sameTenant is pending in a required cohort");

            case SameTenantStatus.Enforced:
                IsolationTest[] failing = tests.Where(t => t.Result.Outcome == TestOutcome.Failed).ToArray();
                var passed = new HashSet<string>(tests.Where(t => t.Result.Outcome == TestOutcome.Passed).Select(t => t.Scenario ?? string.Empty), StringComparer.OrdinalIgnoreCase);
                string[] missing = capability.Scenarios.Where(s => !passed.Contains(s)).OrderBy(s => s, StringComparer.Ordinal).ToArray();
                var gaps = new List<string>();
                if (failing.Length > 0)
                {
                    gaps.Add($"its isolation test{(failing.Length == 1 ? "" : "s")} {List(failing.Select(t => t.Result.QualifiedTestName).Distinct(StringComparer.Ordinal))} failed");
                }
                else if (passed.Count == 0)
                {
                    gaps.Add(tests.Count == 0
                        ? $"no isolation test names it (give a test the traits {CapabilityTrait}={capability.Id} and {IsolationTrait}=<scenario>, or list its tests in the registry)"
                        : $"none of its {tests.Count} isolation test result{(tests.Count == 1 ? "" : "s")} passed (not run)");
                }

                if (missing.Length > 0)
                {
                    gaps.Add($"it has no passing isolation test for the scenario{(missing.Length == 1 ? "" : "s")} {List(missing)} it requires");
                }

                return gaps.Count > 0 ? As(CoverageState.Unproven, string.Join("; ", gaps), missing) : As(CoverageState.Covered);

            default:
                return As(CoverageState.Pending);
        }
    }

    /// <summary>The result of one capability: every required one has one; one that is not required only when its exemption does not stand.</summary>
    private static CheckResult? Result(CapabilityCoverage coverage, EvidenceReference registry, IReadOnlyList<EvidenceReference> resultFiles)
    {
        Capability capability = coverage.Capability;
        if (!coverage.Required && coverage.State != CoverageState.ExemptionInvalid)
        {
            return null;
        }

        var locations = new List<SourceLocation> { new(registry.Path, capability.Line) };
        locations.AddRange(coverage.Tests.Where(t => t.Result.Outcome == TestOutcome.Failed)
            .Select(t => new SourceLocation(t.Result.TrxFile, t.Result.Line)).Distinct());
        EvidenceReference[] evidence = new[] { registry }.Concat(coverage.Tests.Select(t => t.Result.TrxFile).Distinct(StringComparer.Ordinal).OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => resultFiles.First(r => r.Path == f))).ToArray();
        string what = $"Capability {capability.Id} ({Describe(capability)})";
        (DiagnosticDescriptor rule, CheckStatus status, string message) = coverage.State switch
        {
            CoverageState.Covered => (Gov.TenantIsolationUnproven, CheckStatus.Pass,
                $"{what} is same_tenant enforced and proven by {Count(coverage.Tests.Count(t => t.Result.Outcome == TestOutcome.Passed), "passing isolation test result")}{Scenarios(coverage)}."),
            CoverageState.Exempt => (Gov.TenantExemptionInvalid, CheckStatus.Pass,
                $"{what} is exempt from same_tenant until {GateClock.Format(capability.Exemption!.Expires!.Value)}, approved by {Identity.PersonIdentity.Show(capability.Exemption.ApprovedBy!)}: {capability.Exemption.Reason}"),
            CoverageState.NotEnforced => (Gov.TenantNotEnforced, CheckStatus.Fail,
                $"{what} is in a required cohort, but its sameTenant is pending. Enforce same_tenant for it and set \"sameTenant\": \"enforced\" with a passing isolation test, exempt it with an approved exemption, or move it to a later cohort (docs/tenant-isolation.md#expanding-a-cohort)."),
            CoverageState.Unproven => (Gov.TenantIsolationUnproven, CheckStatus.Fail,
                $"{what} is enforced, but {coverage.Problem}. Fix or write the isolation tests (docs/tenant-isolation.md#writing-an-isolation-test), run them with `dotnet test --logger trx`, and run the gate again."),
            _ => (Gov.TenantExemptionInvalid, coverage.Required ? CheckStatus.Fail : CheckStatus.Warn,
                $"{what} is exempt, but {coverage.Problem}. Have someone other than its owner approve a time-boxed exemption, or enforce same_tenant for it{(coverage.Required ? string.Empty : " before its cohort is required")}."),
        };
        return new CheckResult(CheckId(capability), rule, status, capability.Risk, message, null, locations, evidence);
    }

    private static CheckResult UnknownCapabilities(IReadOnlyList<IsolationTest> unknown, CapabilityRegistry registry)
    {
        string[] names = unknown.Select(t => t.Capability).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        string[] examples = unknown.Select(t => t.Result.QualifiedTestName).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        return new CheckResult(UnknownCheckId, Gov.TenantIsolationUnproven, CheckStatus.Warn, Severity.Low,
            $"Isolation tests name capabilit{(names.Length == 1 ? "y" : "ies")} {List(names)}, which {Path.GetFileName(registry.File)} does not list (tests: {List(examples)}). Correct the tests' Capability trait, or add the capabilit{(names.Length == 1 ? "y" : "ies")} to the registry: until then these tests prove nothing.",
            null, unknown.Select(t => new SourceLocation(t.Result.TrxFile, t.Result.Line)).Distinct().Take(10).ToArray(), new[] { new EvidenceReference(registry.File, registry.Sha256) });
    }

    private static CheckResult Coverage(TenantSummary summary, IReadOnlyList<CapabilityCoverage> judged, TenantIsolationPolicy settings, GovernancePolicy policy,
        EvidenceReference registry, IReadOnlyList<EvidenceReference> resultFiles)
    {
        var locations = new[] { new SourceLocation(policy.FilePath!, settings.Line) };
        EvidenceReference[] evidence = new[] { registry }.Concat(resultFiles).ToArray();
        CheckResult Result(CheckStatus status, string message) =>
            new(CoverageCheckId, Gov.TenantCoverageBelowTarget, status, Severity.High, message, null, locations, evidence);

        if (settings.RequiredCohorts.Count == 0)
        {
            return Result(CheckStatus.Pass, "No cohort is required yet (tenantIsolation.requiredCohorts), so nothing is held to same_tenant. Plan the first cohort with `governance tenants plan`.");
        }

        // A required cohort with nothing in it proves nothing: a typo in requiredCohorts, or every
        // capability moved out of a cohort, would otherwise turn the check off.
        string cohorts = string.Join(", ", settings.RequiredCohorts.OrderBy(c => c));
        int[] empty = settings.RequiredCohorts.Where(c => !judged.Any(j => j.Capability.Cohort == c)).OrderBy(c => c).ToArray();
        if (empty.Length > 0)
        {
            return Result(CheckStatus.Fail,
                $"The required cohort{(empty.Length == 1 ? "" : "s")} {string.Join(", ", empty)} {(empty.Length == 1 ? "has" : "have")} no capabilities in {Path.GetFileName(registry.Path)}, so {(empty.Length == 1 ? "it holds" : "they hold")} nothing to same_tenant. Correct tenantIsolation.requiredCohorts, or assign the cohort's capabilities in the registry (governance tenants plan --write).");
        }

        double coverage = summary.Coverage!.Value;
        string reached = $"{Percent(coverage)} ({summary.Covered} of {summary.Required} capabilities in cohort{(settings.RequiredCohorts.Count == 1 ? "" : "s")} {cohorts})";
        if (coverage >= settings.MinCoverage)
        {
            return Result(CheckStatus.Pass, $"Tenant-isolation coverage is {reached}, at or above the policy's minCoverage {Percent(settings.MinCoverage)}.");
        }

        return Result(CheckStatus.Fail,
            $"Tenant-isolation coverage is {reached}, below the policy's minCoverage {Percent(settings.MinCoverage)}. Not covered: {List(judged.Where(j => j.Required && !j.CountsAsCovered).Select(j => j.Capability.Id))}. Enforce and prove them (tenant-isolation-matrix.json says what each lacks); an exception that waives a capability's finding does not make it covered.");
    }

    /// <summary>Every cohort by number, required or not, and the unscheduled capabilities last.</summary>
    private static IReadOnlyList<CohortProgress> Cohorts(IReadOnlyList<CapabilityCoverage> judged) => judged
        .GroupBy(j => j.Capability.Cohort)
        .OrderBy(g => g.Key is null ? 1 : 0).ThenBy(g => g.Key ?? 0)
        .Select(g => new CohortProgress(
            g.Key, g.Any(j => j.Required), g.Count(),
            g.Count(j => j.Capability.SameTenant == SameTenantStatus.Enforced),
            g.Count(j => j.Capability.SameTenant == SameTenantStatus.Pending),
            g.Count(j => j.Capability.SameTenant == SameTenantStatus.Exempt),
            g.Count(j => j.CountsAsCovered)))
        .ToArray();

    private static string Describe(Capability capability) =>
        $"{(capability.Cohort is int cohort ? "cohort " + cohort.ToString(CultureInfo.InvariantCulture) : "no cohort")}, {Names.Of(capability.Risk)} risk, {Names.Name(capability.Channel)}, owner {Identity.PersonIdentity.Show(capability.Owner)}";

    private static string Scenarios(CapabilityCoverage coverage)
    {
        string[] scenarios = coverage.Tests.Where(t => t.Result.Outcome == TestOutcome.Passed && t.Scenario is not null)
            .Select(t => t.Scenario!).Distinct(StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        return scenarios.Length == 0 ? string.Empty : $" ({string.Join(", ", scenarios)})";
    }

    private static string Count(int n, string what) => $"{n} {what}{(n == 1 ? "" : "s")}";

    /// <summary>A share as a percentage rounded down to 0.1%: 1999 of 2000 is 99.9%, never a rounded-up 100% below a 100% target.</summary>
    public static string Percent(double value) => (Math.Floor(value * 1000 + 1e-9) / 10).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>Up to ten names, then how many more: a message names what to fix without becoming the matrix.</summary>
    public static string List(IEnumerable<string> names)
    {
        string[] all = names.ToArray();
        return all.Length <= 10 ? string.Join(", ", all) : $"{string.Join(", ", all.Take(10))} and {all.Length - 10} more";
    }
}
