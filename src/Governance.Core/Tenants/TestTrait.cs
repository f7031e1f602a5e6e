using System;
using System.Collections.Generic;

namespace Governance.Core.Tenants;

/// <summary>
/// One name/value pair a test carries, whatever framework wrote it: an xUnit
/// <c>[Trait("Capability", "orders.read")]</c> is the pair as written; an MSTest
/// <c>[TestCategory("Capability=orders.read")]</c> or NUnit <c>[Category("Capability=orders.read")]</c>
/// has only one string, so the pair is written into it as <c>Name=Value</c> (<see cref="FromCategory"/>).
/// One shape lets the check ask the same question of every framework.
/// </summary>
public sealed record TestTrait(string Name, string Value)
{
    /// <summary>
    /// The trait a category spells as <c>Name=Value</c> (split at the first <c>=</c>, spaces around
    /// either part trimmed), or null for a plain category such as <c>smoke</c>: categories are used
    /// for much else, and only the ones written as pairs can name a capability or a scenario.
    /// </summary>
    public static TestTrait? FromCategory(string? category)
    {
        int equals = category?.IndexOf('=') ?? -1;
        if (equals < 0)
        {
            return null;
        }

        string name = category!.Substring(0, equals).Trim();
        return name.Length == 0 ? null : new TestTrait(name, category.Substring(equals + 1).Trim());
    }

    /// <summary>Name, then value, ordinal: the one order traits are listed and written in, so the same traits always give the same bytes.</summary>
    public static int Compare(TestTrait x, TestTrait y)
    {
        int byName = string.CompareOrdinal(x.Name, y.Name);
        return byName != 0 ? byName : string.CompareOrdinal(x.Value, y.Value);
    }

    /// <summary>The traits in <see cref="Compare"/> order, each once (a class and its method may both carry one).</summary>
    internal static IReadOnlyList<TestTrait> Canonical(IEnumerable<TestTrait> traits)
    {
        var list = new List<TestTrait>(new HashSet<TestTrait>(traits));
        if (list.Count == 0)
        {
            return Array.Empty<TestTrait>();
        }

        list.Sort(Compare);
        return list;
    }
}
