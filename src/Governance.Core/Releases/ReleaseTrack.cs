using System;
using System.Globalization;
using NuGet.Versioning;

namespace Governance.Core.Releases;

/// <summary>
/// What an environment keeps one current release of: a package id (without case, as NuGet compares
/// ids) and a major version. Servicing an older major (1.4.1 after 2.0.0) moves only its own track,
/// so the 2.x consumers of an environment never see it as a rollback or an upgrade.
/// </summary>
public sealed class ReleaseTrack : IEquatable<ReleaseTrack>, IComparable<ReleaseTrack>
{
    public ReleaseTrack(string packageId, int major)
    {
        PackageId = packageId.Trim();
        Major = major;
    }

    /// <summary>The package id as first written (the display form).</summary>
    public string PackageId { get; }

    public int Major { get; }

    /// <summary>The form tracks are compared, sorted and written in: the id lowercase, '@', the major (<c>contoso.core@1</c>).</summary>
    public string Key => PackageId.ToLowerInvariant() + "@" + Major.ToString(CultureInfo.InvariantCulture);

    /// <summary>The track of a package version, or null when the version is not a NuGet version.</summary>
    public static ReleaseTrack? Of(string packageId, string version) =>
        NuGetVersion.TryParse(version, out NuGetVersion? parsed) ? new ReleaseTrack(packageId, parsed.Major) : null;

    /// <summary>
    /// Reads a track as an operator names it (<c>--track Contoso.Core@2</c>); <paramref name="major"/>
    /// is null when only the id is given (<c>--track Contoso.Core</c>: every major of it). Null, with
    /// <paramref name="problem"/>, when it is neither.
    /// </summary>
    public static string? ParseSelector(string text, out int? major, out string? problem)
    {
        major = null;
        problem = null;
        string trimmed = text.Trim();
        int at = trimmed.LastIndexOf('@');
        string id = at < 0 ? trimmed : trimmed.Substring(0, at);
        if (at >= 0)
        {
            if (!int.TryParse(trimmed.Substring(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int parsed))
            {
                problem = $"'{text}' is not a track: write the package id, optionally with '@' and a major version (Contoso.Core or Contoso.Core@2)";
                return null;
            }

            major = parsed;
        }

        if (id.Length == 0 || id.IndexOfAny(new[] { '/', '\\', ' ', '@' }) >= 0)
        {
            problem = $"'{text}' is not a track: write the package id, optionally with '@' and a major version (Contoso.Core or Contoso.Core@2)";
            return null;
        }

        return id;
    }

    public bool Equals(ReleaseTrack? other) => other is not null && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ReleaseTrack);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

    public int CompareTo(ReleaseTrack? other) =>
        other is null ? 1 : string.CompareOrdinal(PackageId.ToLowerInvariant(), other.PackageId.ToLowerInvariant()) is int byId and not 0 ? byId : Major.CompareTo(other.Major);

    /// <summary>For messages: <c>Contoso.Core@1</c>.</summary>
    public override string ToString() => PackageId + "@" + Major.ToString(CultureInfo.InvariantCulture);
}
