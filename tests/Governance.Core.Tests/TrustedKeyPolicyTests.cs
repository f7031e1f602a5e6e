using System;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Policy;

namespace Governance.Core.Tests;

/// <summary>trustedKeys[] lifetimes and use (contract section 6): read exactly, and every bad value is GOV1002 at its line and column.</summary>
public class TrustedKeyPolicyTests
{
    private static string Policy(string key) =>
        "{\n  \"policyVersion\": \"1\",\n  \"trustedKeys\": [\n    { \"id\": \"release-2026\", \"publicKey\": \"keys/r.pub.pem\"" + key + " }\n  ]\n}\n";

    [Fact]
    public void Lifetime_compromise_and_use_are_read_with_their_defaults()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", """
            { "policyVersion": "1", "trustedKeys": [
              { "id": "plain", "publicKey": "a.pem" },
              { "id": "rotated", "publicKey": "b.pem", "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-01-01T01:00:00+01:00", "compromised": false, "use": "release" },
              { "id": "leaked", "publicKey": "c.pem", "compromised": true },
              { "id": "pr", "publicKey": "d.pem", "use": "preview" } ] }
            """);

        TrustedKey[] keys = PolicyLoader.Load(path).Policy!.TrustedKeys.ToArray();

        Assert.Equal(new TrustedKey("plain", "a.pem", keys[0].Line), keys[0]);
        Assert.Equal(KeyUse.Release, keys[0].Use);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), keys[1].ValidFrom);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), keys[1].ValidUntil);
        Assert.Equal(TimeSpan.Zero, keys[1].ValidUntil!.Value.Offset);
        Assert.True(keys[2].Compromised);
        Assert.Equal(KeyUse.Preview, keys[3].Use);
    }

    [Fact]
    public void An_unknown_use_is_GOV1002_at_its_line_and_column()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", Policy(", \"use\": \"signing\""));

        Diagnostic diagnostic = Assert.Single(PolicyLoader.Load(path).Diagnostics);

        Assert.Equal("GOV1002", diagnostic.Code);
        Assert.Equal(path, diagnostic.Location!.Path);
        Assert.Equal(4, diagnostic.Location.Line);
        Assert.True(diagnostic.Location.Column > 0);
        Assert.Contains("$.trustedKeys[0].use", diagnostic.Message);
        Assert.Contains("\"release\", \"preview\"", diagnostic.Message);
    }

    [Theory]
    [InlineData("\"compromised\": \"yes\"", "expected true or false")]
    [InlineData("\"validUntil\": 2027", "expected a string")]
    [InlineData("\"expires\": \"2027-01-01T00:00:00Z\"", "'expires' is not allowed here")]
    public void Other_shapes_are_GOV1002_from_the_schema(string property, string message)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", Policy(", " + property));

        Diagnostic diagnostic = Assert.Single(PolicyLoader.Load(path).Diagnostics);

        Assert.Equal("GOV1002", diagnostic.Code);
        Assert.Equal(4, diagnostic.Location!.Line);
        Assert.Contains(message, diagnostic.Message);
    }

    [Theory]
    [InlineData("validFrom", "2026-01-01")]
    [InlineData("validFrom", "2026-01-01T00:00:00")]
    [InlineData("validUntil", "next year")]
    [InlineData("validUntil", "2026-13-01T00:00:00Z")]
    public void A_time_that_is_not_RFC_3339_with_an_offset_is_GOV1002_at_its_line_and_column(string name, string value)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", Policy($",\n      \"{name}\": \"{value}\""));

        Diagnostic diagnostic = Assert.Single(PolicyLoader.Load(path).Diagnostics);

        Assert.Equal("GOV1002", diagnostic.Code);
        Assert.Equal(path, diagnostic.Location!.Path);
        Assert.Equal(5, diagnostic.Location.Line);
        Assert.True(diagnostic.Location.Column > name.Length + 6, "the column points at the value");
        Assert.Contains($"$.trustedKeys[0].{name} (line 5, column {diagnostic.Location.Column})", diagnostic.Message);
        Assert.Contains($"'{value}' is not an RFC 3339 time with an offset", diagnostic.Message);
    }

    [Theory]
    [InlineData("2027-01-01T00:00:00Z", "2026-01-01T00:00:00Z")]
    [InlineData("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")]
    [InlineData("2026-01-01T01:00:00+01:00", "2026-01-01T00:00:00Z")]
    public void A_window_without_a_moment_in_it_is_GOV1002_at_validUntil(string from, string until)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", Policy($", \"validFrom\": \"{from}\",\n      \"validUntil\": \"{until}\""));

        Diagnostic diagnostic = Assert.Single(PolicyLoader.Load(path).Diagnostics);

        Assert.Equal("GOV1002", diagnostic.Code);
        Assert.Equal(5, diagnostic.Location!.Line);
        Assert.Contains("the key 'release-2026' would never be valid", diagnostic.Message);
        Assert.Contains("validUntil 2026-01-01T00:00:00Z is not after validFrom", diagnostic.Message);
    }
}
