using System.IO;
using System.Linq;

namespace Governance.Core.Tests.Store;

/// <summary>The directory backend against the conformance suite.</summary>
public sealed class DirectoryStoreConformanceTests : ReleaseStoreConformance
{
    protected override string CreateLocation(TempDirectory scratch) => scratch.Combine("store");

    protected override void TamperWithRecord(string location, string key)
    {
        string pointer = Path.Combine(location, "records", key);
        string hex = File.ReadAllText(pointer).Trim().Substring("sha256:".Length);
        File.WriteAllText(Path.Combine(location, "objects", "sha256", hex.Substring(0, 2), hex.Substring(2)), "edited");
    }

    protected override void DamageRecordReference(string location, string key) =>
        File.WriteAllText(Path.Combine(location, "records", key), "{ \"files\": [] }");

    protected override void RemoveNewestEntry(string location, string stream) =>
        File.Delete(Directory.GetFiles(Path.Combine(new[] { location, "streams" }.Concat(stream.Split('/')).ToArray()), "*.json").OrderBy(f => f, System.StringComparer.Ordinal).Last());

    /// <summary>A killed writer leaves its temporary file (written, not yet renamed) beside the target.</summary>
    protected override void LeaveTornWrites(string location, string key, string stream)
    {
        string record = Path.Combine(location, "records", key);
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(record)!, "." + Path.GetFileName(record) + ".0123.tmp"), "sha256:ab");
        string streamDirectory = Path.Combine(new[] { location, "streams" }.Concat(stream.Split('/')).ToArray());
        File.WriteAllText(Path.Combine(streamDirectory, ".000000000002.json.0123.tmp"), "{ \"schemaVersion\": \"1\", \"seq");
    }
}
