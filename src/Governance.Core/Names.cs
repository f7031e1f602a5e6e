using System;
using System.Collections.Generic;
using System.Linq;
using Governance.Core.Evaluation;
using Governance.Core.Policy;
using Governance.Core.Slos;

namespace Governance.Core;

/// <summary>
/// The lowercase names that policies, settings, reports, SARIF and history entries use for enum
/// values: one table per enum, read both ways, so a name is spelt in exactly one place.
/// </summary>
public static class Names
{
    private static readonly NameTable<GateMode> Modes = new(
        (GateMode.Informational, "informational"), (GateMode.Blocking, "blocking"), (GateMode.Unknown, "unknown"));

    private static readonly NameTable<PolicyProfile> Profiles = new(
        (PolicyProfile.Strict, "strict"), (PolicyProfile.Transitional, "transitional"));

    private static readonly NameTable<CheckStatus> Statuses = new(
        (CheckStatus.Pass, "pass"), (CheckStatus.Warn, "warn"), (CheckStatus.Fail, "fail"), (CheckStatus.Waived, "waived"), (CheckStatus.Error, "error"));

    private static readonly NameTable<Severity> Severities = new(
        (Severity.Info, "info"), (Severity.Low, "low"), (Severity.Medium, "medium"), (Severity.High, "high"), (Severity.Critical, "critical"));

    private static readonly NameTable<SloTier> Tiers = new(
        (SloTier.Ok, "ok"), (SloTier.Warn, "warn"), (SloTier.SoftFail, "soft-fail"), (SloTier.HardFail, "hard-fail"), (SloTier.NoData, "no-data"));

    private static readonly NameTable<Lineage.FragmentKind> FragmentKinds = new(
        (Lineage.FragmentKind.Build, "build"), (Lineage.FragmentKind.Pack, "pack"), (Lineage.FragmentKind.Publish, "publish"));

    private static readonly NameTable<SloDirection> Directions = new(
        (SloDirection.Higher, "higher"), (SloDirection.Lower, "lower"));

    private static readonly NameTable<KeyUse> KeyUses = new(
        (KeyUse.Release, "release"), (KeyUse.Preview, "preview"));

    private static readonly NameTable<Releases.LedgerAction> LedgerActions = new(
        (Releases.LedgerAction.PromoteStarted, "promote-started"), (Releases.LedgerAction.Promote, "promote"),
        (Releases.LedgerAction.PromoteFailed, "promote-failed"), (Releases.LedgerAction.Rollback, "rollback"));

    private static readonly NameTable<Releases.ReleaseEdgeKind> ReleaseEdgeKinds = new(
        (Releases.ReleaseEdgeKind.Promoted, "promoted"), (Releases.ReleaseEdgeKind.RolledBack, "rolledBack"));

    private static readonly NameTable<Tenants.CapabilityChannel> Channels = new(
        (Tenants.CapabilityChannel.Public, "public"), (Tenants.CapabilityChannel.Partner, "partner"), (Tenants.CapabilityChannel.Internal, "internal"));

    private static readonly NameTable<Tenants.SameTenantStatus> SameTenantStatuses = new(
        (Tenants.SameTenantStatus.Enforced, "enforced"), (Tenants.SameTenantStatus.Pending, "pending"), (Tenants.SameTenantStatus.Exempt, "exempt"));

    private static readonly NameTable<Tenants.TestOutcome> TestOutcomes = new(
        (Tenants.TestOutcome.Passed, "passed"), (Tenants.TestOutcome.Failed, "failed"), (Tenants.TestOutcome.NotRun, "not-run"));

    private static readonly NameTable<Tenants.CoverageState> CoverageStates = new(
        (Tenants.CoverageState.Covered, "covered"), (Tenants.CoverageState.Exempt, "exempt"), (Tenants.CoverageState.NotEnforced, "not-enforced"),
        (Tenants.CoverageState.Unproven, "unproven"), (Tenants.CoverageState.ExemptionInvalid, "exemption-invalid"), (Tenants.CoverageState.Pending, "pending"));

    public static string Of(GateMode value) => Modes.Name(value);

    public static string Of(PolicyProfile value) => Profiles.Name(value);

    public static string Of(CheckStatus value) => Statuses.Name(value);

    public static string Of(Severity value) => Severities.Name(value);

    public static string Of(SloTier value) => Tiers.Name(value);

    public static string Of(SloDirection value) => Directions.Name(value);

    /// <summary>The name of any enum value that has one (for code that is generic over the enum).</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => Table<T>().Name(value);

    /// <summary>Every name of <typeparamref name="T"/>, in the enum's order (for messages that list the allowed values).</summary>
    public static IReadOnlyList<string> All<T>()
        where T : struct, Enum => Table<T>().Names;

    /// <summary>
    /// The value named <paramref name="text"/>. Names in files the SDK validates are exact;
    /// MSBuild settings pass <paramref name="ignoreCase"/>, as MSBuild compares property values without case.
    /// </summary>
    public static bool TryParse<T>(string? text, out T value, bool ignoreCase = false)
        where T : struct, Enum => Table<T>().TryParse(text, ignoreCase, out value);

    /// <summary>As <see cref="TryParse{T}"/>, for names a schema has already validated.</summary>
    public static T Parse<T>(string text)
        where T : struct, Enum =>
        TryParse(text, out T value) ? value : throw new FormatException($"'{text}' is not a {typeof(T).Name} name.");

    private static NameTable<T> Table<T>()
        where T : struct, Enum =>
        (NameTable<T>)(typeof(T) == typeof(GateMode) ? Modes
            : typeof(T) == typeof(PolicyProfile) ? Profiles
            : typeof(T) == typeof(CheckStatus) ? Statuses
            : typeof(T) == typeof(Severity) ? Severities
            : typeof(T) == typeof(SloTier) ? Tiers
            : typeof(T) == typeof(SloDirection) ? Directions
            : typeof(T) == typeof(KeyUse) ? KeyUses
            : typeof(T) == typeof(Releases.LedgerAction) ? LedgerActions
            : typeof(T) == typeof(Releases.ReleaseEdgeKind) ? ReleaseEdgeKinds
            : typeof(T) == typeof(Tenants.CapabilityChannel) ? Channels
            : typeof(T) == typeof(Tenants.SameTenantStatus) ? SameTenantStatuses
            : typeof(T) == typeof(Tenants.TestOutcome) ? TestOutcomes
            : typeof(T) == typeof(Tenants.CoverageState) ? CoverageStates
            : typeof(T) == typeof(Lineage.FragmentKind) ? (object)FragmentKinds
            : throw new ArgumentException($"{typeof(T).Name} has no names."));

    private sealed class NameTable<T>
        where T : struct, Enum
    {
        private readonly (T Value, string Name)[] entries;

        public NameTable(params (T Value, string Name)[] entries) => this.entries = entries;

        public IReadOnlyList<string> Names => entries.Select(e => e.Name).ToArray();

        public string Name(T value) => entries.First(e => EqualityComparer<T>.Default.Equals(e.Value, value)).Name;

        public bool TryParse(string? text, bool ignoreCase, out T value)
        {
            StringComparison comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            foreach ((T candidate, string name) in entries)
            {
                if (string.Equals(text?.Trim(), name, comparison))
                {
                    value = candidate;
                    return true;
                }
            }

            value = default;
            return false;
        }
    }
}
