using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Governance.Core.Store;

namespace Governance.Core.Bundles;

/// <summary>
/// Bundle manifests as records of the release store: one per package id and version, at
/// <c>bundles/&lt;id&gt;/&lt;version&gt;/bundle.json</c>, both lowercase and the version as NuGet compares
/// it, so ids and versions NuGet treats as one are one record. The recorded versions of a package
/// are also the version policy's floor. Beside each manifest, <c>recorded.json</c> says when it
/// was recorded and by which key it was signed (<see cref="BundleRecording"/>).
/// </summary>
public static class BundleRecords
{
    private const string Folder = "bundles";
    private const string ManifestName = "bundle.json";
    private const string ReissuedFolder = "reissued";
    private const string RecordingName = "recorded.json";
    private const string EnvelopesFolder = "envelopes";
    private const string PackagesFolder = "packages";

    public static StoreRecord? Find(IReleaseStore store, string name, string version) => store.ReadRecord(Key(name, version));

    /// <summary>Records a manifest unless one is recorded for the same id and version; returns the one recorded afterwards.</summary>
    public static StoreRecord Add(IReleaseStore store, string name, string version, byte[] manifest) => store.CreateRecord(Key(name, version), manifest);

    /// <summary>
    /// Records a manifest of an already recorded package whose evidence was re-issued (a rerun of
    /// the same commit), beside the first: <c>bundles/&lt;id&gt;/&lt;version&gt;/reissued/&lt;sha256&gt;.json</c>.
    /// </summary>
    public static StoreRecord AddReissue(IReleaseStore store, string name, string version, byte[] manifest) =>
        store.CreateRecord($"{Folder}/{Segment(name)}/{Segment(NormalizeVersion(version))}/{ReissuedFolder}/{IO.Sha256.OfBytes(manifest)}.json", manifest);

    /// <summary>Every version recorded for <paramref name="name"/> (normalised, unordered); empty when none.</summary>
    public static IReadOnlyList<string> Versions(IReleaseStore store, string name)
    {
        string prefix = $"{Folder}/{Segment(name)}/";
        return store.ListRecords(prefix)
            .Select(key => key.Substring(prefix.Length).Split('/'))
            .Where(parts => parts.Length == 2 && parts[1] == ManifestName)
            .Select(parts => parts[0])
            .ToArray();
    }

    /// <summary>Records when and what was recorded, unless a recording exists for the id and version; returns the one recorded afterwards (the first stands).</summary>
    public static StoreRecord AddRecording(IReleaseStore store, BundleRecording recording) =>
        store.CreateRecord(RecordingKey(recording.Name, recording.Version), recording.ToCanonicalJson());

    /// <summary>The recording of an id and version, or null when none was written (a bundle recorded before recordings existed has none).</summary>
    public static StoreRecord? FindRecording(IReleaseStore store, string name, string version) => store.ReadRecord(RecordingKey(name, version));

    /// <exception cref="ArgumentException">The id or version cannot name a record.</exception>
    /// <summary>
    /// Where a signature envelope of the bundle is kept (by its digest: a re-signed bundle has
    /// another envelope over the same manifest), so that a rollback can verify the signature
    /// against the policy of its day without the CI artifacts.
    /// </summary>
    public static string EnvelopeKey(string name, string version, string envelopeSha256) =>
        $"{Folder}/{Segment(name)}/{Segment(NormalizeVersion(version))}/{EnvelopesFolder}/{envelopeSha256}.json";

    /// <summary>The signature envelopes kept for a bundle (<see cref="EnvelopeKey"/>).</summary>
    public static string EnvelopesPrefix(string name, string version) =>
        $"{Folder}/{Segment(name)}/{Segment(NormalizeVersion(version))}/{EnvelopesFolder}/";

    /// <summary>Where a copy of the bundle's package (<c>.nupkg</c>, <c>.snupkg</c>) is kept: a rollback's last source when no feed has it.</summary>
    public static string PackageKey(string name, string version, string fileName) =>
        $"{Folder}/{Segment(name)}/{Segment(NormalizeVersion(version))}/{PackagesFolder}/{Segment(fileName)}";

    /// <summary>The ids (lowercase, as the store keys them) of every package the store holds a bundle of.</summary>
    public static IReadOnlyList<string> PackageIds(IReleaseStore store) =>
        store.ListRecords(Folder + "/")
            .Select(key => key.Split('/'))
            .Where(segments => segments.Length > 2)
            .Select(segments => segments[1])
            .Distinct(StringComparer.Ordinal)
            .OrderBy(id => id, StringComparer.Ordinal)
            .ToArray();

    /// <summary>Where the evidence package of the gate run that judged the bundle is kept (docs/replay.md): an audit a year later reads it from the store.</summary>
    public static string EvidenceKey(string name, string version) =>
        $"{Folder}/{Segment(name)}/{Segment(NormalizeVersion(version))}/{Evidence.EvidencePackageLayout.FileName}";

    public static string Key(string name, string version) => $"{Folder}/{Segment(name)}/{Segment(NormalizeVersion(version))}/{ManifestName}";

    /// <exception cref="ArgumentException">The id or version cannot name a record.</exception>
    public static string RecordingKey(string name, string version) => $"{Folder}/{Segment(name)}/{Segment(NormalizeVersion(version))}/{RecordingName}";

    /// <summary>
    /// The version as NuGet compares it: build metadata (<c>+…</c>) dropped, numbers without
    /// leading zeros, a fourth part of 0 dropped, lowercase. <c>1.0.0.0</c>, <c>1.0.0+abc</c> and
    /// <c>1.0.0</c> are one version, and so are one record.
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
        if (parts.Any(p => !ulong.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            return text.ToLowerInvariant();
        }

        List<string> numbers = parts.Select(p => ulong.Parse(p, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)).ToList();
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

    private static string Segment(string value)
    {
        string lower = value.ToLowerInvariant();
        StoreKey.Segments(lower);
        return lower.IndexOf('/') >= 0 ? throw new ArgumentException($"'{value}' cannot name a bundle in the release store.", nameof(value)) : lower;
    }
}
