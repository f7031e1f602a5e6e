using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Governance.Core.IO;

namespace Governance.Core.Store;

/// <summary>
/// The one layout every backend keeps, so a store copies between backends file for file:
/// <c>objects/sha256/&lt;2 hex&gt;/&lt;62 hex&gt;</c> holds each record's content under its digest,
/// <c>records/&lt;key&gt;</c> holds <c>sha256:&lt;hex&gt;</c> naming it (so a record is verified
/// whenever it is read), and <c>streams/&lt;stream&gt;/&lt;sequence&gt;.json</c> holds stream entries,
/// their sequence zero-padded so names sort as numbers.
/// </summary>
public static class StoreLayout
{
    public const string RecordsFolder = "records";
    public const string ObjectsFolder = "objects/sha256";
    public const string StreamsFolder = "streams";

    /// <summary>Enough digits for any number of entries a store will hold.</summary>
    public const int SequenceDigits = 12;

    private const string PointerPrefix = "sha256:";

    /// <summary>The path of the record <paramref name="key"/>'s pointer, '/'-separated.</summary>
    /// <exception cref="ArgumentException">The key could leave the store.</exception>
    public static string RecordPath(string key) => RecordsFolder + "/" + string.Join("/", StoreKey.Segments(key));

    public static string ObjectPath(string hex) => $"{ObjectsFolder}/{hex.Substring(0, 2)}/{hex.Substring(2)}";

    /// <exception cref="ArgumentException">The stream name could leave the store.</exception>
    public static string StreamFolder(string stream) => StreamsFolder + "/" + string.Join("/", StoreKey.Segments(stream));

    public static string EntryName(long sequence) => sequence.ToString("D" + SequenceDigits, CultureInfo.InvariantCulture) + ".json";

    /// <summary>The sequence an entry's file name holds, or null for a name that is no entry (a writer's temporary file).</summary>
    public static long? SequenceOf(string fileName)
    {
        string name = fileName.EndsWith(".json", StringComparison.Ordinal) ? fileName.Substring(0, fileName.Length - 5) : string.Empty;
        return name.Length == SequenceDigits && name.All(c => c is >= '0' and <= '9') ? long.Parse(name, CultureInfo.InvariantCulture) : null;
    }

    public static byte[] Pointer(string hex) => Encoding.UTF8.GetBytes(PointerPrefix + hex + "\n");

    /// <summary>The digest a pointer names.</summary>
    /// <exception cref="StoreIntegrityException">It names none (edited by hand).</exception>
    public static string ParsePointer(string key, byte[] pointer, string location)
    {
        string text = Encoding.UTF8.GetString(pointer).Trim();
        string hex = text.StartsWith(PointerPrefix, StringComparison.Ordinal) ? text.Substring(PointerPrefix.Length) : string.Empty;
        if (hex.Length != 64 || !hex.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f'))
        {
            throw new StoreIntegrityException($"the record {key} does not name its content by digest (it holds '{Shorten(text)}'): it was edited by hand", location);
        }

        return hex;
    }

    /// <summary>The record, once its content is checked against the digest its pointer names.</summary>
    /// <exception cref="StoreIntegrityException">The content is missing or does not match.</exception>
    public static StoreRecord Verified(string key, string hex, byte[]? content, string location)
    {
        if (content is null)
        {
            throw new StoreIntegrityException($"the content of the record {key} (sha256:{hex}) is missing from the store: it was deleted by hand", location);
        }

        if (Sha256.OfBytes(content) != hex)
        {
            throw new StoreIntegrityException($"the content of the record {key} does not match its digest sha256:{hex}: it was edited after it was recorded", location);
        }

        return new StoreRecord(key, content, hex, location);
    }

    private static string Shorten(string text) => text.Length > 80 ? text.Substring(0, 77) + "..." : text;
}
