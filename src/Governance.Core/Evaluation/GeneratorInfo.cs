using System.Reflection;

namespace Governance.Core.Evaluation;

/// <summary>The tool that made the decision.</summary>
public sealed record GeneratorInfo(string Name, string Version)
{
    public static GeneratorInfo Current { get; } = new("Governance.Sdk", ReadVersion());

    private static string ReadVersion()
    {
        string? informational = typeof(GeneratorInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        string version = informational ?? typeof(GeneratorInfo).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        int plus = version.IndexOf('+');
        return plus < 0 ? version : version.Substring(0, plus);
    }
}
