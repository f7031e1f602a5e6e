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
        DateTimeOffset now = GateClock.Resolve("2026-11-01T02:00:00+02:00", "1", () => WallClock, out Diagnostic? error);

        Assert.Null(error);
        Assert.Equal("2026-11-01T00:00:00Z", GateClock.Format(now));
    }

    [Fact]
    public void SOURCE_DATE_EPOCH_is_used_when_GovernanceNow_is_empty()
    {
        DateTimeOffset now = GateClock.Resolve("", "1767225600", () => WallClock, out Diagnostic? error);

        Assert.Null(error);
        Assert.Equal("2026-01-01T00:00:00Z", GateClock.Format(now));
    }

    [Fact]
    public void The_wall_clock_is_the_last_resort()
    {
        Assert.Equal(WallClock, GateClock.Resolve(null, null, () => WallClock, out _));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-11-01")]
    [InlineData("2026-11-01T00:00:00")]
    public void A_GovernanceNow_that_is_not_RFC_3339_is_GOV1004(string value)
    {
        GateClock.Resolve(value, null, () => WallClock, out Diagnostic? error);

        Assert.Equal("GOV1004", error!.Code);
        Assert.Contains(value, error.Message);
    }

    [Fact]
    public void A_malformed_SOURCE_DATE_EPOCH_is_GOV1004()
    {
        GateClock.Resolve(null, "-5", () => WallClock, out Diagnostic? error);

        Assert.Equal("GOV1004", error!.Code);
    }
}
