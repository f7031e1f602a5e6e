namespace Governance.Core.Diagnostics;

/// <summary>What a GOV code means: its stable id, a one-line title and whether it is a configuration problem.</summary>
/// <param name="Code">The stable code, for example <c>GOV1001</c>.</param>
/// <param name="Title">A short, fixed description used for SARIF rules and help pages.</param>
/// <param name="IsConfigurationError">
/// True for GOV1xxx: an input that cannot be read or is invalid fails the gate in every mode,
/// because what cannot be read cannot be evaluated.
/// </param>
public sealed record DiagnosticDescriptor(string Code, string Title, bool IsConfigurationError)
{
    /// <summary>The help page's file name, in the documentation's <c>diagnostics/</c> folder (also in the package).</summary>
    public string HelpFileName => Code + ".md";

    /// <summary>The help page of this code, relative to the documentation root.</summary>
    public string HelpPage => "diagnostics/" + HelpFileName;
}
