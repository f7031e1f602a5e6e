using System;
using System.Collections.Generic;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.IO;
using Governance.Core.Policy;
using Governance.Core.Store;
using NuGet.Versioning;

namespace Governance.Core.Checks;

/// <summary>A package in the gate: its id and version as its project computes them.</summary>
/// <param name="ProjectFile">Full path of the project that packs it.</param>
/// <param name="ProjectPath">The project, relative to the governance root, for the report.</param>
/// <param name="VersionSource">Where the project's version comes from (see <see cref="GateProject.VersionSource"/>), or null.</param>
public sealed record GatePackage(string Id, string Version, string ProjectFile, string ProjectPath, string? VersionSource = null)
{
    /// <summary>Why the project is exempt from the version rules (see <see cref="GateProject.VersionExemption"/>), or null.</summary>
    public string? Exemption { get; init; }

    /// <summary>What the user changes to change the version, for messages.</summary>
    public string HowToChange => VersionSource switch
    {
        "MinVer" => "tag a new version (MinVer computes the version from git tags)",
        "GitVersion" => "change the version through GitVersion (a tag or GitVersion.yml)",
        "Nerdbank.GitVersioning" => "change the version in version.json (Nerdbank.GitVersioning)",
        "VersionPrefix" or "PackageVersion" or "Version" => $"set {VersionSource} in the project or Directory.Build.props",
        _ => "set Version or VersionPrefix in the project or Directory.Build.props",
    };
}

/// <summary>
/// The version policy (<c>versioning</c>), with NuGet's own version rules:
/// every package version must parse as a NuGet version (GOV2201); on blocking branches it must
/// be stable when <c>stableOnBlockingBranches</c> is set (GOV2201); and it must be greater than
/// the floor of its major version (GOV2202): the policy's baseline when it is of that major, and
/// every version of that package recorded in the release store with the same major. The floor is
/// kept per major because a major is a track of its own (an environment's current state is per
/// track too): servicing 1.4.1 after 2.0.0 was released is allowed, releasing 1.4.0 again is not.
/// </summary>
public sealed class VersionChecker : IGateCheck
{
    /// <summary>
    /// Every packable project's package, once. An exempt one (a test project, an application,
    /// GovernanceVersionPolicy=false) is held to the floor only when it was released before or the
    /// policy names it, since a released version must never be released again; the others are
    /// listed in one notice, so an exemption is never silent.
    /// </summary>
    public void Run(GateContext context, GateFindings findings)
    {
        if (context.Policy is null)
        {
            return;
        }

        GatePackage[] packages = context.Projects
            .Where(p => !string.IsNullOrWhiteSpace(p.PackageId))
            .Select(p => new GatePackage(p.PackageId!.Trim(), p.PackageVersion?.Trim() ?? string.Empty, p.ProjectFile, RepoPath.Relative(context.Root, p.ProjectFile), p.VersionSource)
            {
                Exemption = p.VersionExemption,
            })
            .ToArray();
        findings.AddRange(Check(packages, context.Policy.Versioning, context.Policy.FilePath, context.Mode, context.Store));
    }

    public static IEnumerable<CheckResult> Check(IEnumerable<GatePackage> packages, VersioningPolicy policy, string? policyFile, GateMode mode, IReleaseStore? store)
    {
        var results = new List<CheckResult>();
        var exempted = new List<GatePackage>();
        SourceLocation? policyLocation = policyFile is null ? null : new SourceLocation(policyFile, policy.Line);
        foreach (GatePackage package in packages
            .GroupBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderBy(p => p.ProjectPath, StringComparer.Ordinal).First())
            .OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase))
        {
            string id = $"version:{package.Id}";
            var at = new[] { new SourceLocation(package.ProjectFile) };
            CheckResult Result(DiagnosticDescriptor rule, CheckStatus status, string message, IReadOnlyList<SourceLocation>? locations = null) =>
                new(id, rule, status, Severity.High, message, package.ProjectPath, locations ?? at, Array.Empty<EvidenceReference>());

            NuGetVersion[] recorded;
            try
            {
                recorded = (store is null ? Array.Empty<string>() : Bundles.BundleRecords.Versions(store, package.Id))
                    .Select(v => NuGetVersion.TryParse(v, out NuGetVersion? parsed) ? parsed : null)
                    .Where(v => v is not null)
                    .Select(v => v!)
                    .ToArray();
            }
            catch (Exception ex) when (ex is System.IO.IOException or UnauthorizedAccessException or ArgumentException or StoreIntegrityException)
            {
                // What cannot be read cannot be compared against: a configuration error, never a pass.
                results.Add(new CheckResult(id, ex is StoreUnavailableException ? Gov.StoreUnavailable : Gov.UnreadableFile, CheckStatus.Error, Severity.High,
                    $"The released versions of {package.Id} cannot be read from the release store (GovernanceStore): {(ex is ArgumentException ? "the package id cannot name a folder there" : ex is StoreIntegrityException ? ex.Message : IO.RepoPath.DescribeFailure(ex))}. Check GovernanceStore and its permissions.",
                    package.ProjectPath, at, Array.Empty<EvidenceReference>()));
                continue;
            }

            NuGetVersion? released = recorded.Max();
            // An exempt package (not what is released) is left alone, unless it was released
            // before or the policy names it: a released version is never released again.
            bool named = policy.PackageBaselines.ContainsKey(package.Id);
            if (package.Exemption is not null && !named && released is null)
            {
                exempted.Add(package);
                continue;
            }

            if (!NuGetVersion.TryParse(package.Version, out NuGetVersion? version))
            {
                results.Add(Result(Gov.VersionNotAllowed, CheckStatus.Fail,
                    $"{package.Id} has version '{package.Version}', which is not a valid NuGet version (for example 1.2.3 or 1.2.3-beta.1). To fix it, {package.HowToChange}."));
                continue;
            }

            if (policy.StableOnBlockingBranches && package.Exemption is null)
            {
                if (mode == GateMode.Blocking && version.IsPrerelease)
                {
                    results.Add(Result(Gov.VersionNotAllowed, CheckStatus.Fail,
                        $"{package.Id} {version.ToNormalizedString()} is a prerelease, and the policy requires stable versions on blocking branches (versioning.stableOnBlockingBranches). Release a stable version from this branch ({package.HowToChange}), or build prereleases on a branch that does not block. A project that is not released can opt out with GovernanceVersionPolicy=false."));
                }
                else
                {
                    results.Add(Result(Gov.VersionNotAllowed, CheckStatus.Pass, mode == GateMode.Blocking
                        ? $"{package.Id} {version.ToNormalizedString()} is a stable version."
                        : $"{package.Id} {version.ToNormalizedString()}: stable versions are required only on blocking branches."));
                }
            }

            string? baselineText = named ? policy.PackageBaselines[package.Id] : package.Exemption is null ? policy.Baseline : null;
            NuGetVersion? baseline = null;
            if (baselineText is not null && !NuGetVersion.TryParse(baselineText, out baseline))
            {
                results.Add(new CheckResult(id, Gov.SchemaViolation, CheckStatus.Error, Severity.High,
                    $"versioning.baseline '{baselineText}' for {package.Id} is not a valid NuGet version. Correct it in the policy (for example \"1.4.0\").",
                    package.ProjectPath, policyLocation is null ? Array.Empty<SourceLocation>() : new[] { policyLocation }, Array.Empty<EvidenceReference>()));
                continue;
            }

            // The floor is that of the version's own major: every recorded version of that major,
            // and the baseline unless it is of a later major. A version of another major says
            // nothing about this track (a later major is a new line, an earlier one is serviced
            // on its own).
            NuGetVersion? sameMajor = recorded.Where(v => v.Major == version.Major).Max();
            NuGetVersion? applicableBaseline = baseline is not null && baseline.Major <= version.Major ? baseline : null;
            if (applicableBaseline is null && sameMajor is null)
            {
                if (released is not null || baseline is not null)
                {
                    // Nothing to exceed on this major, but something on another: say so, so a
                    // servicing release is visibly judged, never silently skipped.
                    string other = released is not null
                        ? $"the release store holds {package.Id} only in other major versions (the last: {released.ToNormalizedString()})"
                        : $"the policy's baseline {baseline!.ToNormalizedString()} is of a later major version";
                    results.Add(Result(Gov.VersionNotIncreased, CheckStatus.Pass,
                        $"{package.Id} {version.ToNormalizedString()} is the first {version.Major}.x version: {other}, and the version floor is kept per major version, so servicing an older major is allowed."));
                }

                continue;
            }

            bool fromStore = sameMajor is not null && (applicableBaseline is null || sameMajor >= applicableBaseline);
            NuGetVersion floor = fromStore ? sameMajor! : applicableBaseline!;
            string source = fromStore
                ? $"{floor.ToNormalizedString()}, the last version of {package.Id} in the release store{(released! > floor ? $" with major version {floor.Major} (later majors do not count: servicing {floor.Major}.x is allowed)" : string.Empty)}"
                : $"{floor.ToNormalizedString()}, the policy's baseline";
            results.Add(version > floor
                ? Result(Gov.VersionNotIncreased, CheckStatus.Pass, $"{package.Id} {version.ToNormalizedString()} is greater than {source}.")
                : Result(Gov.VersionNotIncreased, CheckStatus.Fail,
                    $"{package.Id} {version.ToNormalizedString()} is not greater than {source}. Raise the version above {floor.ToNormalizedString()} ({package.HowToChange}): a released version is never released again."));
        }

        if (exempted.Count > 0)
        {
            results.Add(new CheckResult("version:exempt", Gov.Notice, CheckStatus.Pass, Severity.Info,
                $"The version rules are not applied to packages that are not released: {string.Join(", ", exempted.Select(p => $"{p.Id} ({p.Exemption})"))}. Set GovernanceVersionPolicy=true on a project whose package is released.",
                null, exempted.Select(p => new SourceLocation(p.ProjectFile)).ToArray(), Array.Empty<EvidenceReference>()));
        }

        return results;
    }
}
