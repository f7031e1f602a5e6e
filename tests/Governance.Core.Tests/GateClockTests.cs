using System;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;

namespace Governance.Core.Tests;

public class GateClockTests
{
    private static readonly DateTimeOffset WallClock = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GovernanceNow_wins_and_is_normalised_to_utc()
    {
        DateTimeOffset now = GateClock.Resolve("2026-11-01T02:00:00+02:00", () => WallClock, out Diagnostic? error);

        Assert.Null(error);
        Assert.Equal("2026-11-01T00:00:00Z", GateClock.Format(now));
    }

    [Fact]
    public void Without_GovernanceNow_the_wall_clock_decides_never_SOURCE_DATE_EPOCH()
    {
        // A back-dated commit sets SOURCE_DATE_EPOCH; it must not revive an expired exception.
        var request = new GateRequest
        {
            GovernanceRoot = System.IO.Path.GetTempPath(),
            SubjectName = "Clock",
            Environment = name => name == "SOURCE_DATE_EPOCH" ? "1767225600" : null,
            UtcNow = () => WallClock,
        };

        Assert.Equal(WallClock, GateEvaluator.Evaluate(request).Report.EvaluatedAt);
        Assert.Equal(WallClock, GateClock.Resolve(null, () => WallClock, out _));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-11-01")]
    [InlineData("2026-11-01T00:00:00")]
    public void A_GovernanceNow_that_is_not_RFC_3339_is_GOV1004(string value)
    {
        GateClock.Resolve(value, () => WallClock, out Diagnostic? error);

        Assert.Equal("GOV1004", error!.Code);
        Assert.Contains(value, error.Message);
    }
}
