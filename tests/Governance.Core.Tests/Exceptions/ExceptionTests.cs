using System;
using System.Collections.Generic;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Exceptions;
using Governance.Core.Policy;

namespace Governance.Core.Tests.Exceptions;

public class ExceptionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static CheckResult Failure(string code = "GOV2001", string? project = null, Severity severity = Severity.High, string id = "evidence:evidence/bp.json") =>
        new(id, Gov.All.Single(d => d.Code == code), CheckStatus.Fail, severity, "It failed.", project, Array.Empty<SourceLocation>(), Array.Empty<EvidenceReference>());

    private static GovernanceException Exception(
        string check = "GOV2001", string scope = "*", string requestedBy = "dev-a", string? approvedBy = "lead-b",
        string created = "2026-11-01T00:00:00Z", string expires = "2026-12-24T00:00:00Z", string id = "EX-001")
    {
        GateClock.TryParseRfc3339(created, out DateTimeOffset c);
        GateClock.TryParseRfc3339(expires, out DateTimeOffset e);
        return new GovernanceException(id, check, scope, "ruleset export pending", requestedBy, approvedBy, c, e, 3);
    }

    private static (IReadOnlyList<CheckResult> Checks, IReadOnlyList<Waiver> Waivers) Apply(IEnumerable<CheckResult> checks, double? maxDays = null, params GovernanceException[] exceptions) =>
        ExceptionApplier.Apply(checks.ToArray(), new ExceptionSet(exceptions, "/repo/governance.exceptions.json", new string('a', 64), Array.Empty<CheckResult>()), Now, maxDays);

    [Fact]
    public void A_valid_exception_waives_the_matching_failure_and_records_its_id()
    {
        var (checks, waivers) = Apply(new[] { Failure() }, null, Exception());

        CheckResult waived = Assert.Single(checks, c => c.Id == "evidence:evidence/bp.json");
        Assert.Equal((CheckStatus.Waived, "EX-001"), (waived.Status, waived.WaivedBy));
        Assert.False(waived.IsBlocking);
        Assert.Equal(new[] { "evidence:evidence/bp.json" }, Assert.Single(waivers).Waived);
        Assert.Equal(CheckStatus.Pass, Assert.Single(checks, c => c.Id == "exception:EX-001").Status);
    }

    [Theory]
    [InlineData("2026-11-24T12:00:00Z", "GOV5101")]          // expiring exactly now is expired
    [InlineData("2026-11-24T13:00:00+02:00", "GOV5101")]     // 11:00Z: an offset is honoured
    [InlineData("2026-11-24T11:59:59Z", "GOV5101")]
    public void An_expired_exception_waives_nothing_and_is_a_finding(string expires, string code)
    {
        var (checks, waivers) = Apply(new[] { Failure() }, null, Exception(expires: expires));

        Assert.Empty(waivers);
        Assert.Equal(CheckStatus.Fail, Assert.Single(checks, c => c.Id == "evidence:evidence/bp.json").Status);
        CheckResult finding = Assert.Single(checks, c => c.Id == "exception:EX-001");
        Assert.Equal((code, CheckStatus.Fail), (finding.Code, finding.Status));
    }

    [Fact]
    public void One_second_before_expiry_it_still_applies_and_warns_that_it_expires_soon()
    {
        var (checks, waivers) = Apply(new[] { Failure() }, null, Exception(expires: "2026-11-24T12:00:01Z"));

        Assert.Single(waivers);
        Assert.Equal(CheckStatus.Warn, Assert.Single(checks, c => c.Code == "GOV5104").Status);
    }

    [Theory]
    [InlineData("dev-a", null, "not approved")]
    [InlineData("dev-a", "dev-a", "its own requester")]
    [InlineData("dev-a", "DEV-A", "its own requester")]
    public void Unapproved_and_self_approved_exceptions_are_GOV5102_and_waive_nothing(string requestedBy, string? approvedBy, string named)
    {
        var (checks, waivers) = Apply(new[] { Failure() }, null, Exception(requestedBy: requestedBy, approvedBy: approvedBy));

        Assert.Empty(waivers);
        CheckResult finding = Assert.Single(checks, c => c.Id == "exception:EX-001");
        Assert.Equal(("GOV5102", CheckStatus.Fail), (finding.Code, finding.Status));
        Assert.Contains(named, finding.Message);
    }

    [Fact]
    public void The_scope_must_name_the_failures_project()
    {
        CheckResult api = Failure("GOV2401", "src/Contoso.Api/Contoso.Api.csproj", id: "custom:licenses");
        CheckResult core = Failure("GOV2401", "src/Contoso.Core/Contoso.Core.csproj", id: "custom:licenses");

        var (checks, _) = Apply(new[] { api, core }, null, Exception("GOV2401", scope: "Contoso.Api"));

        Assert.Equal(CheckStatus.Waived, checks.Single(c => c.Project == api.Project).Status);
        Assert.Equal(CheckStatus.Fail, checks.Single(c => c.Project == core.Project).Status);
    }

    [Fact]
    public void An_exception_scoped_to_another_project_matches_nothing_and_warns()
    {
        var (checks, waivers) = Apply(new[] { Failure("GOV2401", "src/Contoso.Core/Contoso.Core.csproj") }, null, Exception("GOV2401", scope: "src/Contoso.Api/Contoso.Api.csproj"));

        Assert.Empty(waivers);
        Assert.Equal(("GOV5103", CheckStatus.Warn), Assert.Single(checks, c => c.Id == "exception:EX-001").Let(c => (c.Code, c.Status)));
    }

    [Fact]
    public void A_check_id_can_be_waived_as_well_as_a_code()
    {
        var (checks, _) = Apply(new[] { Failure("GOV5004", id: "slo:tests-pass-rate"), Failure("GOV5004", id: "slo:latency") }, null, Exception("slo:latency"));

        Assert.Equal(CheckStatus.Waived, checks.Single(c => c.Id == "slo:latency").Status);
        Assert.Equal(CheckStatus.Fail, checks.Single(c => c.Id == "slo:tests-pass-rate").Status);
    }

    [Fact]
    public void A_critical_failure_is_never_waived()
    {
        var (checks, waivers) = Apply(new[] { Failure(severity: Severity.Critical) }, null, Exception());

        Assert.Empty(waivers);
        Assert.Equal(CheckStatus.Fail, checks.Single(c => c.Id == "evidence:evidence/bp.json").Status);
        Assert.Equal(("GOV5106", CheckStatus.Warn), checks.Single(c => c.Id == "exception:EX-001").Let(c => (c.Code, c.Status)));
    }

    [Fact]
    public void Warnings_and_errors_are_not_waived_even_by_an_exception_in_force()
    {
        CheckResult error = Failure() with { Status = CheckStatus.Error };
        CheckResult warning = Failure("GOV2002", id: "evidence:other.json") with { Status = CheckStatus.Warn };

        var (checks, waivers) = Apply(new[] { error, warning }, null, Exception(), Exception("GOV2002", id: "EX-002"));

        Assert.Empty(waivers);
        Assert.Equal(CheckStatus.Error, checks.Single(c => c.Id == error.Id).Status);
        Assert.Equal(CheckStatus.Warn, checks.Single(c => c.Id == warning.Id).Status);
        // A warning needs no exception; an error cannot have one, and the exception says so.
        Assert.Equal(("GOV5107", CheckStatus.Warn), checks.Single(c => c.Id == "exception:EX-001").Let(c => (c.Code, c.Status)));
        Assert.Equal("GOV5103", checks.Single(c => c.Id == "exception:EX-002").Code);
    }

    [Fact]
    public void An_exception_naming_a_configuration_error_by_code_says_it_cannot_apply()
    {
        CheckResult error = new("configuration.policy", Gov.SchemaViolation, CheckStatus.Error, Severity.High, "Bad policy.", null, Array.Empty<SourceLocation>(), Array.Empty<EvidenceReference>());

        var (checks, waivers) = Apply(new[] { error }, null, Exception("GOV1002"));

        Assert.Empty(waivers);
        Assert.True(checks.Single(c => c.Id == error.Id).IsBlocking);
        CheckResult finding = checks.Single(c => c.Id == "exception:EX-001");
        Assert.Equal(("GOV5107", CheckStatus.Warn), (finding.Code, finding.Status));
        Assert.Contains("names configuration.policy, which the gate could not check", finding.Message);
    }

    [Fact]
    public void An_exception_longer_than_the_policy_allows_is_GOV5105_with_an_invariant_message()
    {
        System.Globalization.CultureInfo culture = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var (checks, waivers) = Apply(new[] { Failure() }, 30, Exception(created: "2026-11-01T00:00:00Z", expires: "2026-12-15T12:00:00Z"));

            Assert.Empty(waivers);
            CheckResult finding = checks.Single(c => c.Id == "exception:EX-001");
            Assert.Equal(("GOV5105", CheckStatus.Fail), (finding.Code, finding.Status));
            Assert.Contains("it lasts 44.5 days", finding.Message);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void With_nothing_failing_an_exception_matches_nothing()
    {
        var (checks, _) = Apply(Array.Empty<CheckResult>(), null, Exception());

        Assert.Equal("GOV5103", Assert.Single(checks).Code);
    }

    [Fact]
    public void An_exception_created_in_the_future_is_not_in_force_yet()
    {
        var (checks, waivers) = Apply(new[] { Failure() }, null, Exception(created: "2026-11-25T00:00:00Z"));

        Assert.Empty(waivers);
        Assert.Equal(("GOV5102", CheckStatus.Warn), checks.Single(c => c.Id == "exception:EX-001").Let(c => (c.Code, c.Status)));
    }

    [Theory]
    [InlineData("{ \"exceptions\": [ { \"id\": \"EX-1\" } ] }", "GOV1002", "'check' is missing")]
    [InlineData("{ \"exceptions\": [ ", "GOV1001", "not well-formed")]
    [InlineData("{ \"exceptions\": [ { \"id\": \"EX-1\", \"check\": \"GOV2001\", \"scope\": \"*\", \"reason\": \"r\", \"requestedBy\": \"a\", \"approvedBy\": \"b\", \"created\": \"2026-11-01\", \"expires\": \"2026-12-01T00:00:00Z\" } ] }", "GOV1002", "not an RFC 3339 time")]
    [InlineData("{ \"exceptions\": [ { \"id\": \"EX-1\", \"check\": \"GOV2001\", \"scope\": \"*\", \"reason\": \"r\", \"requestedBy\": \"a\", \"approvedBy\": \"b\", \"created\": \"2026-12-01T00:00:00Z\", \"expires\": \"2026-11-01T00:00:00Z\" } ] }", "GOV1002", "expires no later than it was created")]
    [InlineData("{ \"exceptions\": [ { \"id\": \"EX-1\", \"check\": \"GOV2001\", \"scope\": \"*\", \"reason\": \"r\", \"requestedBy\": \"a\\ud800\", \"approvedBy\": \"b\", \"created\": \"2026-11-01T00:00:00Z\", \"expires\": \"2026-12-01T00:00:00Z\" } ] }", "GOV1001", "that is not text")]
    public void A_bad_exceptions_file_is_a_configuration_error_and_waives_nothing(string content, string code, string named)
    {
        using var dir = new TempDirectory();
        dir.Write("governance.exceptions.json", content);
        var policy = new GovernancePolicy { FilePath = dir.Combine("governance.json"), ExceptionsPath = "governance.exceptions.json", ExceptionsLine = 2 };

        ExceptionSet set = ExceptionFile.Load(policy, dir.Path, new Governance.Core.Inputs.FileSystemInputs());

        Assert.Empty(set.Exceptions);
        Assert.NotEmpty(set.Problems);
        Assert.All(set.Problems, p => Assert.Equal((code, CheckStatus.Error), (p.Code, p.Status)));
        Assert.Contains(set.Problems, p => p.Message.Contains(named));
    }

    [Fact]
    public void A_missing_exceptions_file_named_by_the_policy_is_GOV1005()
    {
        using var dir = new TempDirectory();
        var policy = new GovernancePolicy { FilePath = dir.Combine("governance.json"), ExceptionsPath = "governance.exceptions.json", ExceptionsLine = 2 };

        Assert.Equal("GOV1005", Assert.Single(ExceptionFile.Load(policy, dir.Path, new Governance.Core.Inputs.FileSystemInputs()).Problems).Code);
    }
}

internal static class Functional
{
    public static TResult Let<T, TResult>(this T value, Func<T, TResult> map) => map(value);
}
