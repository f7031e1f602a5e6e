using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Governance.Cli.Operations;
using Governance.Cli.Publishing;
using Governance.Core.Crypto;
using Governance.Core.Diagnostics;
using Governance.Core.Policy;
using Governance.Core.Releases;
using Governance.Core.Store;

namespace Governance.Cli;

/// <summary>
/// <c>governance approve &lt;bundle.json&gt;... --env &lt;env&gt;</c>: records an approval of a
/// release for an environment, bound to the release's manifest digests and the policy's digest,
/// expiring (7 days by default). Where the environment lists <c>approvers</c>, it is signed with
/// one of their keys (<c>--key</c>); otherwise it is a plain record under the identity rules.
/// </summary>
internal static class ApproveCommand
{
    public static Command Create()
    {
        var bundles = new Argument<FileInfo[]>("bundles") { Description = "The bundle manifests of the release to approve: the same set that will be promoted.", Arity = ArgumentArity.OneOrMore };
        var env = new Option<string>("--env") { Description = "The environment the approval is for.", Required = true };
        var key = new Option<FileInfo?>("--key") { Description = "The approver's ECDSA P-256 private key (PEM), required where the environment lists approvers." };
        var by = new Option<string?>("--by") { Description = "Who approves (without approvers in the policy); in CI the CI actor is recorded and --by may only repeat it." };
        var expires = new Option<string?>("--expires") { Description = "When the approval stops counting (RFC 3339, e.g. 2026-12-01T18:00:00Z). Default: 7 days from now." };
        var reason = new Option<string?>("--reason") { Description = "Why, recorded with the approval." };
        var common = OperatorOptions.Create();

        var command = new Command("approve", "Approve a release for an environment: recorded in the release store, bound to the release and the policy, consumed by the promotion that uses it. Exit 0 recorded, 1 refused, 2 input error.");
        command.Arguments.Add(bundles);
        command.Options.Add(env);
        command.Options.Add(key);
        command.Options.Add(by);
        command.Options.Add(expires);
        command.Options.Add(reason);
        common.AddTo(command);
        command.SetAction(parse =>
        {
            bool json = parse.GetValue(common.Json);
            OperatorSetup setup = OperatorSetup.Load(parse.GetValue(common.Policy)?.FullName, parse.GetValue(common.Store));
            if (!setup.IsUsable)
            {
                return OperatorOptions.Fail(setup, json);
            }

            OperationResult result = Run(setup, parse.GetValue(bundles)!.Select(f => f.FullName).ToArray(), parse.GetValue(env)!, parse.GetValue(key), parse.GetValue(by), parse.GetValue(expires), parse.GetValue(reason));
            return OperatorOptions.Report(result, setup, json);
        });
        return command;
    }

    private static OperationResult Run(OperatorSetup setup, IReadOnlyList<string> manifests, string environmentName, FileInfo? keyFile, string? by, string? expiresText, string? reason)
    {
        var result = new OperationResult("approve", environmentName);
        GovernancePolicy policy = setup.Policy!;
        EnvironmentPolicy? environment = setup.EnvironmentNamed(environmentName);
        if (environment is null)
        {
            return result.Refused(PromotionChecks.UnknownEnvironment(policy, environmentName));
        }

        if (!environment.RequireApproval)
        {
            return result.Refused(new Diagnostic(Gov.InvalidSetting,
                $"'{environment.Name}' does not require approval (environments[].requireApproval), so an approval for it would never be used. Approve for an environment that requires one.",
                policy.FilePath is null ? null : new SourceLocation(policy.FilePath)));
        }

        DateTimeOffset now = DateTimeOffset.UtcNow;
        DateTimeOffset? expires = null;
        if (expiresText is not null)
        {
            if (!DateTimeOffset.TryParse(expiresText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed) || parsed <= now)
            {
                return result.Refused(new Diagnostic(Gov.InvalidSetting, $"--expires '{MessageText.Value(expiresText)}' is not a time in the future. Write it as RFC 3339 (2026-12-01T18:00:00Z).", null));
            }

            expires = parsed;
        }

        // Who approves: with approvers, the one whose key signs; else the named person.
        var problems = new List<Diagnostic>();
        IReadOnlyList<ApproverKey> approvers = ApproverKeyLoader.Load(policy, environment, problems);
        ECDsa? key = null;
        string? keyId = null;
        string? approver;
        if (keyFile is not null)
        {
            try
            {
                key = EcdsaKeys.LoadPrivateKey(File.ReadAllText(keyFile.FullName), out string id);
                keyId = id;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or KeyFormatException)
            {
                return result.Refused(new Diagnostic(Gov.InvalidKey, $"The key {keyFile.FullName} cannot be used: {(ex is KeyFormatException ? ex.Message : Core.IO.RepoPath.DescribeFailure(ex))}. Pass the approver's ECDSA P-256 private key in PEM.", new SourceLocation(keyFile.FullName)));
            }
        }

        if (approvers.Count > 0 || environment.Approvers.Count > 0)
        {
            ApproverKey? signer = keyId is null ? null : approvers.FirstOrDefault(a => a.KeyId == keyId);
            if (signer is null)
            {
                return result.Refused(problems.Append(new Diagnostic(Gov.ApprovalMissing,
                    keyId is null
                        ? $"'{environment.Name}' lists approvers ({string.Join(", ", environment.Approvers.Select(a => a.Id))}): an approval must be signed with one of their keys. Pass --key <approver.key.pem>."
                        : $"The key {keyFile!.Name} is none of the approvers of '{environment.Name}' ({string.Join(", ", environment.Approvers.Select(a => a.Id))}): an approval signed with it would not count. Use your approver key, or ask an approver.", null)).ToArray());
            }

            approver = signer.Id;
        }
        else
        {
            approver = Actor.Resolve(by, Environment.GetEnvironmentVariable, out Diagnostic? who);
            if (approver is null)
            {
                return result.Refused(who!);
            }
        }

        if (problems.Count > 0)
        {
            return result.Refused(problems.ToArray());
        }

        result.By = approver;
        using StagingArea staging = StagingArea.Create();
        ReleaseBundles.Prepared prepared = ReleaseBundles.Prepare(manifests, setup, policy.SignatureRequiredFor(environment), staging, now);
        if (prepared.Problems.Count > 0)
        {
            return result.Refused(prepared.Problems.ToArray());
        }

        Release? release = Release.TryCreate(prepared.Bundles.Select(b => b.Bundle), out string? notARelease);
        if (release is null)
        {
            return result.Refused(new Diagnostic(Gov.ReleaseIncomplete, $"The bundles named are not one release: {notARelease}.", null));
        }

        result.Release = release;
        Approval approval = Approval.For(environment.Name, release, policy.Sha256 ?? string.Empty, approver, now, expires) with { Reason = reason };
        try
        {
            RecordedApproval recorded = ApprovalStore.Record(setup.Store!, approval, key, keyId);
            result.Note = $"Approved {release} for '{environment.Name}' by {approver}{(key is null ? " (unsigned)" : $", signed with key {keyId![..12]}")}, until {Core.Evaluation.GateClock.Format(approval.Expires)}: {recorded.Key}.";
        }
        catch (StoreIntegrityException ex)
        {
            return result.Refused(new Diagnostic(Gov.StoreTampered, ex.Message, null));
        }

        return result.Succeeded();
    }
}
