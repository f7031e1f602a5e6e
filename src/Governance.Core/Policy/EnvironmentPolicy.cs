using System;
using System.Collections.Generic;

namespace Governance.Core.Policy;

/// <summary>
/// One environment a release is promoted to (<c>environments[]</c> in the policy): where it sits in
/// the order, where its packages are published, and what a release must show before it may become
/// current there. Names compare without case, as an operator types them on the command line.
/// </summary>
/// <param name="Name">The environment's name as the policy writes it (<c>dev</c>, <c>staging</c>, <c>prod</c>).</param>
/// <param name="Line">Line of the entry in the policy file, for diagnostics.</param>
public sealed record EnvironmentPolicy(string Name, int Line)
{
    /// <summary>How environment names compare: an operator's <c>--to Prod</c> means <c>prod</c>.</summary>
    public static StringComparer NameComparer => StringComparer.OrdinalIgnoreCase;

    /// <summary>The environment a release must have reached first and still hold, or have held without being rolled back from (<c>after</c>); null: none.</summary>
    public string? After { get; init; }

    /// <summary>Where promotion publishes the packages: a folder (relative to the governance root) or a NuGet v3 source (<c>feed</c>); null: the ledger only.</summary>
    public string? Feed { get; init; }

    /// <summary>The variable holding the feed's API key (<c>apiKeyEnvironmentVariable</c>); never shown to a check.</summary>
    public string? ApiKeyEnvironmentVariable { get; init; }

    /// <summary>The commands run after publishing (the canary, <c>checks[]</c>); one failing is GOV7004.</summary>
    public IReadOnlyList<EnvironmentCheck> Checks { get; init; } = Array.Empty<EnvironmentCheck>();

    /// <summary>A <c>go</c> of a blocking gate run, and the bundle's commit reachable from a blocking branch (<c>requireBlockingGo</c>).</summary>
    public bool RequireBlockingGo { get; init; }

    /// <summary>A valid, unconsumed approval of the release for this environment (<c>requireApproval</c>, GOV7007).</summary>
    public bool RequireApproval { get; init; }

    /// <summary>When listed, an approval counts only when signed by one of them (<c>approvers[]</c>).</summary>
    public IReadOnlyList<EnvironmentApprover> Approvers { get; init; } = Array.Empty<EnvironmentApprover>();

    /// <summary>Wall-clock minutes a release must have spent in <see cref="After"/> first (<c>minSoakMinutes</c>, GOV7008); null: none.</summary>
    public int? MinSoakMinutes { get; init; }

    /// <summary>Windows in which nothing is promoted here (<c>freeze[]</c>, GOV7010).</summary>
    public IReadOnlyList<FreezeWindow> Freeze { get; init; } = Array.Empty<FreezeWindow>();

    /// <summary>
    /// Every bundle must be signed by a trusted key to come here (<c>requireSignature</c>, GOV4003);
    /// null: as <c>bundles.requireSignature</c> says (<see cref="GovernancePolicy.BundleSignatureRequired"/>).
    /// </summary>
    public bool? RequireSignature { get; init; }

    /// <summary>True when <paramref name="name"/> names this environment.</summary>
    public bool Is(string? name) => name is not null && NameComparer.Equals(Name, name.Trim());
}
