using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Governance.Cli.Operations;

namespace Governance.Cli;

/// <summary><c>governance promote &lt;bundle.json&gt;... --to &lt;env&gt;</c>: one release into one environment (<see cref="Promotion"/>).</summary>
internal static class PromoteCommand
{
    public static Command Create()
    {
        var bundles = new Argument<FileInfo[]>("bundles") { Description = "The bundle manifests of the release (<PackageId>.<Version>.bundle.json): every package of it, promoted as one.", Arity = ArgumentArity.OneOrMore };
        var to = new Option<string>("--to") { Description = "The environment to promote to, as the policy names it.", Required = true };
        var by = new Option<string?>("--by") { Description = "Who promotes; in CI the CI actor is recorded and --by may only repeat it. Default: the CI actor, else the OS user." };
        var reason = new Option<string?>("--reason") { Description = "Why, recorded in the ledger." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Run every check and say what would be published, changing nothing." };
        var common = OperatorOptions.Create();

        var command = new Command("promote", "Promote a release (one or more bundles) to an environment: verify, check order, gate, approvals, soak and freeze, publish to its feed, run its checks, record it in its ledger. Exit 0 promoted, 1 refused, 2 input error.");
        command.Arguments.Add(bundles);
        command.Options.Add(to);
        command.Options.Add(by);
        command.Options.Add(reason);
        command.Options.Add(dryRun);
        common.AddTo(command);
        command.SetAction(parse =>
        {
            OperatorSetup setup = OperatorSetup.Load(parse.GetValue(common.Policy)?.FullName, parse.GetValue(common.Store));
            if (!setup.IsUsable)
            {
                return OperatorOptions.Fail(setup, parse.GetValue(common.Json));
            }

            OperationResult result = new Promotion(setup, Environment.GetEnvironmentVariable)
                .RunAsync(parse.GetValue(bundles)!.Select(f => f.FullName).ToArray(), parse.GetValue(to)!, parse.GetValue(by), parse.GetValue(reason), parse.GetValue(dryRun))
                .GetAwaiter().GetResult();
            return OperatorOptions.Report(result, setup, parse.GetValue(common.Json));
        });
        return command;
    }
}
