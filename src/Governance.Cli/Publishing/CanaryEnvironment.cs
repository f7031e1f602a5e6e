using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Governance.Cli.Publishing;

/// <summary>
/// The environment a canary check runs with. It starts empty, not from ours: a promotion runs in
/// CI next to the release signing key and every feed's API key, and a check is a command from the
/// repository that anyone with a pull request can change. A check sees:
/// <list type="bullet">
/// <item>the basics a shell and the .NET SDK need: <c>PATH</c>, <c>HOME</c>, <c>TMPDIR</c> and
/// every <c>DOTNET_*</c> and <c>NUGET_*</c> variable (the SDK's location, its telemetry opt-out,
/// the package folder), plus on Windows the system variables without which <c>cmd</c> and
/// <c>dotnet</c> do not run (<see cref="WindowsBasics"/>);</item>
/// <item>the variables its <c>environment</c> lists;</item>
/// <item><c>GOVERNANCE_ENVIRONMENT</c>, <c>GOVERNANCE_FEED</c>, <c>GOVERNANCE_PACKAGES</c> and, for a
/// one-package release, <c>GOVERNANCE_PACKAGE_ID</c> and <c>GOVERNANCE_PACKAGE_VERSION</c>, set by
/// the runner. Our own <c>GOVERNANCE_*</c> variables are not passed on (one of them is the preview
/// signing key), unless the check lists them.</item>
/// </list>
/// Secrets never pass, even when listed or matching a prefix: every feed's API key variable and
/// the signing-key variables. Listing one is refused, so the policy's author finds out at once
/// rather than from a check that cannot authenticate.
/// </summary>
public static class CanaryEnvironment
{
    /// <summary>Variables that hold signing keys (or point at them): never given to a check.</summary>
    public static IReadOnlyList<string> SigningKeyVariables { get; } = new[] { "GOVERNANCE_PREVIEW_SIGNING_KEY", "GOVERNANCE_SIGNING_KEY", "GovernanceSigningKeyFile" };

    /// <summary>Passed as they are.</summary>
    public static IReadOnlyList<string> Basics { get; } = new[] { "PATH", "HOME", "TMPDIR" };

    /// <summary>Passed by prefix: the .NET SDK's and NuGet's own settings.</summary>
    public static IReadOnlyList<string> BasicPrefixes { get; } = new[] { "DOTNET_", "NUGET_" };

    /// <summary>
    /// Words (whole <c>_</c>-separated parts of a name) that mark a variable as a credential. A
    /// <c>DOTNET_*</c> or <c>NUGET_*</c> variable named with one (<c>NUGET_AUTH_TOKEN</c>, which
    /// <c>actions/setup-dotnet</c> sets for an authenticated source; <c>NUGET_API_KEY</c>) is a feed
    /// key, not a basic, and passes only when the check lists it.
    /// </summary>
    public static IReadOnlyList<string> CredentialWords { get; } = new[] { "TOKEN", "PASSWORD", "PASSWD", "SECRET", "KEY", "APIKEY", "PAT", "CREDENTIAL", "CREDENTIALS" };

    /// <summary>What Windows processes expect to find; not secrets.</summary>
    public static IReadOnlyList<string> WindowsBasics { get; } = new[]
    {
        "SystemRoot", "SystemDrive", "windir", "ComSpec", "PATHEXT", "TEMP", "TMP", "USERPROFILE", "APPDATA", "LOCALAPPDATA",
        "ProgramData", "ProgramFiles", "ProgramFiles(x86)", "ProgramW6432", "CommonProgramFiles", "NUMBER_OF_PROCESSORS", "PROCESSOR_ARCHITECTURE", "OS",
    };

    private static StringComparer NameComparer => OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private static StringComparison NameComparison => OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The names in <paramref name="check"/>'s list that are secrets, which refuses the check.</summary>
    public static IReadOnlyList<string> ListedSecrets(CanaryCheck check, CanaryContext context)
    {
        var secrets = Secrets(context);
        return check.Environment.Where(secrets.Contains).Distinct(NameComparer).ToArray();
    }

    /// <summary>The check's environment, built from <paramref name="current"/> (ours).</summary>
    public static IReadOnlyDictionary<string, string> For(CanaryCheck check, CanaryContext context, IDictionary current)
    {
        HashSet<string> secrets = Secrets(context);
        var listed = new HashSet<string>(check.Environment, NameComparer);
        var basics = new HashSet<string>(OperatingSystem.IsWindows() ? Basics.Concat(WindowsBasics) : Basics, NameComparer);
        var result = new SortedDictionary<string, string>(NameComparer);
        foreach (DictionaryEntry entry in current)
        {
            string name = (string)entry.Key;
            if (entry.Value is not string value || secrets.Contains(name))
            {
                continue;
            }

            if (listed.Contains(name) || basics.Contains(name) || (BasicPrefixes.Any(p => name.StartsWith(p, NameComparison)) && !LooksLikeCredential(name)))
            {
                result[name] = value;
            }
        }

        result["GOVERNANCE_ENVIRONMENT"] = context.EnvironmentName;
        result["GOVERNANCE_FEED"] = context.Feed;
        result["GOVERNANCE_PACKAGES"] = string.Join("\n", context.Packages.Select(p => $"{p.Id}/{p.Version.ToNormalizedString()}"));
        if (context.Packages.Count == 1)
        {
            result["GOVERNANCE_PACKAGE_ID"] = context.Packages[0].Id;
            result["GOVERNANCE_PACKAGE_VERSION"] = context.Packages[0].Version.ToNormalizedString();
        }

        return result;
    }

    /// <summary>Whether a name has a <see cref="CredentialWords"/> part (<c>NUGET_AUTH_TOKEN</c>, not <c>NUGET_PACKAGES</c>).</summary>
    public static bool LooksLikeCredential(string name) =>
        name.Split('_', StringSplitOptions.RemoveEmptyEntries).Any(part => CredentialWords.Contains(part, StringComparer.OrdinalIgnoreCase));

    private static HashSet<string> Secrets(CanaryContext context) =>
        new(context.SecretVariables.Concat(SigningKeyVariables).Where(n => !string.IsNullOrEmpty(n)), NameComparer);
}
