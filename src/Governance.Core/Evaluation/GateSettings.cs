using System;
using System.Collections.Generic;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Policy;

namespace Governance.Core.Evaluation;

/// <summary>
/// The gate's settings from the build (<c>GovernanceGateMode</c>, <c>GovernanceProfile</c>), read
/// against the policy: empty means "from the policy", anything unknown is GOV1004 and the default applies.
/// </summary>
internal static class GateSettings
{
    public const string CheckId = "configuration.settings";

    public static GateMode ResolveMode(string? setting, GovernancePolicy? policy, string branch, SourceLocation? settings, List<CheckResult> problems) =>
        Parse<GateMode>(setting, "GovernanceGateMode", "derive the mode from gate.blockingBranches", settings, problems)
        ?? (policy is not null && policy.BlockingBranches.Any(glob => BranchGlob.IsMatch(glob, branch))
            ? GateMode.Blocking
            : GateMode.Informational);

    public static PolicyProfile ResolveProfile(string? setting, GovernancePolicy? policy, SourceLocation? settings, List<CheckResult> problems) =>
        Parse<PolicyProfile>(setting, "GovernanceProfile", "take the policy's profile", settings, problems)
        ?? policy?.Profile
        ?? PolicyProfile.Strict;

    private static T? Parse<T>(string? setting, string property, string defaultDescription, SourceLocation? settings, List<CheckResult> problems)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return null;
        }

        if (Names.TryParse(setting, out T value, ignoreCase: true))
        {
            return value;
        }

        string allowed = string.Join(" or ", Names.All<T>().Select(n => $"'{n}'"));
        problems.Add(CheckResult.FromDiagnostic(CheckId, new Diagnostic(Gov.InvalidSetting,
            $"{property} '{setting}' is not one of {allowed}. Set it (in a project file, Directory.Build.props or with -p:) to one of those, or leave it empty to {defaultDescription}.", settings)));
        return null;
    }
}
