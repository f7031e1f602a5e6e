using System.Collections.Generic;

namespace Governance.Core.Policy;

/// <summary>
/// A loaded, schema-valid <c>governance.json</c>. Only the parts the current checks evaluate are
/// mapped; the schema validates every field of the reference policy already.
/// </summary>
public sealed record GovernancePolicy
{
    /// <summary>The policy used when a repository has no <c>governance.json</c>.</summary>
    public static GovernancePolicy BuiltInDefaults { get; } = new();

    /// <summary>Full path of the policy file, or null for the built-in defaults.</summary>
    public string? FilePath { get; init; }

    /// <summary>SHA-256 of the policy file's bytes, or null for the built-in defaults.</summary>
    public string? Sha256 { get; init; }

    public string PolicyVersion { get; init; } = PolicyLoader.SupportedVersion;

    /// <summary>The release store the policy names (<c>store</c>: a folder, <c>git:&lt;remote&gt;</c> or <c>azblob:&lt;container URL&gt;</c>), or null for the default.</summary>
    public string? Store { get; init; }

    /// <summary>GOV0003 warnings: what the policy asks for that this version accepts but does not enforce yet.</summary>
    public IReadOnlyList<Diagnostics.Diagnostic> NotEnforced { get; init; } = new Diagnostics.Diagnostic[0];

    /// <summary>The profile the policy names, or null when it names none.</summary>
    public PolicyProfile? Profile { get; init; }

    public IReadOnlyList<string> BlockingBranches { get; init; } = new string[0];

    /// <summary>The override classes a blocking run accepts (<c>gate.allowOverrides</c>).</summary>
    public IReadOnlyList<string> AllowOverrides { get; init; } = new string[0];

    public IReadOnlyList<EvidenceRequirement> Evidence { get; init; } = new EvidenceRequirement[0];

    public IReadOnlyList<ContractRequirement> Contracts { get; init; } = new ContractRequirement[0];

    public VersioningPolicy Versioning { get; init; } = VersioningPolicy.None;

    /// <summary>The <c>releaseNotes</c> section (GOV2501).</summary>
    public ReleaseNotesPolicy ReleaseNotes { get; init; } = ReleaseNotesPolicy.None;

    public SarifPolicy Sarif { get; init; } = SarifPolicy.Default;

    /// <summary>Globs (relative to the governance root) of metric files: plain JSON, TRX and Cobertura.</summary>
    public IReadOnlyList<string> Metrics { get; init; } = new string[0];

    public IReadOnlyList<SloDefinition> Slos { get; init; } = new SloDefinition[0];

    /// <summary>The <c>tenantIsolation</c> section, or null when the policy has none.</summary>
    public TenantIsolationPolicy? TenantIsolation { get; init; }

    /// <summary>The exceptions file, relative to the governance root as written in the policy, or null.</summary>
    public string? ExceptionsPath { get; init; }

    /// <summary>
    /// The longest an exception may last without <c>exceptionMaxDays</c>: an unbounded exception
    /// (created today, expiring in a hundred years) would be a check turned off, not an exception.
    /// </summary>
    public const double DefaultExceptionMaxDays = 90;

    /// <summary>The longest an exception may last (created to expires) as the policy sets it, or null when it does not (then <see cref="DefaultExceptionMaxDays"/>).</summary>
    public double? ExceptionMaxDays { get; init; }

    /// <summary>Who may approve exceptions, by scope (<c>approvers</c>); <see cref="ExceptionApprovers.None"/> when anyone but the requester may.</summary>
    public ExceptionApprovers ExceptionApprovers { get; init; } = ExceptionApprovers.None;

    /// <summary>Line of <c>exceptions</c> in the policy file, for diagnostics.</summary>
    public int ExceptionsLine { get; init; }

    /// <summary>Keys trusted to sign bundles. When any is listed, bundles must be signed by one of them unless <see cref="BundlesRequireSignature"/> is false.</summary>
    public IReadOnlyList<TrustedKey> TrustedKeys { get; init; } = new TrustedKey[0];

    /// <summary><c>bundles.requireSignature</c> as written, or null when the policy does not say (see <see cref="BundleSignatureRequired"/>).</summary>
    public bool? BundlesRequireSignature { get; init; }

    /// <summary>
    /// Whether an unsigned bundle is GOV4003: as <c>bundles.requireSignature</c> says, and by default
    /// as soon as <c>trustedKeys</c> lists a key (a key nobody has to use protects nothing).
    /// </summary>
    public bool BundleSignatureRequired => BundlesRequireSignature ?? TrustedKeys.Count > 0;

    /// <summary>The environments releases are promoted to (<c>environments[]</c>), in policy order; names are unique without case and every <c>after</c> names one of them, without cycles.</summary>
    public IReadOnlyList<EnvironmentPolicy> Environments { get; init; } = new EnvironmentPolicy[0];

    /// <summary>The environment <paramref name="name"/> names (without case), or null when the policy has none of that name (GOV7005).</summary>
    public EnvironmentPolicy? FindEnvironment(string? name)
    {
        foreach (EnvironmentPolicy environment in Environments)
        {
            if (environment.Is(name))
            {
                return environment;
            }
        }

        return null;
    }

    /// <summary>Whether a bundle promoted to <paramref name="environment"/> must be signed by a trusted key: its own <c>requireSignature</c>, else <see cref="BundleSignatureRequired"/>.</summary>
    public bool SignatureRequiredFor(EnvironmentPolicy environment) => environment.RequireSignature ?? BundleSignatureRequired;
}
