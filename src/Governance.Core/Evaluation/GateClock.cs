using System;
using System.Globalization;
using Governance.Core.Diagnostics;

namespace Governance.Core.Evaluation;

/// <summary>
/// The decision clock: <c>GovernanceNow</c> (RFC 3339) when set, else the wall clock. Every
/// time-dependent rule (exception expiry, evidence age, history stamps) reads this one value, so a
/// recorded run can be evaluated again exactly. <c>SOURCE_DATE_EPOCH</c> never decides: it is set
/// from a commit's date, which whoever makes the commit chooses (docs/security.md).
/// </summary>
public static class GateClock
{
    public static DateTimeOffset Resolve(string? governanceNow, Func<DateTimeOffset> utcNow, out Diagnostic? error)
    {
        error = null;
        if (!string.IsNullOrWhiteSpace(governanceNow))
        {
            if (TryParseRfc3339(governanceNow!, out DateTimeOffset value))
            {
                return value.ToUniversalTime();
            }

            error = new Diagnostic(
                Gov.InvalidSetting,
                $"GovernanceNow '{governanceNow}' is not an RFC 3339 date-time. Use a value such as 2026-11-01T00:00:00Z, or leave it empty to use the current time.",
                null);
        }

        return utcNow().ToUniversalTime();
    }

    /// <summary>Parses an RFC 3339 date-time: a date, 'T', a time and a 'Z' or numeric offset.</summary>
    public static bool TryParseRfc3339(string text, out DateTimeOffset value)
    {
        string[] formats =
        {
            "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
            "yyyy-MM-dd't'HH:mm:ssK", "yyyy-MM-dd't'HH:mm:ss.FFFFFFFK",
        };
        string trimmed = text.Trim();
        bool hasZone = trimmed.EndsWith("Z", StringComparison.OrdinalIgnoreCase) ||
                       (trimmed.Length > 6 && (trimmed[trimmed.Length - 6] == '+' || trimmed[trimmed.Length - 6] == '-'));
        return DateTimeOffset.TryParseExact(trimmed, formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value) && hasZone;
    }

    /// <summary>The one textual form of a time in every output.</summary>
    public static string Format(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
