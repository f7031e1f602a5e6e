using System;
using System.Collections.Generic;

namespace Governance.Core.Releases;

/// <summary>
/// Someone's approval of one release for one environment under one policy (<c>governance approve</c>):
/// bound to the environment, the release (its id and the manifest digests it is made of) and the
/// policy's digest, so it cannot be carried to another environment, another build or a loosened
/// policy; it expires, and the promotion that uses it consumes it.
/// </summary>
/// <param name="Environment">The environment it approves promotion to.</param>
/// <param name="ReleaseId">The release's id (<see cref="Release.Id"/>).</param>
/// <param name="ManifestSha256s">The manifest digests of the release's bundles, sorted.</param>
/// <param name="PolicySha256">SHA-256 of the policy file the approver saw.</param>
/// <param name="Approver">Who approves, as written (<c>--by</c>; with <c>approvers</c>, the id of the approver whose key signs).</param>
/// <param name="Created">When it was given (wall clock).</param>
/// <param name="Expires">When it stops counting (<see cref="DefaultLifetime"/> after <paramref name="Created"/> unless <c>--expires</c> says otherwise).</param>
public sealed record Approval(string Environment, string ReleaseId, IReadOnlyList<string> ManifestSha256s, string PolicySha256, string Approver, DateTimeOffset Created, DateTimeOffset Expires)
{
    /// <summary>How long an approval counts when no expiry is given: long enough for a release train, short enough that an old approval is not forgotten and reused.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(7);

    /// <summary>Why it was given (<c>--reason</c>); null when none was.</summary>
    public string? Reason { get; init; }

    /// <summary>The approval of <paramref name="release"/> for <paramref name="environment"/>, expiring after <see cref="DefaultLifetime"/> unless <paramref name="expires"/> is given.</summary>
    public static Approval For(string environment, Release release, string policySha256, string approver, DateTimeOffset created, DateTimeOffset? expires = null) =>
        new(environment.Trim(), release.Id, Sorted(release), policySha256, approver.Trim(), created.ToUniversalTime(), (expires ?? created + DefaultLifetime).ToUniversalTime());

    private static IReadOnlyList<string> Sorted(Release release)
    {
        var digests = new List<string>();
        foreach (ReleaseBundle bundle in release.Bundles)
        {
            digests.Add(bundle.ManifestSha256);
        }

        digests.Sort(StringComparer.Ordinal);
        return digests;
    }
}
