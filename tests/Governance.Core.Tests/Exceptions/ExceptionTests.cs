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
        ApplyUnder(new GovernancePolicy { ExceptionMaxDays = maxDays }, checks, exceptions);

    private static (IReadOnlyList<CheckResult> Checks, IReadOnlyList<Waiver> Waivers) ApplyUnder(GovernancePolicy policy, IEnumerable<CheckResult> checks, params GovernanceException[] exceptions) =>
        ExceptionApplier.Apply(checks.ToArray(), new ExceptionSet(exceptions, "/repo/governance.exceptions.json", new string('a', 64), Array.Empty<CheckResult>()), Now, policy);

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

    /// <summary>Security review, issue 13 item 9: each of these counted as someone else approving.</summary>
    [Theory]
    [InlineData("lead-b", "lead-b\u200B")]
    [InlineData("lead-b", "le\u00ADad-b")]
    [InlineData("lead-b", "ｌｅａｄ－ｂ")]
    [InlineData("lead-b", "\u2060LEAD-B\uFEFF")]
    [InlineData("lead-i", "LEAD-İ")]
    [InlineData("josé", "Jose\u0301")]
    public void Self_approval_in_disguise_is_still_self_approval(string requestedBy, string approvedBy)
    {
        var (checks, waivers) = Apply(new[] { Failure() }, null, Exception(requestedBy: requestedBy, approvedBy: approvedBy));

        Assert.Empty(waivers);
        Assert.Equal(CheckStatus.Fail, checks.Single(c => c.Id == "evidence:evidence/bp.json").Status);
        CheckResult finding = checks.Single(c => c.Id == "exception:EX-001");
        Assert.Equal(("GOV5102", CheckStatus.Fail), (finding.Code, finding.Status));
        Assert.Contains("its own requester", finding.Message);
        Assert.Contains("is the same name once invisible characters", finding.Message);
        // The message shows what was written, invisible characters escaped, never hidden.
        Assert.DoesNotContain(finding.Message, c => c is '\u200B' or '\u00AD' or '\u2060' or '\uFEFF');
    }

    /// <summary>Security review, issue 13 item 9: an invisible or punctuation-only approver counted as an approval.</summary>
    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u2800")]
    [InlineData("-")]
    [InlineData("lеad-b")]   // Cyrillic ie: reads as lead-b
    public void An_approver_that_names_nobody_is_no_approval(string approvedBy)
    {
        var (checks, waivers) = Apply(new[] { Failure() }, null, Exception(approvedBy: approvedBy));

        Assert.Empty(waivers);
        CheckResult finding = checks.Single(c => c.Id == "exception:EX-001");
        Assert.Equal(("GOV5102", CheckStatus.Fail), (finding.Code, finding.Status));
        Assert.Contains("so it is not approved", finding.Message);
    }

    private static GovernancePolicy Approvers(string json)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.json", "{ \"policyVersion\": \"1\", \"approvers\": " + json + " }");
        PolicyLoadResult result = PolicyLoader.Load(path);
        Assert.Empty(result.Diagnostics);
        return result.Policy!;
    }

    [Theory]
    [InlineData("{ \"*\": [\"lead-b\"] }", "*", "lead-b", true)]
    [InlineData("{ \"*\": [\"ＬＥＡＤ-Ｂ\"] }", "*", "lead-b", true)]                          // compared as people
    [InlineData("{ \"*\": [\"lead-a\"] }", "*", "lead-b", false)]
    [InlineData("{ \"*\": [\"lead-a\"] }", "Contoso.Api", "lead-b", false)]                 // '*' covers projects without a list
    [InlineData("{ \"Contoso.Api\": [\"owner\"] }", "*", "owner", false)]                     // a project's list is not '*'
    [InlineData("{ \"Contoso.Api\": [\"owner\"] }", "Contoso.Web", "owner", false)]           // no list for the scope, no '*'
    [InlineData("{ \"Contoso.Api\": [\"owner\"], \"*\": [\"lead-b\"] }", "Contoso.Api", "owner", true)]
    [InlineData("{ \"Contoso.Api\": [\"owner\"], \"*\": [\"lead-b\"] }", "Contoso.Api", "lead-b", false)]
    [InlineData("{ \"Contoso.Api\": [\"owner\"], \"*\": [\"lead-b\"] }", "src/Contoso.Api/Contoso.Api.csproj", "lead-b", false)] // respelling the scope does not reach '*'
    [InlineData("{ \"src\\\\Contoso.Api\\\\Contoso.Api.csproj\": [\"owner\"], \"*\": [\"lead-b\"] }", "contoso.api", "owner", true)]
    [InlineData("{ }", "*", "lead-b", false)]                                              // an empty allow-list allows nobody
    public void With_approvers_only_someone_listed_for_the_scope_approves(string approvers, string scope, string approvedBy, bool applies)
    {
        CheckResult failure = Failure("GOV2401", "src/Contoso.Api/Contoso.Api.csproj", id: "custom:licenses");

        var (checks, waivers) = ApplyUnder(Approvers(approvers), new[] { failure }, Exception("GOV2401", scope: scope, approvedBy: approvedBy));

        Assert.Equal(applies, waivers.Count == 1);
        CheckResult finding = checks.Single(c => c.Id == "exception:EX-001");
        if (!applies)
        {
            Assert.Equal(("GOV5102", CheckStatus.Fail), (finding.Code, finding.Status));
            Assert.Contains("who is not among those the policy allows", finding.Message);
        }
    }

    [Fact]
    public void Without_approvers_anyone_but_the_requester_approves()
    {
        Assert.Single(ApplyUnder(new GovernancePolicy(), new[] { Failure() }, Exception(approvedBy: "someone-else")).Waivers);
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

    /// <summary>Security review, issue 13 item 16: without exceptionMaxDays a hundred-year exception applied today.</summary>
    [Theory]
    [InlineData("2126-11-01T00:00:00Z", "GOV5105")]
    [InlineData("2027-01-30T00:00:01Z", "GOV5105")]   // 90 days and a second
    [InlineData("2027-01-30T00:00:00Z", null)]        // exactly 90 days is allowed
    public void Without_exceptionMaxDays_an_exception_may_last_90_days(string expires, string? code)
    {
        var (checks, waivers) = Apply(new[] { Failure() }, null, Exception(created: "2026-11-01T00:00:00Z", expires: expires));

        if (code is null)
        {
            Assert.Single(waivers);
            return;
        }

        Assert.Empty(waivers);
        CheckResult finding = checks.Single(c => c.Id == "exception:EX-001");
        Assert.Equal((code, CheckStatus.Fail), (finding.Code, finding.Status));
        Assert.Contains("longer than the 90 days allowed when the policy sets no exceptionMaxDays", finding.Message);
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

    /// <summary>Security review, issue 13 item 9: the file's loader refuses names that name nobody, at the field.</summary>
    [Theory]
    [InlineData("\"requestedBy\": \"dev-a\", \"approvedBy\": \"\\u200b\"", "approvedBy '\\u200B' has no visible letter or digit")]
    [InlineData("\"requestedBy\": \"dev-a\", \"approvedBy\": \"\\u2800\"", "approvedBy '\\u2800' has no visible letter or digit")]
    [InlineData("\"requestedBy\": \"dev-a\", \"approvedBy\": \"-\"", "approvedBy '-' has no visible letter or digit")]
    [InlineData("\"requestedBy\": \"\\u00ad\", \"approvedBy\": \"lead-b\"", "requestedBy '\\u00AD' has no visible letter or digit")]
    [InlineData("\"requestedBy\": \"dev-a\", \"approvedBy\": \"l\u0435ad-b\"", "approvedBy 'lеad-b' mixes Latin and Cyrillic letters ('е', U+0435)")]
    public void A_requester_or_approver_that_names_nobody_is_GOV1002_at_the_field(string people, string named)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("governance.exceptions.json", "{ \"exceptions\": [\n  { \"id\": \"EX-1\", \"check\": \"GOV2001\", \"scope\": \"*\", \"reason\": \"r\",\n    " + people + ",\n    \"created\": \"2026-11-01T00:00:00Z\", \"expires\": \"2026-12-01T00:00:00Z\" } ] }");
        var policy = new GovernancePolicy { FilePath = dir.Combine("governance.json"), ExceptionsPath = "governance.exceptions.json", ExceptionsLine = 2 };

        ExceptionSet set = ExceptionFile.Load(policy, dir.Path, new Governance.Core.Inputs.FileSystemInputs());

        Assert.Empty(set.Exceptions);
        CheckResult problem = Assert.Single(set.Problems);
        Assert.Equal(("GOV1002", CheckStatus.Error, path, 3), (problem.Code, problem.Status, problem.Locations[0].Path, problem.Locations[0].Line));
        Assert.True(problem.Locations[0].Column > 1);
        Assert.Contains(named, problem.Message);
    }

    private static ExceptionSet LoadFile(TempDirectory dir, params string[] ids)
    {
        string records = string.Join(",\n", ids.Select(id => "  { \"id\": \"" + id + "\", \"check\": \"GOV2001\", \"scope\": \"*\", \"reason\": \"r\", \"requestedBy\": \"dev-a\", \"approvedBy\": \"lead-b\", \"created\": \"2026-11-01T00:00:00Z\", \"expires\": \"2026-12-01T00:00:00Z\" }"));
        dir.Write("governance.exceptions.json", "{ \"exceptions\": [\n" + records + " ] }");
        var policy = new GovernancePolicy { FilePath = dir.Combine("governance.json"), ExceptionsPath = "governance.exceptions.json", ExceptionsLine = 2 };
        return ExceptionFile.Load(policy, dir.Path, new Governance.Core.Inputs.FileSystemInputs());
    }

    /// <summary>Security review, issue 13 item 16: ids differing only by case or spaces were two exceptions.</summary>
    [Theory]
    [InlineData("EX-1", "EX-1")]
    [InlineData("EX-1", "ex-1")]
    [InlineData("EX-1", " EX-1 ")]
    [InlineData("EX-1", "EX - 1")]
    [InlineData("EX-1", "EX-1\\u200b")]
    [InlineData("EX-1", "ＥＸ-1")]
    public void Ids_that_differ_only_by_case_or_spaces_are_both_refused_each_naming_the_other(string first, string second)
    {
        using var dir = new TempDirectory();

        ExceptionSet set = LoadFile(dir, first, "EX-2", second);

        Assert.Empty(set.Exceptions);
        Assert.Equal(2, set.Problems.Count);
        Assert.All(set.Problems, p => Assert.Equal(("GOV1002", CheckStatus.Error), (p.Code, p.Status)));
        Assert.Equal(new[] { 2, 4 }, set.Problems.Select(p => p.Locations[0].Line));
        Assert.Contains("at line 4 (ids are compared without letter case", set.Problems[0].Message);
        Assert.Contains("at line 2 (ids are compared without letter case", set.Problems[1].Message);
    }

    /// <summary>Security review, issue 13 item 16: an id of spaces passed the schema's minLength.</summary>
    [Theory]
    [InlineData("   ")]
    [InlineData("\\t")]
    [InlineData("\\u200b\\u2060")]
    public void A_blank_id_is_refused(string id)
    {
        using var dir = new TempDirectory();

        ExceptionSet set = LoadFile(dir, id);

        Assert.Empty(set.Exceptions);
        CheckResult problem = Assert.Single(set.Problems);
        Assert.Equal(("GOV1002", 2), (problem.Code, problem.Locations[0].Line));
        Assert.Contains("its id is blank", problem.Message);
    }

    [Fact]
    public void Distinct_ids_load_trimmed()
    {
        using var dir = new TempDirectory();

        Assert.Equal(new[] { "EX-1", "EX-10" }, LoadFile(dir, " EX-1", "EX-10").Exceptions.Select(e => e.Id));
    }

    [Fact]
    public void A_blank_approvedBy_is_simply_not_approved()
    {
        using var dir = new TempDirectory();
        dir.Write("governance.exceptions.json", "{ \"exceptions\": [ { \"id\": \"EX-1\", \"check\": \"GOV2001\", \"scope\": \"*\", \"reason\": \"r\", \"requestedBy\": \"dev-a\", \"approvedBy\": \"  \", \"created\": \"2026-11-01T00:00:00Z\", \"expires\": \"2026-12-01T00:00:00Z\" } ] }");
        var policy = new GovernancePolicy { FilePath = dir.Combine("governance.json"), ExceptionsPath = "governance.exceptions.json", ExceptionsLine = 2 };

        Assert.Null(Assert.Single(ExceptionFile.Load(policy, dir.Path, new Governance.Core.Inputs.FileSystemInputs()).Exceptions).ApprovedBy);
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
