using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using Governance.Core.Crypto;
using Governance.Core.Diagnostics;
using Governance.Core.Policy;
using Governance.Core.Releases;
using Governance.Core.Store;
using static Governance.Core.Tests.Releases.ReleaseFixtures;

namespace Governance.Core.Tests.Releases;

/// <summary>
/// Approvals (contract section 9, <c>governance approve</c>): bound to environment, release and
/// policy digest, expiring, consumed once, from someone other than the promoter, signed by a listed
/// approver when the environment lists approvers; recorded create-only in a real store.
/// </summary>
public sealed class ApprovalTests : IDisposable
{
    private const string PolicySha = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static readonly DateTimeOffset Now = T0.AddDays(1);

    private readonly TempDirectory dir = new();
    private readonly Release release = Release(Bundle("Contoso.Core", "1.4.0"), Bundle("Contoso.Data", "1.4.0"));
    private readonly EnvironmentPolicy prod = new("prod", 1) { RequireApproval = true };

    private EnvironmentState ProdState => EnvironmentState.From(Ledger.Read(OpenStore(dir), "prod"));

    private ApprovalDecision Check(EnvironmentPolicy environment, string promoter = "ci-bot", IReadOnlyList<ApproverKey>? approvers = null, DateTimeOffset? now = null)
    {
        var problems = new List<Diagnostic>();
        IReadOnlyList<RecordedApproval> approvals = ApprovalStore.Read(OpenStore(dir), environment.Name, problems);
        Assert.Empty(problems);
        return ApprovalCheck.Check(environment, release, PolicySha, promoter, approvals, approvers ?? Array.Empty<ApproverKey>(), ProdState, now ?? Now);
    }

    private static void AssertRefused(ApprovalDecision decision, string because)
    {
        Assert.False(decision.Passed);
        Assert.Empty(decision.Consumed);
        Diagnostic problem = Assert.Single(decision.Problems);
        Assert.Equal("GOV7007", problem.Code);
        Assert.Contains(because, problem.Message);
    }

    [Fact]
    public void A_plain_approval_by_someone_else_counts_once_and_is_consumed()
    {
        RecordedApproval recorded = ApprovalStore.Record(OpenStore(dir), Approval.For("prod", release, PolicySha, "lead-b", T0) with { Reason = "CAB 42" });
        Assert.Equal(T0.AddDays(7), recorded.Approval.Expires);
        Assert.StartsWith("approvals/prod/" + release.Id + "/", recorded.Key);

        ApprovalDecision decision = Check(prod);
        Assert.True(decision.Passed);
        Assert.Equal(recorded.Sha256, Assert.Single(decision.Consumed).Sha256);
        Assert.Equal("CAB 42", decision.Consumed[0].Approval.Reason);

        // The promotion lists it; the next promotion cannot use it again.
        AppendAll(OpenStore(dir), "prod", Entry(LedgerAction.Promote, release) with { ApprovalsConsumed = new[] { recorded.Sha256 } });
        AssertRefused(Check(prod), "an earlier promotion already consumed it");
    }

    [Fact]
    public void Recording_the_same_approval_again_keeps_one_record()
    {
        Approval approval = Approval.For("prod", release, PolicySha, "lead-b", T0);
        RecordedApproval first = ApprovalStore.Record(OpenStore(dir), approval);
        RecordedApproval again = ApprovalStore.Record(OpenStore(dir), approval);

        Assert.Equal(first.Key, again.Key);
        Assert.Single(OpenStore(dir).ListRecords(ApprovalStore.Prefix("PROD")));
    }

    [Fact]
    public void An_approval_record_whose_content_is_not_what_its_name_says_is_GOV7003_and_does_not_count()
    {
        RecordedApproval recorded = ApprovalStore.Record(OpenStore(dir), Approval.For("prod", release, PolicySha, "lead-b", T0));
        IReleaseStore store = OpenStore(dir);
        // Someone with write access records a copy with a later expiry under the original's name.
        byte[] edited = ApprovalStore.Payload(recorded.Approval with { Expires = T0.AddYears(1) });
        store.CreateRecord(recorded.Key.Replace(recorded.Sha256, new string('a', 64)), edited);

        var problems = new List<Diagnostic>();
        IReadOnlyList<RecordedApproval> approvals = ApprovalStore.Read(OpenStore(dir), "prod", problems);
        Assert.Equal(recorded.Sha256, Assert.Single(approvals).Sha256);
        Diagnostic tampered = Assert.Single(problems);
        Assert.Equal("GOV7003", tampered.Code);
        Assert.Contains("its content is not what its name says", tampered.Message);
    }

    [Fact]
    public void No_approval_is_GOV7007_saying_how_to_get_one()
    {
        AssertRefused(Check(prod), "needs an approval (requireApproval), and none is recorded for 'prod'. Someone other than ci-bot approves it with 'governance approve <bundle.json>... --env prod'");
    }

    [Fact]
    public void An_environment_without_requireApproval_needs_none_and_consumes_none()
    {
        ApprovalDecision decision = Check(new EnvironmentPolicy("prod", 1));
        Assert.True(decision.Passed);
        Assert.Empty(decision.Consumed);
    }

    [Fact]
    public void An_expired_approval_is_GOV7007()
    {
        ApprovalStore.Record(OpenStore(dir), Approval.For("prod", release, PolicySha, "lead-b", T0, expires: T0.AddHours(2)));
        AssertRefused(Check(prod), "it expired at 2026-11-02T11:00:00Z. Approve again");
        Assert.True(Check(prod, now: T0.AddHours(1)).Passed);
    }

    [Fact]
    public void An_approval_for_another_environment_is_GOV7007()
    {
        // Recorded under prod's folder, but bound to staging: it never counts for prod.
        IReleaseStore store = OpenStore(dir);
        Approval staging = Approval.For("staging", release, PolicySha, "lead-b", T0);
        byte[] payload = ApprovalStore.Payload(staging);
        store.CreateRecord(ApprovalStore.Prefix("prod") + release.Id + "/" + Governance.Core.IO.Sha256.OfBytes(payload) + ".json", payload);

        AssertRefused(Check(prod), "it approves promotion to 'staging', not to 'prod'");
    }

    [Fact]
    public void An_approval_of_another_release_is_GOV7007()
    {
        ApprovalStore.Record(OpenStore(dir), Approval.For("prod", Release(Bundle("Contoso.Core", "1.4.0"), Bundle("Contoso.Data", "1.4.0", salt: "rebuilt")), PolicySha, "lead-b", T0));
        AssertRefused(Check(prod), "it approves another release");
    }

    [Fact]
    public void An_approval_under_another_policy_is_GOV7007()
    {
        ApprovalStore.Record(OpenStore(dir), Approval.For("prod", release, new string('b', 64), "lead-b", T0));
        AssertRefused(Check(prod), "it was given under another version of the policy");
    }

    [Theory]
    [InlineData("ci-bot")]
    [InlineData("CI-Bot")]
    [InlineData("ｃｉ－ｂｏｔ")]
    [InlineData("ci\u200B-bot ")]
    public void Approving_ones_own_promotion_is_GOV7007_however_the_name_is_written(string approver)
    {
        ApprovalStore.Record(OpenStore(dir), Approval.For("prod", release, PolicySha, approver, T0));
        AssertRefused(Check(prod, promoter: "ci-bot"), "it was given by the one who promotes");
    }

    [Fact]
    public void With_approvers_only_an_approval_signed_by_one_of_their_keys_counts()
    {
        using ECDsa leadKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        dir.Write("keys/lead-b.pub.pem", leadKey.ExportSubjectPublicKeyInfoPem());
        var policy = new GovernancePolicy { FilePath = dir.Combine("governance.json") };
        EnvironmentPolicy guarded = prod with { Approvers = new[] { new EnvironmentApprover("lead-b", "keys/lead-b.pub.pem", 3) } };
        var findings = new List<Diagnostic>();
        IReadOnlyList<ApproverKey> approvers = ApproverKeyLoader.Load(policy, guarded, findings);
        Assert.Equal("lead-b", Assert.Single(approvers).Id);
        Assert.Empty(findings);

        // Unsigned: refused, whoever it names.
        ApprovalStore.Record(OpenStore(dir), Approval.For("prod", release, PolicySha, "lead-b", T0));
        AssertRefused(Check(guarded, approvers: approvers), "it is not signed, and 'prod' lists approvers, so only an approval signed by one of their keys counts (lead-b)");
    }

    [Fact]
    public void A_signature_by_a_key_no_approver_holds_is_GOV7007_and_a_listed_key_counts()
    {
        using ECDsa leadKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        dir.Write("keys/lead-b.pub.pem", leadKey.ExportSubjectPublicKeyInfoPem());
        EnvironmentPolicy guarded = prod with { Approvers = new[] { new EnvironmentApprover("lead-b", "keys/lead-b.pub.pem", 3) } };
        IReadOnlyList<ApproverKey> approvers = ApproverKeyLoader.Load(new GovernancePolicy { FilePath = dir.Combine("governance.json") }, guarded, new List<Diagnostic>());
        EcdsaKeys.LoadPublicKey(otherKey.ExportSubjectPublicKeyInfoPem(), out string otherId);

        ApprovalStore.Record(OpenStore(dir), Approval.For("prod", release, PolicySha, "lead-b", T0), otherKey, otherId);
        AssertRefused(Check(guarded, approvers: approvers), $"its signature (key {otherId}) is by no key of the approvers of 'prod' (lead-b)");

        // The approver's own signature counts, and the approver is who the key belongs to.
        RecordedApproval signed = ApprovalStore.Record(OpenStore(dir), Approval.For("prod", release, PolicySha, "lead-b", T0.AddMinutes(1)), leadKey, approvers[0].KeyId);
        ApprovalDecision decision = Check(guarded, approvers: approvers);
        Assert.True(decision.Passed);
        Assert.Equal(signed.Sha256, Assert.Single(decision.Consumed).Sha256);

        // The approver's key does not let them approve their own promotion.
        AssertRefusedAmong(Check(guarded, promoter: "Lead-B", approvers: approvers), "it was given by the one who promotes (lead-b)");
    }

    [Fact]
    public void A_signed_approval_is_the_key_holders_whatever_name_it_writes()
    {
        using ECDsa leadKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        dir.Write("keys/lead-b.pub.pem", leadKey.ExportSubjectPublicKeyInfoPem());
        EnvironmentPolicy guarded = prod with { Approvers = new[] { new EnvironmentApprover("lead-b", "keys/lead-b.pub.pem", 3) } };
        IReadOnlyList<ApproverKey> approvers = ApproverKeyLoader.Load(new GovernancePolicy { FilePath = dir.Combine("governance.json") }, guarded, new List<Diagnostic>());

        // Signed by lead-b while naming someone else: it is still lead-b's approval.
        ApprovalStore.Record(OpenStore(dir), Approval.For("prod", release, PolicySha, "mallory", T0), leadKey, approvers[0].KeyId);

        AssertRefusedAmong(Check(guarded, promoter: "Lead-B", approvers: approvers), "it was given by the one who promotes (lead-b)");
        Assert.True(Check(guarded, promoter: "mallory", approvers: approvers).Passed);
    }

    private static void AssertRefusedAmong(ApprovalDecision decision, string because)
    {
        Assert.False(decision.Passed);
        Assert.All(decision.Problems, p => Assert.Equal("GOV7007", p.Code));
        Assert.Contains(decision.Problems, p => p.Message.Contains(because, StringComparison.Ordinal));
    }

    public void Dispose() => dir.Dispose();
}
