using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Policy;
using Governance.Core.SourceControl;
using Governance.Core.Store;

namespace Governance.Core.Evaluation;

/// <summary>
/// The trust model of the gate's settings (docs/security.md): every <c>Governance*</c> setting that
/// differs from its default is an override, listed in the report. Whoever controls the build's
/// inputs (a <c>Directory.Build.props</c>, the environment, a back-dated commit) can set them, so
/// on a run that the repository's own policy makes blocking, an override that can weaken the
/// decision is refused with GOV1008 unless that policy's <c>gate.allowOverrides</c> names its class.
/// The trusted policy is the <c>governance.json</c> at the root of the git work tree, whatever
/// <c>GovernancePolicyFile</c> says, and the branch is the one CI or <c>.git</c> report.
/// </summary>
public static class GateOverrides
{
    public const string CheckId = "configuration.overrides";

    /// <summary>How far behind the wall clock <c>GovernanceNow</c> may be before it counts as turning the clock back.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(10);

    /// <summary>The overrides of one run, and a GOV1008 result for each that a blocking run refuses.</summary>
    /// <param name="policy">The policy the run uses (null when it could not be read).</param>
    /// <param name="now">The decision clock (GovernanceNow when set).</param>
    /// <param name="wallClock">The wall clock of the run.</param>
    /// <returns>The overrides, the GOV1008 results, and the repository's own policy (which decides whether the run blocks).</returns>
    public static (IReadOnlyList<GateOverride> Overrides, IReadOnlyList<CheckResult> Refused, GovernancePolicy? Trusted) Judge(
        GateRequest request, string root, GovernancePolicy? policy, DateTimeOffset now, DateTimeOffset wallClock, SourceLocation? settings, Inputs.IGateInputs inputs)
    {
        var overrides = new List<GateOverride>();

        string anchor = BuildDirectory(request, root);
        SourceControlInfo? ci = SourceControlInfo.FromCi(request.Environment);
        SourceControlInfo? git = request.GitHead(anchor);
        SourceControlInfo detected = ci ?? git ?? new SourceControlInfo(string.Empty, string.Empty, "none");

        // The policy the repository itself holds decides whether the run blocks and what it allows.
        (GovernancePolicy? trusted, string trustedRoot) = TrustedPolicy(request, anchor, policy, overrides, inputs);
        if (!SameLocation(root, trustedRoot, root))
        {
            overrides.Add(new GateOverride(OverrideClass.Policy, "GovernanceRoot", RepoPath.Relative(trustedRoot, root))
            {
                Weakens = true,
                Why = $"the repository's governance root is {trustedRoot}: another root moves the policy, the default store and every path the report names",
            });
        }

        bool blocking = trusted is not null && trusted.BlockingBranches.Any(glob => BranchGlob.IsMatch(glob, detected.Branch));

        if (!string.IsNullOrWhiteSpace(request.Now))
        {
            TimeSpan behind = wallClock - now;
            overrides.Add(new GateOverride(OverrideClass.Clock, "GovernanceNow", request.Now!.Trim())
            {
                Weakens = behind > ClockTolerance,
                Why = $"it sets the decision clock {Describe(behind)} behind the wall clock, which revives expired exceptions and makes old evidence fresh",
            });
        }

        if (!string.IsNullOrWhiteSpace(request.Mode))
        {
            overrides.Add(new GateOverride(OverrideClass.Mode, "GovernanceGateMode", request.Mode!.Trim())
            {
                Weakens = !string.Equals(request.Mode!.Trim(), Names.Of(GateMode.Blocking), StringComparison.OrdinalIgnoreCase),
                Why = "it makes the run informational where the branch blocks, so failures only warn",
            });
        }

        if (!string.IsNullOrWhiteSpace(request.Profile))
        {
            overrides.Add(new GateOverride(OverrideClass.Profile, "GovernanceProfile", request.Profile!.Trim())
            {
                Weakens = (trusted?.Profile ?? PolicyProfile.Strict) == PolicyProfile.Strict &&
                          !string.Equals(request.Profile!.Trim(), Names.Of(PolicyProfile.Strict), StringComparison.OrdinalIgnoreCase),
                Why = "it relaxes the policy's strict profile, so lower-severity failures only warn",
            });
        }

        SubjectOverrides(request, detected, ci, git, overrides);

        // The repository's own choice is its policy's store (else the default); anything else is an override.
        string store = ReleaseStoreFactory.Resolve(request.Store, request.Environment, root, trusted?.Store);
        string defaultStore = ReleaseStoreFactory.Resolve(null, _ => null, trustedRoot, trusted?.Store);
        if (!SameLocation(store, defaultStore, root))
        {
            overrides.Add(new GateOverride(OverrideClass.Store, string.IsNullOrWhiteSpace(request.Store) ? ReleaseStoreFactory.EnvironmentVariable : "GovernanceStore", ReleaseStoreFactory.Describe(store))
            {
                Weakens = true,
                Why = "another store holds another history: an empty one drops the version floor, immutability and the SLO history",
            });
        }

        foreach (GateProject project in request.Projects.Where(p => p.OptOuts.Count > 0).GroupBy(p => p.ProjectFile, RepoPath.Comparer).Select(g => g.First()))
        {
            foreach (string optOut in project.OptOuts.Distinct(StringComparer.Ordinal))
            {
                int equals = optOut.IndexOf('=');
                overrides.Add(new GateOverride(OverrideClass.OptOut, equals < 0 ? optOut : optOut.Substring(0, equals), equals < 0 ? string.Empty : optOut.Substring(equals + 1), RepoPath.Relative(root, project.ProjectFile))
                {
                    Weakens = true,
                    Why = "it turns governance off for a project in the gate",
                });
            }
        }

        foreach (string project in request.DisabledProjects.Distinct(RepoPath.Comparer))
        {
            overrides.Add(new GateOverride(OverrideClass.OptOut, "GovernanceEnabled", "false", RepoPath.Relative(root, project))
            {
                Weakens = true,
                Why = "it takes a project of the gate out of it: nothing it builds is collected or checked",
            });
        }

        var refused = new List<CheckResult>();
        if (blocking)
        {
            for (int i = 0; i < overrides.Count; i++)
            {
                GateOverride o = overrides[i];
                if (!o.Weakens || trusted!.AllowOverrides.Contains(o.Class, StringComparer.Ordinal))
                {
                    continue;
                }

                overrides[i] = o with { Refused = true };
                string where = o.Project is null ? string.Empty : $" in {o.Project}";
                refused.Add(CheckResult.FromDiagnostic(CheckId, new Diagnostic(Gov.OverrideRefused,
                    $"{o.Setting}{where} is set to '{o.Value}' on a blocking run of '{detected.Branch}', and {o.Why}. Remove the setting (from the command line, the environment, Directory.Build.props or the project), or, if this repository accepts it, add \"{o.Class}\" to gate.allowOverrides in its governance.json (docs/security.md#overrides).",
                    o.Project is null ? settings : new SourceLocation(Path.GetFullPath(Path.Combine(root, o.Project))))));
            }
        }

        return (overrides
            .OrderBy(o => o.Class, StringComparer.Ordinal)
            .ThenBy(o => o.Setting, StringComparer.Ordinal)
            .ThenBy(o => o.Project ?? string.Empty, StringComparer.Ordinal)
            .ToArray(), refused, trusted);
    }

    /// <summary>
    /// Where the build itself is: the folder of the project or solution the gate runs on, else the
    /// root. Not GovernanceRoot: the root is a build input too, and one moved out of the work tree
    /// must not take the repository's own policy and git's view of the branch with it.
    /// </summary>
    public static string BuildDirectory(GateRequest request, string root) =>
        request.SettingsFile is { Length: > 0 } entry ? Path.GetDirectoryName(Path.GetFullPath(entry))! : root;

    /// <summary>
    /// The repository's own policy and root: <c>governance.json</c> at the root of the git work tree
    /// around the build; in a repository without one (policies per folder), the nearest
    /// <c>governance.json</c> at or above the project or solution the gate runs on; with neither,
    /// the policy in use, which then has nothing to weaken. A different policy in use is itself an
    /// override.
    /// </summary>
    private static (GovernancePolicy? Policy, string Root) TrustedPolicy(GateRequest request, string anchor, GovernancePolicy? policy, List<GateOverride> overrides, Inputs.IGateInputs inputs)
    {
        // Through the inputs, so the answers are recorded and a replay gets the same ones.
        string? workTree = request.WorkTreeRoot(anchor);
        string? rootPolicy = workTree is null ? null : Path.Combine(workTree, PolicyLoader.FileName);
        string? trustedFile = rootPolicy is not null && inputs.FileExists(rootPolicy) ? rootPolicy : PolicyLoader.Discover(anchor, inputs.FileExists);
        string? used = request.PolicyFile is { Length: > 0 } file ? Path.GetFullPath(file) : null;
        if (trustedFile is null)
        {
            return (policy, used is null ? workTree ?? anchor : Path.GetDirectoryName(used)!);
        }

        string trustedRoot = Path.GetDirectoryName(trustedFile)!;
        if (used is not null && RepoPath.Comparer.Equals(used, trustedFile))
        {
            return (policy, trustedRoot);
        }

        overrides.Add(new GateOverride(OverrideClass.Policy, "GovernancePolicyFile", used is null ? "(none: built-in defaults)" : RepoPath.Relative(trustedRoot, used))
        {
            Weakens = true,
            Why = $"the repository's policy is {RepoPath.Relative(workTree ?? trustedRoot, trustedFile)}; another policy can block nothing",
        });
        PolicyLoadResult trusted = PolicyLoader.Load(inputs, trustedFile);
        return (trusted.Policy, trustedRoot);
    }

    /// <summary>A branch or commit set by hand that contradicts CI or <c>.git</c>, a CI commit <c>.git</c> contradicts, a subject renamed.</summary>
    private static void SubjectOverrides(GateRequest request, SourceControlInfo detected, SourceControlInfo? ci, SourceControlInfo? git, List<GateOverride> overrides)
    {
        bool hasSource = ci is not null || git is not null;
        if (!string.IsNullOrWhiteSpace(request.Branch) && hasSource)
        {
            string branch = SourceControlInfo.StripRefsHeads(request.Branch!.Trim());
            overrides.Add(new GateOverride(OverrideClass.Subject, "GovernanceBranch", branch)
            {
                Weakens = !string.Equals(branch, detected.Branch, StringComparison.Ordinal),
                Why = $"{detected.Source} reports the branch '{detected.Branch}', and the branch decides whether the run blocks",
            });
        }

        if (!string.IsNullOrWhiteSpace(request.Commit) && hasSource)
        {
            string commit = request.Commit!.Trim();
            overrides.Add(new GateOverride(OverrideClass.Subject, "GovernanceCommit", commit)
            {
                Weakens = !string.Equals(commit, detected.Commit, StringComparison.OrdinalIgnoreCase),
                Why = $"{detected.Source} reports the commit '{detected.Commit}': a report must be about the commit that was built",
            });
        }

        // CI names a commit the checkout is not at: the report would vouch for another commit.
        if (ci is not null && git is not null && ci.Commit.Length > 0 && git.Commit.Length > 0 && !string.Equals(ci.Commit, git.Commit, StringComparison.OrdinalIgnoreCase))
        {
            overrides.Add(new GateOverride(OverrideClass.Subject, ci.Source + " commit", ci.Commit)
            {
                Weakens = true,
                Why = $".git's HEAD is {git.Commit}: the variables describe another commit than the one checked out",
            });
        }

        if (!string.IsNullOrWhiteSpace(request.SubjectNameSetting))
        {
            overrides.Add(new GateOverride(OverrideClass.Subject, "GovernanceSubjectName", request.SubjectNameSetting!.Trim())
            {
                Weakens = true,
                Why = "the subject's name keys its SLO history: another name starts a history with no breaches",
            });
        }
    }

    private static bool SameLocation(string a, string b, string root)
    {
        if (ReleaseStoreFactory.IsBackendLocation(a) || ReleaseStoreFactory.IsBackendLocation(b))
        {
            return string.Equals(a.Trim(), b.Trim(), StringComparison.Ordinal);
        }

        try
        {
            return RepoPath.Comparer.Equals(Path.GetFullPath(Path.Combine(root, a)).TrimEnd('/', '\\'), Path.GetFullPath(Path.Combine(root, b)).TrimEnd('/', '\\'));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return false;
        }
    }

    private static string Describe(TimeSpan behind) =>
        behind.TotalDays >= 2 ? Whole(Math.Floor(behind.TotalDays)) + " days"
        : behind.TotalHours >= 2 ? Whole(Math.Floor(behind.TotalHours)) + " hours"
        : Whole(Math.Ceiling(behind.TotalMinutes)) + " minutes";

    private static string Whole(double value) => value.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
}
