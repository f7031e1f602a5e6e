using System;
using System.CommandLine;
using System.IO;
using System.Text;
using Governance.Cli.Operations;
using Governance.Core.Diagnostics;

namespace Governance.Cli;

/// <summary>The options every operator command takes (<c>--policy</c>, <c>--store</c>, <c>--json</c>), and how they end.</summary>
internal sealed class OperatorOptions
{
    private OperatorOptions()
    {
    }

    public Option<FileInfo?> Policy { get; } = new("--policy") { Description = "The policy (environments, approvers, trusted keys). Default: the nearest governance.json at or above the current directory." };

    public Option<string?> Store { get; } = new("--store") { Description = "The release store: a folder, git:<remote> or azblob:<container URL>. Default: GOVERNANCE_STORE, else the policy's store, else .governance/store/ beside the policy." };

    public Option<bool> Json { get; } = new("--json") { Description = "Write the result as JSON on standard output." };

    public static OperatorOptions Create() => new();

    public void AddTo(Command command)
    {
        command.Options.Add(Policy);
        command.Options.Add(Store);
        command.Options.Add(Json);
    }

    /// <summary>The policy or store could not be loaded: say why, exit 2.</summary>
    public static int Fail(OperatorSetup setup, bool json)
    {
        foreach (Diagnostic problem in setup.Problems)
        {
            Console.Error.WriteLine(MessageText.Escape(DiagnosticText.Format(problem)));
        }

        if (json)
        {
            Console.Out.Write("{\"exitCode\":2}");
        }

        return Program.UsageError;
    }

    public static int Report(OperationResult result, OperatorSetup setup, bool json)
    {
        if (json)
        {
            foreach (Diagnostic problem in result.Problems)
            {
                Console.Error.WriteLine(MessageText.Escape(DiagnosticText.Format(problem)));
            }

            Console.Out.Write(Encoding.UTF8.GetString(result.ToJson()));
        }
        else
        {
            result.WriteHuman(setup);
        }

        return result.ExitCode;
    }
}
