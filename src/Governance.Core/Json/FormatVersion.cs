using System.Globalization;

namespace Governance.Core.Json;

/// <summary>How a file's <c>schemaVersion</c> compares with the version of the format this build writes.</summary>
public enum FormatCompatibility
{
    /// <summary>The version this build writes: read and validated strictly.</summary>
    Current,

    /// <summary>A later minor version of the same major: read, fields this build does not know are ignored.</summary>
    NewerMinor,

    /// <summary>Another major version, or no version this build understands: refused (GOV1003).</summary>
    Unsupported,
}

/// <summary>
/// The compatibility rule for formats read across SDK versions (gate reports; evidence packages
/// next): a <c>schemaVersion</c> is <c>major</c> or <c>major.minor</c>; readers accept their own
/// major version and refuse another one with GOV1003, so a file from a newer SDK is never
/// half-understood. Formats a verifier must understand completely (bundle manifests, lineage
/// fragments, stream entries) accept only the exact version they know
/// (<see cref="JsonInput.ValidateVersioned"/>, <see cref="Store.HashChain"/>).
/// </summary>
public static class FormatVersion
{
    public static FormatCompatibility Check(string? found, string current)
    {
        if (found is null || !TryParse(found, out int major, out int minor) || !TryParse(current, out int currentMajor, out int currentMinor))
        {
            return FormatCompatibility.Unsupported;
        }

        return major != currentMajor ? FormatCompatibility.Unsupported
            : minor == currentMinor ? FormatCompatibility.Current
            : minor > currentMinor ? FormatCompatibility.NewerMinor
            : FormatCompatibility.Current;
    }

    /// <summary>True when <paramref name="found"/> is a version of a later major than <paramref name="current"/>: a newer Governance.Sdk wrote it.</summary>
    public static bool IsNewerMajor(string? found, string current) =>
        found is not null && TryParse(found, out int major, out _) && TryParse(current, out int currentMajor, out _) && major > currentMajor;

    private static bool TryParse(string text, out int major, out int minor)
    {
        major = 0;
        minor = 0;
        string[] parts = text.Split('.');
        return parts.Length <= 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out major)
            && (parts.Length == 1 || int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out minor));
    }
}
