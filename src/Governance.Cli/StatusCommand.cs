using System;
using System.CommandLine;
using System.Linq;
using System.Text;
using Governance.Cli.Operations;
using Governance.Core;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Releases;

namespace Governance.Cli;

/// <summary>
/// <c>governance status</c>: what runs where, read from the ledgers (the environments' truth; feeds
/// only distribute). <c>--json</c> follows <c>schemas/governance-status.schema.json</c> for deploy
/// scripts. A ledger that does not verify is GOV7003 and exit 1.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var env = new Option<string?>("--env") { Description = "Only this environment." };
        var lineage = new Option<bool>("--lineage") { Description = "Also list the lineage edges: which bundle (by manifest digest) was promoted to or rolled back from which environment." };
        var common = OperatorOptions.Create();
        var command = new Command("status", "Show per environment and track the current release (version, manifest digest, since, by), interrupted promotions and each ledger's length and head, verified. Exit 0 verified, 1 a ledger does not verify, 2 input error.");
        command.Options.Add(env);
        command.Options.Add(lineage);
        common.AddTo(command);
        command.SetAction(parse =>
        {
            bool json = parse.GetValue(common.Json);
            OperatorSetup setup = OperatorSetup.Load(parse.GetValue(common.Policy)?.FullName, parse.GetValue(common.Store));
            if (!setup.IsUsable)
            {
                return OperatorOptions.Fail(setup, json);
            }

            string? only = parse.GetValue(env);
            ReleaseStatus? status = ReleaseStatus.Read(setup.Store!, setup.Policy!, only, setup.TrustedKeys);
            if (status is null)
            {
                Console.Error.WriteLine(MessageText.Escape(DiagnosticText.Format(PromotionChecks.UnknownEnvironment(setup.Policy!, only!))));
                return Program.PolicyRefused;
            }

            foreach (Diagnostic problem in status.Problems)
            {
                Console.Error.WriteLine(MessageText.Escape(DiagnosticText.Format(problem)));
            }

            if (json)
            {
                Console.Out.Write(Encoding.UTF8.GetString(StatusJson.Write(status, parse.GetValue(lineage))));
            }
            else
            {
                WriteHuman(setup, status, parse.GetValue(lineage));
            }

            return status.IsVerified ? Program.Success : Program.PolicyRefused;
        });
        return command;
    }

    private static void WriteHuman(OperatorSetup setup, ReleaseStatus status, bool lineage)
    {
        foreach (string line in setup.Describe())
        {
            Console.Out.WriteLine(MessageText.Escape(line));
        }

        foreach (EnvironmentStatus environment in status.Environments)
        {
            EnvironmentState state = environment.State;
            RecordedLedgerEntry? head = state.Ledger.Newest;
            Console.Out.WriteLine(MessageText.Escape(
                $"{environment.Policy.Name}: ledger of {state.Ledger.Entries.Count} entr{(state.Ledger.Entries.Count == 1 ? "y" : "ies")}" +
                (head is null ? string.Empty : $", head {head.Digest.Substring(0, 12)}") + (state.IsVerified ? ", verified" : $", DOES NOT VERIFY ({Gov.StoreTampered.Code})")));
            if (state.Current.Count == 0)
            {
                Console.Out.WriteLine("  nothing current");
            }

            foreach (CurrentRelease current in state.Current.OrderBy(c => c.Track))
            {
                Console.Out.WriteLine(MessageText.Escape(
                    $"  {current.Track}: {current.Bundle.Version} (manifest {current.Bundle.ManifestSha256.Substring(0, 12)}) since {GateClock.Format(current.Since)} by {current.By}"));
            }

            foreach (InterruptedPromotion interrupted in state.Interrupted)
            {
                Console.Out.WriteLine(MessageText.Escape(
                    $"  interrupted: promotion of {interrupted.Release} started {GateClock.Format(interrupted.StartedAt)} by {interrupted.By} (entry {interrupted.Sequence}); run the same promote command again to finish it"));
            }
        }

        if (lineage)
        {
            foreach (ReleaseEdge edge in status.Edges)
            {
                Console.Out.WriteLine(MessageText.Escape($"  {Names.Name(edge.Kind)}: {edge.Bundle} ({edge.ManifestSha256.Substring(0, 12)}) -> {edge.Environment} (entry {edge.Sequence}, {GateClock.Format(edge.At)})"));
            }
        }
    }
}
