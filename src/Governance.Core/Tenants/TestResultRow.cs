using System;
using System.Collections.Generic;

namespace Governance.Core.Tenants;

/// <summary>
/// One test result in a TRX file: one <c>UnitTestResult</c> joined to its <c>UnitTest</c>. Each row
/// of a theory, <c>DataRow</c> or <c>TestCase</c> is a row of its own (the VSTest TRX logger writes
/// each as a separate test), so one failing row is never hidden by the others passing.
/// </summary>
/// <param name="TrxFile">Full path of the TRX file it was read from.</param>
/// <param name="Assembly">
/// The test assembly, as the TRX names it: <c>TestMethod@codeBase</c> (an absolute path in its
/// original case), else <c>UnitTest@storage</c> (the same path, lower-cased by the logger). Traits the
/// TRX does not carry are read from this file (<see cref="TestTraitReader"/>).
/// </param>
/// <param name="ClassName">
/// <c>TestMethod@className</c> as the TRX gives it: nested classes joined with <c>+</c>
/// (<c>Ns.Outer+Inner</c>), and an inherited test under the derived class that ran it.
/// </param>
/// <param name="MethodName">
/// <c>TestMethod@name</c> as the TRX gives it: the bare method name for xUnit and MSTest, but the
/// method name with the case's arguments for an NUnit <c>TestCase</c> (<c>CaseRows(2,3)</c>).
/// <see cref="TestAssemblyTraits.For"/> accepts either.
/// </param>
/// <param name="TestName">
/// <c>UnitTestResult@testName</c>, the row's display name, distinct for each row of a theory:
/// fully qualified with its arguments for xUnit (<c>Ns.Class.Theory(a: 2, b: 3)</c>), the display
/// name only for MSTest (<c>DataRows (2,3)</c>) and NUnit (<c>CaseRows(2,3)</c>).
/// </param>
/// <param name="TrxTraits">
/// Traits the TRX itself carries: <c>TestCategory/TestCategoryItem@TestCategory</c> values written as
/// <c>Name=Value</c>. Only MSTest writes categories; xUnit traits and NUnit categories never reach
/// the TRX.
/// </param>
/// <param name="Line">Line of the <c>UnitTestResult</c> in the TRX file, for diagnostics.</param>
public sealed record TestResultRow(
    string TrxFile,
    string Assembly,
    string ClassName,
    string MethodName,
    string TestName,
    TestOutcome Outcome,
    IReadOnlyList<TestTrait> TrxTraits,
    int Line)
{
    /// <summary>
    /// True when the adapter that ran the test writes all of its categories into the TRX (MSTest):
    /// its traits are then known without the test assembly.
    /// </summary>
    public bool CategoriesInTrx { get; init; }

    /// <summary>The row's name for messages: the display name, after its class when the display name does not say it (MSTest and NUnit give the method alone).</summary>
    public string QualifiedTestName => TestName.StartsWith(ClassName + ".", StringComparison.Ordinal) ? TestName : ClassName + "." + TestName;

    /// <summary>The method's own name: an NUnit case's arguments (<c>CaseRows(2,3)</c>) cut off; traits sit on the method, whatever its rows.</summary>
    public string Method => WithoutArguments(MethodName);

    /// <summary>
    /// <c>ClassName.Method</c>, without arguments, whatever the framework: what a capability's
    /// <c>tests</c> globs are matched against (<c>Ns.Outer+Inner.Method</c> for a nested class).
    /// </summary>
    public string FullName => ClassName + "." + Method;

    /// <summary>A TRX method name without the arguments NUnit writes into it: a .NET method name has no <c>(</c>.</summary>
    public static string WithoutArguments(string methodName)
    {
        int arguments = methodName.IndexOf('(');
        return arguments < 0 ? methodName : methodName.Substring(0, arguments).TrimEnd();
    }
}
