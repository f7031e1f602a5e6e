using System.Collections.Generic;

namespace Governance.Core.Policy;

/// <summary>
/// How SARIF results become findings (<c>sarif</c>): a severity per SARIF level, overridden per rule
/// id, and the severity from which a result fails rather than warns.
/// </summary>
public sealed record SarifPolicy(IReadOnlyDictionary<string, Severity> Levels, IReadOnlyDictionary<string, Severity> Rules, Severity FailAt)
{
    public static SarifPolicy Default { get; } = new(
        new Dictionary<string, Severity>(System.StringComparer.Ordinal)
        {
            ["error"] = Severity.High,
            ["warning"] = Severity.Medium,
            // Notes are IDE suggestions: counted, never a warning (a zero-warning build stays one).
            ["note"] = Severity.Info,
            ["none"] = Severity.Info,
        },
        new Dictionary<string, Severity>(System.StringComparer.Ordinal),
        Severity.High);

    /// <summary>The severity of a result: its rule's mapping, else its level's.</summary>
    public Severity SeverityOf(string ruleId, string level) =>
        Rules.TryGetValue(ruleId, out Severity byRule) ? byRule
        : Levels.TryGetValue(level, out Severity byLevel) ? byLevel
        : Default.Levels.TryGetValue(level, out Severity fallback) ? fallback
        : Severity.Medium;
}
