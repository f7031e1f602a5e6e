using System;
using System.Collections.Generic;
using System.Linq;

namespace Governance.Core.Tenants;

/// <summary>
/// Which test results prove which capability: a result is an isolation test of a capability when
/// its <c>Capability</c> trait names the capability and it has an <c>Isolation</c> trait (each value
/// a scenario), or when one of the capability's <c>tests</c> globs matches its full name. Built in
/// one pass over the results; exact names are looked up, only real globs are matched one by one.
/// </summary>
public sealed class IsolationTests
{
    private readonly Dictionary<string, Capability> byId;
    private readonly Dictionary<string, List<Capability>> byExactTest = new(StringComparer.Ordinal);
    private readonly List<(Capability Capability, TestNameGlob Glob, string Prefix)> globs = new();
    private readonly Dictionary<string, List<IsolationTest>> tests = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IsolationTest> unknown = new();

    public IsolationTests(IReadOnlyList<Capability> capabilities)
    {
        byId = capabilities.ToDictionary(c => c.Id, StringComparer.OrdinalIgnoreCase);
        foreach (Capability capability in capabilities)
        {
            foreach (string pattern in capability.Tests)
            {
                int wildcard = pattern.IndexOfAny(new[] { '*', '?' });
                if (wildcard < 0)
                {
                    if (!byExactTest.TryGetValue(pattern, out List<Capability>? named))
                    {
                        byExactTest[pattern] = named = new List<Capability>();
                    }

                    named.Add(capability);
                }
                else
                {
                    globs.Add((capability, new TestNameGlob(pattern), pattern.Substring(0, wildcard)));
                }
            }
        }
    }

    /// <summary>Isolation tests whose Capability trait names a capability the registry does not list, in the order found.</summary>
    public IReadOnlyList<IsolationTest> Unknown => unknown;

    public void Add(TestResultRow row, IReadOnlyList<TestTrait> traits)
    {
        // Plain loops: this runs once per test result, 20,000 times in a large repository.
        List<string>? scenarios = null;
        foreach (TestTrait trait in traits)
        {
            string value = trait.Value.Trim();
            if (value.Length > 0 && trait.Is(TenantIsolationCheck.IsolationTrait) && !(scenarios ??= new List<string>()).Contains(value))
            {
                scenarios.Add(value);
            }
        }

        HashSet<string>? named = null;
        if (scenarios is not null)
        {
            foreach (TestTrait trait in traits)
            {
                string id = trait.Value.Trim();
                if (id.Length == 0 || !trait.Is(TenantIsolationCheck.CapabilityTrait) || !(named ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(id))
                {
                    continue;
                }

                if (byId.TryGetValue(id, out Capability? capability))
                {
                    Record(capability, scenarios, row, byTrait: true);
                }
                else
                {
                    foreach (string scenario in scenarios)
                    {
                        unknown.Add(new IsolationTest(id, scenario, row, ByTrait: true));
                    }
                }
            }
        }

        if (byExactTest.Count == 0 && globs.Count == 0)
        {
            return;
        }

        // Listed tests: the scenario is the Isolation trait's when there is one.
        string fullName = row.FullName;
        IReadOnlyList<string?> listedScenarios = scenarios is not null ? scenarios : NoScenario;
        if (byExactTest.TryGetValue(fullName, out List<Capability>? exact))
        {
            foreach (Capability capability in exact)
            {
                if ((named ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(capability.Id))
                {
                    Record(capability, listedScenarios, row, byTrait: false);
                }
            }
        }

        foreach ((Capability capability, TestNameGlob glob, string prefix) in globs)
        {
            if (fullName.StartsWith(prefix, StringComparison.Ordinal) && !(named?.Contains(capability.Id) ?? false) && glob.IsMatch(fullName))
            {
                (named ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(capability.Id);
                Record(capability, listedScenarios, row, byTrait: false);
            }
        }
    }

    /// <summary>The capability's isolation tests, sorted by scenario, test name and results file.</summary>
    public IReadOnlyList<IsolationTest> Of(Capability capability) =>
        tests.TryGetValue(capability.Id, out List<IsolationTest>? found)
            ? found.OrderBy(t => t.Scenario ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(t => t.Result.TestName, StringComparer.Ordinal)
                .ThenBy(t => t.Result.TrxFile, StringComparer.Ordinal)
                .ThenBy(t => t.Result.Line)
                .ToArray()
            : Array.Empty<IsolationTest>();

    private static readonly string?[] NoScenario = { null };

    private void Record(Capability capability, IReadOnlyList<string?> scenarios, TestResultRow row, bool byTrait)
    {
        if (!tests.TryGetValue(capability.Id, out List<IsolationTest>? list))
        {
            tests[capability.Id] = list = new List<IsolationTest>();
        }

        foreach (string? scenario in scenarios)
        {
            list.Add(new IsolationTest(capability.Id, scenario, row, byTrait));
        }
    }
}
