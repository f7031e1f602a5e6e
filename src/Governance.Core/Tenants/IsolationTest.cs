namespace Governance.Core.Tenants;

/// <summary>One test result that proves (or fails to prove) one capability's isolation.</summary>
/// <param name="Capability">The capability's id as the registry writes it (or as the trait does, for a capability the registry lacks).</param>
/// <param name="Scenario">The <c>Isolation</c> trait's value, or null for a test the capability's <c>tests</c> list names without one.</param>
/// <param name="ByTrait">True when the test's <c>Capability</c> trait names the capability; false when the capability's <c>tests</c> globs name the test.</param>
public sealed record IsolationTest(string Capability, string? Scenario, TestResultRow Result, bool ByTrait);
