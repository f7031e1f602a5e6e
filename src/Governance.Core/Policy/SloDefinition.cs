namespace Governance.Core.Policy;

/// <summary>A service level objective (<c>slos[]</c>): a metric, its good direction and three thresholds.</summary>
/// <param name="Window">How many recent runs the repeated-breach rule looks at, or null for no such rule.</param>
/// <param name="MaxBreaches">How many breaching runs within the window make a repeated breach (GOV5004).</param>
/// <param name="Line">Line of the entry in the policy file, for diagnostics.</param>
public sealed record SloDefinition(
    string Id, string Metric, SloDirection Direction, double? Warn, double? SoftFail, double? HardFail,
    int? Window, int? MaxBreaches, Severity Severity, int Line);
