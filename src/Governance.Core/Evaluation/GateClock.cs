using System;
using System.Globalization;
using Governance.Core.Diagnostics;

namespace Governance.Core.Evaluation;

/// <summary>
/// The evaluation clock. <c>GovernanceNow</c> (RFC 3339) wins, then <c>SOURCE_DATE_EPOCH</c>
/// (seconds since 1970, the reproducible-builds convention), then the current UTC time. Every
/// time-dependent rule reads this one value, so a recorded run can be evaluated again exactly.
/// </summary>
public static class GateClock
{
    public static DateTimeOffset Resolve(string? governanceNow, string? sourceDateEpoch, Func<DateTimeOffset> utcNow, out Diagnostic? error)
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
        else if (!string.IsNullOrWhiteSpace(sourceDateEpoch))
        {
            if (long.TryParse(sourceDateEpoch, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds) && seconds <= 253402300799)
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }

            error = new Diagnostic(
                Gov.InvalidSetting,
                $"SOURCE_DATE_EPOCH '{sourceDateEpoch}' is not a number of seconds since 1970-01-01. Fix or unset the variable.",
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
