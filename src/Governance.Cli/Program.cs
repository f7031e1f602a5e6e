using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.IO;
using Governance.Core.Evaluation;

namespace Governance.Cli;

/// <summary>
/// Entry point of the <c>governance</c> tool. Exit codes follow the contract: 0 success or go,
/// 1 the policy says no, 2 usage or input error.
/// </summary>
public static class Program
{
    public const int Success = 0;
    public const int PolicyRefused = 1;
    public const int UsageError = 2;

    /// <summary>The exit code for what a command found: input errors (GOV1xxx) first, then refusals, else success.</summary>
    public static int ExitCodeOf(IReadOnlyCollection<Core.Diagnostics.Diagnostic> findings) =>
        findings.Any(f => f.Descriptor.IsConfigurationError) ? UsageError : findings.Count > 0 ? PolicyRefused : Success;

    public static int Main(string[] args)
    {
        var root = new RootCommand(
            $"{GeneratorInfo.Current.Name} {GeneratorInfo.Current.Version}: release governance for .NET repositories. " +
            "The build side is the Governance.Sdk MSBuild SDK (dotnet build -t:ReleaseGate); this tool does the operator work.");
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(StoreCommand.Create());
        root.Subcommands.Add(PromoteCommand.Create());
        root.Subcommands.Add(ApproveCommand.Create());
        root.Subcommands.Add(RollbackCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(TenantsCommand.Create());

        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine(error.Message);
            }

            Console.Error.WriteLine("Run 'governance --help' for usage.");
            return UsageError;
        }

        try
        {
            // Exceptions the commands did not turn into GOV diagnostics reach the catch below
            // instead of System.CommandLine's handler, which prints a stack trace and exits 1.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Core.Store.StoreUnavailableException ex)
        {
            Console.Error.WriteLine(Core.Diagnostics.MessageText.Escape($"error {Core.Diagnostics.Gov.StoreUnavailable.Code}: {ex.Message}"));
            return UsageError;
        }
        catch (Core.Store.StoreIntegrityException ex)
        {
            Console.Error.WriteLine(Core.Diagnostics.MessageText.Escape($"error {Core.Diagnostics.Gov.StoreTampered.Code}: {ex.Message} Nothing more was done: restore the store from a verified copy (governance store verify), then run the command again."));
            return PolicyRefused;
        }
        catch (Publishing.PackageFeedException ex)
        {
            Core.Diagnostics.DiagnosticDescriptor code = ex.Descriptor ?? Core.Diagnostics.Gov.StoreUnavailable;
            Console.Error.WriteLine(Core.Diagnostics.MessageText.Escape($"error {code.Code}: {ex.Message}"));
            return code.IsConfigurationError ? UsageError : PolicyRefused;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // Anything the commands did not turn into a GOV diagnostic themselves: no stack trace.
            string why = ex is ArgumentException or NotSupportedException ? "a path is not valid on this system" : Core.IO.RepoPath.DescribeFailure(ex);
            Console.Error.WriteLine($"error {Core.Diagnostics.Gov.UnreadableFile.Code}: a file could not be read or written ({why}). Check the paths given and their permissions.");
            return UsageError;
        }
    }
}
