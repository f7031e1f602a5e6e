using System;
using System.CommandLine;
using System.IO;
using Governance.Cli.Operations;

namespace Governance.Cli;

/// <summary><c>governance rollback --env &lt;env&gt;</c>: back to the last known good release in one command (<see cref="Rollback"/>).</summary>
internal static class RollbackCommand
{
    public static Command Create()
    {
        var env = new Option<string>("--env") { Description = "The environment to roll back.", Required = true };
        var track = new Option<string?>("--track") { Description = "Only the releases of this track: a package id, optionally with @major (Contoso.Core@2)." };
        var to = new Option<string?>("--to") { Description = "The version to go back to; it must be a known good release of the environment (successfully current, never rolled back from, not current)." };
        var by = new Option<string?>("--by") { Description = "Who rolls back; in CI the CI actor is recorded and --by may only repeat it." };
        var reason = new Option<string?>("--reason") { Description = "Why, recorded in the ledger and the report." };
        var report = new Option<FileInfo?>("--report") { Description = "Where to write rollback_report.json. Default: artifacts/governance/rollback_report.json under the repository root." };
        var common = OperatorOptions.Create();

        var command = new Command("rollback", "Roll an environment back to its last known good release: fetch, re-verify against today's policy, re-publish and re-list, run its checks, unlist what it replaces, record it. Exit 0 only when the environment is back on a verified release and its checks pass.");
        command.Options.Add(env);
        command.Options.Add(track);
        command.Options.Add(to);
        command.Options.Add(by);
        command.Options.Add(reason);
        command.Options.Add(report);
        common.AddTo(command);
        command.SetAction(parse =>
        {
            bool json = parse.GetValue(common.Json);
            OperatorSetup setup = OperatorSetup.Load(parse.GetValue(common.Policy)?.FullName, parse.GetValue(common.Store));
            if (!setup.IsUsable)
            {
                return OperatorOptions.Fail(setup, json);
            }

            string reportPath = parse.GetValue(report)?.FullName
                ?? Path.Combine(RepositoryRoot.Of(setup.GovernanceRoot), "artifacts", "governance", "rollback_report.json");
            OperationResult result = new Rollback(setup, Environment.GetEnvironmentVariable)
                .RunAsync(parse.GetValue(env)!, parse.GetValue(track), parse.GetValue(to), parse.GetValue(by), parse.GetValue(reason), reportPath)
                .GetAwaiter().GetResult();
            return OperatorOptions.Report(result, setup, json);
        });
        return command;
    }
}
