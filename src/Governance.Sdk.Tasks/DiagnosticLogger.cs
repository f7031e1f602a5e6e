using Governance.Core;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Policy;
using Microsoft.Build.Utilities;

namespace Governance.Sdk.Tasks;

/// <summary>
/// Logs check results as MSBuild diagnostics with their GOV code, file, line, column and help
/// link, so every one of them can be tuned with NoWarn, WarningsAsErrors and
/// MSBuildWarningsAsMessages and navigated to from an IDE.
/// </summary>
internal sealed class DiagnosticLogger
{
    private readonly GovernanceTask task;

    public DiagnosticLogger(GovernanceTask task) => this.task = task;

    /// <summary>
    /// Errors (configuration) are errors in every mode; failures are errors when blocking and
    /// warnings when informational; warnings stay warnings; passes are low-importance messages.
    /// </summary>
    public void Log(CheckResult check, GateMode mode)
    {
        SourceLocation? location = check.Locations.Count > 0 ? check.Locations[0] : null;
        string file = location?.Path ?? string.Empty;
        int line = location?.Line ?? 0;
        int column = location?.Column ?? 0;
        string helpLink = task.HelpLink(check.Rule);
        TaskLoggingHelper log = task.Log;
        string message = MessageText.Escape(check.Message);

        switch (check.Status)
        {
            case CheckStatus.Error:
            case CheckStatus.Fail when mode == GateMode.Blocking:
                log.LogError(null, check.Code, null, helpLink, file, line, column, 0, 0, "{0}", message);
                break;
            case CheckStatus.Fail:
            case CheckStatus.Warn:
                log.LogWarning(null, check.Code, null, helpLink, file, line, column, 0, 0, "{0}", message);
                break;
            case CheckStatus.Pass when check.Rule == Gov.Notice:
                // Something left out of the decision: visible at the default verbosity, once.
                log.LogMessage(Microsoft.Build.Framework.MessageImportance.High, "{0}: {1}", check.Code, message);
                break;
            case CheckStatus.Waived:
                // Visible at the default verbosity: a waived failure is a decision someone must own.
                log.LogMessage(Microsoft.Build.Framework.MessageImportance.High, "{0} waived: {1}", check.Code, message);
                break;
            default:
                log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "{0} {1}: {2}", check.Code, Names.Of(check.Status), message);
                break;
        }
    }
}
