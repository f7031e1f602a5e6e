using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Governance.Core.Store;

/// <summary>What a store holds for a bundle name and version: the manifest bytes first recorded for it.</summary>
public sealed record StoredBundle(string Name, string Version, byte[] Manifest, string Location);

/// <summary>
/// The release store: the one place that remembers across builds and machines what was released.
/// It holds immutable bundles today; SLO history, version baselines and promotion ledgers use the
/// same abstraction as they arrive. Every write is create-only or append-only, so two writers at
/// once never lose or overwrite each other's records.
/// </summary>
public interface IReleaseStore
{
    /// <summary>A description for messages (a folder path, a URL).</summary>
    string Description { get; }

    /// <summary>The bundle recorded for <paramref name="name"/> and <paramref name="version"/>, or null.</summary>
    StoredBundle? FindBundle(string name, string version);

    /// <summary>
    /// Records a bundle's manifest unless one is recorded for the same name and version already;
    /// returns the one that is recorded afterwards (the given one, or the earlier one).
    /// </summary>
    StoredBundle AddBundle(string name, string version, byte[] manifest);

    /// <summary>Every version recorded for <paramref name="name"/> (NuGet-normalised, unordered); empty when none.</summary>
    IReadOnlyList<string> BundleVersions(string name);
}

/// <summary>
/// The default release store: a directory (<c>GovernanceStore</c>, by default
/// <c>.governance/store/</c> under the governance root), shareable on a network drive or synced
/// by CI. Bundles live at <c>bundles/&lt;name&gt;/&lt;version&gt;/bundle.json</c>, lowercase, as NuGet
/// compares ids and versions without case.
/// </summary>
public sealed class DirectoryReleaseStore : IReleaseStore
{
    private readonly string root;

    public DirectoryReleaseStore(string root) => this.root = Path.GetFullPath(root);

    public string Description => root;

    public StoredBundle? FindBundle(string name, string version)
    {
        string file = BundleFile(name, version);
        return File.Exists(file) ? new StoredBundle(name, version, File.ReadAllBytes(file), file) : null;
    }

    public StoredBundle AddBundle(string name, string version, byte[] manifest)
    {
        string file = BundleFile(name, version);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        string temporary = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, manifest);
            try
            {
                // Create-only: a move that fails because the target exists means someone recorded first.
                File.Move(temporary, file);
                return new StoredBundle(name, version, manifest, file);
            }
            catch (IOException) when (File.Exists(file))
            {
                return new StoredBundle(name, version, File.ReadAllBytes(file), file);
            }
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    public IReadOnlyList<string> BundleVersions(string name)
    {
        string directory = Path.Combine(root, "bundles", Safe(name));
        if (!Directory.Exists(directory))
        {
            return Array.Empty<string>();
        }

        // Only versions whose record is complete: a record is created by one atomic move.
        return Directory.GetDirectories(directory)
            .Where(d => File.Exists(Path.Combine(d, "bundle.json")))
            .Select(d => Path.GetFileName(d))
            .ToArray();
    }

    private string BundleFile(string name, string version) =>
        Path.Combine(root, "bundles", Safe(name), Safe(NormalizeVersion(version)), "bundle.json");

    /// <summary>
    /// The version as NuGet compares it: build metadata (<c>+…</c>) dropped, numbers without
    /// leading zeros, a fourth part of 0 dropped, lowercase. <c>1.0.0.0</c>, <c>1.0.0+abc</c> and
    /// <c>1.0.0</c> are one version, and so are one entry in the store.
    /// </summary>
    public static string NormalizeVersion(string version)
    {
        string text = version.Trim();
        int plus = text.IndexOf('+');
        if (plus >= 0)
        {
            text = text.Substring(0, plus);
        }

        int dash = text.IndexOf('-');
        string release = dash < 0 ? text : text.Substring(0, dash);
        string prerelease = dash < 0 ? string.Empty : text.Substring(dash);
        string[] parts = release.Split('.');
        if (parts.Any(p => !ulong.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            return text.ToLowerInvariant();
        }

        List<string> numbers = parts.Select(p => ulong.Parse(p, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        while (numbers.Count < 3)
        {
            numbers.Add("0");
        }

        if (numbers.Count == 4 && numbers[3] == "0")
        {
            numbers.RemoveAt(3);
        }

        return (string.Join(".", numbers) + prerelease).ToLowerInvariant();
    }

    /// <summary>A path segment that cannot climb out of the store, whatever a manifest says.</summary>
    private static string Safe(string segment)
    {
        string lower = segment.ToLowerInvariant();
        if (lower.Length == 0 || lower == "." || lower == ".." || lower.IndexOfAny(new[] { '/', '\\', ':' }) >= 0 || lower.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"'{segment}' cannot name a bundle in the release store.", nameof(segment));
        }

        return lower;
    }
}
