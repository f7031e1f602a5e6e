using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Governance.Core.IO;

namespace Governance.Core.Releases;

/// <summary>
/// One or more bundles promoted together: one ledger entry, all or nothing. Its id is the digest of
/// its bundles' manifest digests (sorted), so the same bundles are the same release whatever order
/// they were named in, and approvals, ledgers and status refer to it by that id. A release holds at
/// most one bundle per track: an environment keeps one current release per track.
/// </summary>
public sealed class Release : IEquatable<Release>
{
    private Release(string id, IReadOnlyList<ReleaseBundle> bundles)
    {
        Id = id;
        Bundles = bundles;
    }

    /// <summary>SHA-256 (hex) of the sorted manifest digests, one per line (<see cref="IdOf"/>).</summary>
    public string Id { get; }

    /// <summary>The bundles, sorted by package id (without case), then version.</summary>
    public IReadOnlyList<ReleaseBundle> Bundles { get; }

    /// <summary>The tracks the release moves, sorted.</summary>
    public IReadOnlyList<ReleaseTrack> Tracks => Bundles.Select(b => b.Track!).OrderBy(t => t).ToArray();

    /// <summary>
    /// A release's id: the SHA-256 of its manifest digests, lowercase hex, sorted ordinally, each
    /// followed by a line feed. Anyone can recompute it from the bundles.
    /// </summary>
    public static string IdOf(IEnumerable<string> manifestSha256s)
    {
        var text = new StringBuilder();
        foreach (string digest in manifestSha256s.Select(d => d.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).OrderBy(d => d, StringComparer.Ordinal))
        {
            text.Append(digest).Append('\n');
        }

        return Sha256.OfBytes(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>
    /// The release of <paramref name="bundles"/> (a bundle named twice counts once), or null with
    /// <paramref name="problem"/> saying why there is none: no bundle, a version that is not a NuGet
    /// version, or two bundles for one track.
    /// </summary>
    public static Release? TryCreate(IEnumerable<ReleaseBundle> bundles, out string? problem)
    {
        problem = null;
        ReleaseBundle[] distinct = bundles
            .GroupBy(b => b.ManifestSha256, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(b => b.PackageId.ToLowerInvariant(), StringComparer.Ordinal)
            .ThenBy(b => b.Version, StringComparer.Ordinal)
            .ToArray();
        if (distinct.Length == 0)
        {
            problem = "a release needs at least one bundle";
            return null;
        }

        if (distinct.FirstOrDefault(b => b.Track is null) is ReleaseBundle unversioned)
        {
            problem = $"{unversioned.PackageId} has version '{unversioned.Version}', which is not a NuGet version, so it belongs to no track";
            return null;
        }

        if (distinct.GroupBy(b => b.Track!).FirstOrDefault(g => g.Count() > 1) is IGrouping<ReleaseTrack, ReleaseBundle> twice)
        {
            problem = $"the release holds {string.Join(" and ", twice.Select(b => b.ToString()))}, two bundles for the track {twice.Key}: an environment keeps one current release per package and major version. Promote them one at a time";
            return null;
        }

        return new Release(IdOf(distinct.Select(b => b.ManifestSha256)), distinct);
    }

    /// <summary>As <see cref="TryCreate"/>, for bundles known to make a release (read back from a ledger).</summary>
    /// <exception cref="ArgumentException">They do not.</exception>
    public static Release Create(IEnumerable<ReleaseBundle> bundles) =>
        TryCreate(bundles, out string? problem) ?? throw new ArgumentException(problem, nameof(bundles));

    /// <summary>The bundle of <paramref name="track"/> in this release, or null.</summary>
    public ReleaseBundle? BundleOf(ReleaseTrack track) => Bundles.FirstOrDefault(b => track.Equals(b.Track));

    /// <summary>Releases are equal when their ids are: the same bundles.</summary>
    public bool Equals(Release? other) => other is not null && string.Equals(Id, other.Id, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as Release);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);

    /// <summary>For messages: <c>Contoso.Core 1.4.0, Contoso.Data 1.4.0</c>.</summary>
    public override string ToString() => string.Join(", ", Bundles.Select(b => b.ToString()));
}
