using System;
using System.Globalization;
using System.Text.Json;
using Governance.Core.Evaluation;
using Governance.Core.Json;

namespace Governance.Core.Bundles;

/// <summary>
/// When a bundle was recorded in the release store, and exactly what: the manifest's SHA-256 and
/// the key that signed it (none for an unsigned bundle). It is what lets a bundle outlive its
/// signing key: after the key's <c>validUntil</c>, a bundle verifies only when it was recorded
/// while the key was valid, so rotating a key does not strand the releases a rollback needs.
/// Stored create-only beside the manifest record (<see cref="BundleRecords.RecordingKey"/>): the
/// first recording stands, and a later one cannot move it.
/// </summary>
/// <param name="RecordedAt">The verifier's wall clock when it recorded the bundle, UTC.</param>
/// <param name="KeyId">The DSSE key id (SHA-256 of the SubjectPublicKeyInfo) of the trusted key that signed it, or null.</param>
/// <param name="TrustedKey">The policy's name for that key then, for people reading the store.</param>
public sealed record BundleRecording(string Name, string Version, DateTimeOffset RecordedAt, string ManifestSha256, string? KeyId, string? TrustedKey)
{
    public const string SchemaVersion = "1";

    public byte[] ToCanonicalJson() => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("schemaVersion", SchemaVersion);
        w.WriteString("name", Name);
        w.WriteString("version", Version);
        w.WriteString("recordedAt", FormatTime(RecordedAt));
        w.WriteString("manifestSha256", ManifestSha256);
        WriteStringOrNull(w, "keyId", KeyId);
        WriteStringOrNull(w, "trustedKey", TrustedKey);
        w.WriteEndObject();
    });

    /// <summary>The recording in <paramref name="content"/>, or null when it is not one this version wrote.</summary>
    public static BundleRecording? Parse(byte[] content)
    {
        if (StrictJson.Check(content) is not null)
        {
            return null;
        }

        using JsonDocument document = JsonDocument.Parse(content);
        JsonElement root = document.RootElement;
        string? recordedAt = root.StringOrNull("recordedAt");
        string? sha256 = root.StringOrNull("manifestSha256");
        return root.StringOrNull("schemaVersion") == SchemaVersion &&
               root.StringOrNull("name") is string name && root.StringOrNull("version") is string version &&
               recordedAt is not null && GateClock.TryParseRfc3339(recordedAt, out DateTimeOffset time) &&
               sha256 is { Length: 64 }
            ? new BundleRecording(name, version, time.ToUniversalTime(), sha256, root.StringOrNull("keyId"), root.StringOrNull("trustedKey"))
            : null;
    }

    /// <summary>
    /// As <see cref="GateClock.Format"/>, with the fraction of a second when there is one: a
    /// recording made in the first second of a key's window must not read as made before it.
    /// </summary>
    private static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
