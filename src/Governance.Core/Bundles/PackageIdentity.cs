using System.Linq;
using NuGet.Versioning;

namespace Governance.Core.Bundles;

/// <summary>
/// The rules a bundle's name and version follow, so that one package has one name in the release
/// store: an id of ASCII letters, digits and <c>_</c> in parts joined by <c>.</c> or <c>-</c> (what
/// nuget.org accepts), at most 100 characters; a NuGet version written as NuGet writes it, without
/// spaces, a <c>v</c> prefix or characters that only look like digits. Ids that differ in case are
/// one package, as NuGet treats them.
/// </summary>
public static class PackageIdentity
{
    public const int MaxIdLength = 100;

    /// <summary>Why <paramref name="id"/> is not a package id, or null when it is one.</summary>
    public static string? IdProblem(string id)
    {
        if (id.Length == 0 || id.Length > MaxIdLength)
        {
            return $"a package id has 1 to {MaxIdLength} characters";
        }

        bool partStart = true;
        foreach (char c in id)
        {
            bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (word)
            {
                partStart = false;
            }
            else if ((c == '.' || c == '-') && !partStart)
            {
                partStart = true;
            }
            else
            {
                return "a package id is ASCII letters, digits and '_', in parts joined by '.' or '-'";
            }
        }

        return partStart ? "a package id does not end with '.' or '-'" : null;
    }

    /// <summary>The version, or null with why it is not one.</summary>
    public static NuGetVersion? ParseVersion(string version, out string? problem)
    {
        problem = null;
        if (version.Length == 0 || !(version[0] >= '0' && version[0] <= '9') || version.Any(c => c <= ' ' || c > '~'))
        {
            problem = "a package version starts with a digit and is printable ASCII, without spaces";
            return null;
        }

        if (!NuGetVersion.TryParse(version, out NuGetVersion? parsed))
        {
            problem = "it is not a valid NuGet version (such as 1.2.0 or 1.2.0-beta.1)";
            return null;
        }

        return parsed;
    }

    /// <summary>The file name NuGet gives the package, without extension: <c>&lt;id&gt;.&lt;normalized version&gt;</c>.</summary>
    public static string FileStem(string id, NuGetVersion version) => id + "." + version.ToNormalizedString();
}
