using System.CommandLine;
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

    public static int Main(string[] args)
    {
        var root = new RootCommand(
            $"{GeneratorInfo.Current.Name} {GeneratorInfo.Current.Version}: release governance for .NET repositories. " +
            "The build side is the Governance.Sdk MSBuild SDK (dotnet build -t:ReleaseGate); this tool does the operator work.");

        ParseResult parse = root.Parse(args);
        int exitCode = parse.Invoke();
        return parse.Errors.Count > 0 ? UsageError : exitCode;
    }
}
