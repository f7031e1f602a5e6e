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

    /// <summary>The mode: the setting, else the policy's branch rules; <c>unknown</c> when a policy was named but could not be read.</summary>
    public static GateMode ResolveMode(string? setting, GovernancePolicy? policy, string branch, SourceLocation? settings, List<CheckResult> problems) =>
        Parse(setting, "GovernanceGateMode", "derive the mode from gate.blockingBranches", settings, problems, GateMode.Informational, GateMode.Blocking)
        ?? (policy is null ? GateMode.Unknown
            : policy.BlockingBranches.Any(glob => BranchGlob.IsMatch(glob, branch)) ? GateMode.Blocking
            : GateMode.Informational);

    public static PolicyProfile ResolveProfile(string? setting, GovernancePolicy? policy, SourceLocation? settings, List<CheckResult> problems) =>
        Parse(setting, "GovernanceProfile", "take the policy's profile", settings, problems, PolicyProfile.Strict, PolicyProfile.Transitional)
        ?? policy?.Profile
        ?? PolicyProfile.Strict;

    private static T? Parse<T>(string? setting, string property, string defaultDescription, SourceLocation? settings, List<CheckResult> problems, params T[] allowed)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return null;
        }

        if (Names.TryParse(setting, out T value, ignoreCase: true) && allowed.Contains(value))
        {
            return value;
        }

        string names = string.Join(" or ", allowed.Select(v => $"'{Names.Name(v)}'"));
        problems.Add(CheckResult.FromDiagnostic(CheckId, new Diagnostic(Gov.InvalidSetting,
            $"{property} '{setting}' is not one of {names}. Set it (in a project file, Directory.Build.props or with -p:) to one of those, or leave it empty to {defaultDescription}.", settings)));
        return null;
    }
}
