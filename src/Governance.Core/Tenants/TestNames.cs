using System;

namespace Governance.Core.Tenants;

/// <summary>How a TRX result's names become the names traits and <c>tests</c> globs are matched by.</summary>
public static class TestNames
{
    /// <summary>
    /// The method's own name: NUnit writes a test case's arguments into the TRX method name
    /// (<c>CaseRows(2,3)</c>), xUnit and MSTest do not; traits sit on the method, whatever its rows.
    /// </summary>
    public static string Method(string methodName)
    {
        int arguments = methodName.IndexOf('(');
        return arguments < 0 ? methodName : methodName.Substring(0, arguments);
    }

    /// <summary>The fully qualified name a capability's <c>tests</c> globs match: <c>Namespace.Class.Method</c>, without arguments.</summary>
    public static string FullName(TestResultRow row) => row.ClassName + "." + Method(row.MethodName);

    public static bool IsTrait(TestTrait trait, string name) => string.Equals(trait.Name, name, StringComparison.OrdinalIgnoreCase);
}
