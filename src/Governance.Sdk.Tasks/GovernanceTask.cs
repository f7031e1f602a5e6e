using Governance.Core.Diagnostics;
using Microsoft.Build.Utilities;

namespace Governance.Sdk.Tasks;

/// <summary>
/// The base of every Governance.Sdk task: diagnostics are logged with their GOV code, file,
/// position and a help link to the package's page for the code, so each one can be tuned with
/// NoWarn, WarningsAsErrors and MSBuildWarningsAsMessages and navigated to from an IDE.
/// </summary>
public abstract class GovernanceTask : Task
{
    /// <summary>Where the help pages are (the package's <c>docs/diagnostics/</c>); empty for no links.</summary>
    public string HelpLinkBase { get; set; } = string.Empty;

    /// <summary>The help page of <paramref name="rule"/>, or empty.</summary>
    protected internal string HelpLink(DiagnosticDescriptor rule) =>
        HelpLinkBase.Length == 0 ? string.Empty : HelpLinkBase.TrimEnd('/', '\\') + "/" + rule.HelpFileName;

    protected void LogError(Diagnostic diagnostic, string fallbackFile = "") =>
        Log.LogError(null, diagnostic.Code, null, HelpLink(diagnostic.Descriptor), diagnostic.Location?.Path ?? fallbackFile,
            diagnostic.Location?.Line ?? 0, diagnostic.Location?.Column ?? 0, 0, 0, "{0}", MessageText.Escape(diagnostic.Message));

    protected void LogError(DiagnosticDescriptor rule, string file, string message) => LogError(new Diagnostic(rule, message, new SourceLocation(file)));

    protected void LogWarning(DiagnosticDescriptor rule, string file, string message) =>
        Log.LogWarning(null, rule.Code, null, HelpLink(rule), file, 0, 0, 0, 0, "{0}", MessageText.Escape(message));
}
