using System;
using Governance.Core.Checks;
using Governance.Core.Evaluation;
using Governance.Core.Policy;

namespace Governance.Core.Tests;

public class EvidenceCheckerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static CheckResult Check(TempDirectory dir, double? maxAgeDays, string path = "evidence/bp.json") =>
        EvidenceChecker.Check(new EvidenceRequirement("ruleset-export", path, maxAgeDays, Severity.High, 5), dir.Path, dir.Combine("governance.json"), Now, new Governance.Core.Inputs.FileSystemInputs(), new Governance.Core.Json.RepositorySchemas(dir.Path, new Governance.Core.Inputs.FileSystemInputs()));

    [Fact]
    public void Missing_evidence_is_GOV2001_pointing_at_the_policy_entry()
    {
        using var dir = new TempDirectory();

        CheckResult result = Check(dir, 30);

        Assert.Equal(("GOV2001", CheckStatus.Fail), (result.Code, result.Status));
        Assert.Equal(dir.Combine("governance.json"), result.Locations[0].Path);
        Assert.Equal(5, result.Locations[0].Line);
        Assert.Contains("evidence/bp.json", result.Message);
    }

    [Fact]
    public void Present_evidence_without_an_age_limit_passes_and_is_recorded_with_its_digest()
    {
        using var dir = new TempDirectory();
        dir.Write("evidence/bp.json", "not even json");

        CheckResult result = Check(dir, null);

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal(64, Assert.Single(result.Evidence).Sha256!.Length);
    }

    [Fact]
    public void Evidence_exactly_at_the_age_limit_passes()
    {
        using var dir = new TempDirectory();
        dir.Write("evidence/bp.json", "{ \"capturedAt\": \"2026-10-25T12:00:00Z\" }");

        Assert.Equal(CheckStatus.Pass, Check(dir, 30).Status);
    }

    [Fact]
    public void Evidence_one_second_past_the_age_limit_is_GOV2002()
    {
        using var dir = new TempDirectory();
        dir.Write("evidence/bp.json", "{ \"capturedAt\": \"2026-10-25T11:59:59Z\" }");

        CheckResult result = Check(dir, 30);

        Assert.Equal(("GOV2002", CheckStatus.Fail), (result.Code, result.Status));
        Assert.Contains("stale", result.Message);
    }

    [Fact]
    public void Age_is_measured_by_the_capture_time_with_its_offset()
    {
        using var dir = new TempDirectory();
        dir.Write("evidence/bp.json", "{ \"capturedAt\": \"2026-10-25T14:00:00+02:00\" }");

        Assert.Equal(CheckStatus.Pass, Check(dir, 30).Status);
    }

    [Theory]
    [InlineData("{ }")]
    [InlineData("{ \"capturedAt\": 5 }")]
    [InlineData("{ \"capturedAt\": \"last week\" }")]
    [InlineData("[ ]")]
    public void Evidence_without_a_valid_capture_time_is_GOV2002_when_age_matters(string content)
    {
        using var dir = new TempDirectory();
        dir.Write("evidence/bp.json", content);

        CheckResult result = Check(dir, 30);

        Assert.Equal(("GOV2002", CheckStatus.Fail), (result.Code, result.Status));
        Assert.Contains("capturedAt", result.Message);
    }

    [Fact]
    public void Unreadable_evidence_is_GOV2002_with_the_parse_position()
    {
        using var dir = new TempDirectory();
        dir.Write("evidence/bp.json", "{\n  \"capturedAt\": \n}");

        CheckResult result = Check(dir, 30);

        Assert.Equal(("GOV2002", CheckStatus.Fail), (result.Code, result.Status));
        Assert.Equal(3, result.Locations[0].Line);
    }

    [Fact]
    public void Evidence_from_the_future_is_GOV2002()
    {
        using var dir = new TempDirectory();
        dir.Write("evidence/bp.json", "{ \"capturedAt\": \"2026-12-24T12:00:00Z\" }");

        Assert.Equal("GOV2002", Check(dir, 30).Code);
        Assert.Equal(CheckStatus.Fail, Check(dir, 30).Status);
    }

    [Theory]
    [InlineData("../elsewhere.json")]
    [InlineData("/etc/passwd")]
    [InlineData("evidence/a\0b.json")]
    public void An_evidence_path_outside_the_root_or_malformed_is_a_policy_error(string path)
    {
        using var dir = new TempDirectory();

        CheckResult result = Check(dir, null, path);

        Assert.Equal(("GOV1002", CheckStatus.Error), (result.Code, result.Status));
        Assert.Contains("not a relative path inside the governance root", result.Message);
        Assert.Equal(dir.Combine("governance.json"), result.Locations[0].Path);
    }

    [Fact]
    public void A_directory_is_not_evidence()
    {
        using var dir = new TempDirectory();
        System.IO.Directory.CreateDirectory(dir.Combine("evidence/bp.json"));

        CheckResult result = Check(dir, null);

        Assert.Equal(("GOV2001", CheckStatus.Fail), (result.Code, result.Status));
        Assert.Contains("is a directory", result.Message);
    }

    [Fact]
    public void A_clock_at_the_end_of_time_does_not_overflow()
    {
        using var dir = new TempDirectory();
        dir.Write("evidence/bp.json", "{ \"capturedAt\": \"9999-12-31T23:59:00Z\" }");

        CheckResult result = EvidenceChecker.Check(new EvidenceRequirement("k", "evidence/bp.json", 30, Severity.High, 1), dir.Path, dir.Combine("governance.json"), DateTimeOffset.MaxValue, new Governance.Core.Inputs.FileSystemInputs(), new Governance.Core.Json.RepositorySchemas(dir.Path, new Governance.Core.Inputs.FileSystemInputs()));

        Assert.Equal(CheckStatus.Pass, result.Status);
    }
}
