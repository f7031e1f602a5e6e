using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using Governance.Core.Evaluation;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Lineage;
using Governance.Core.SourceControl;
using Governance.Core.Store;

namespace Governance.Core.Evidence;

/// <summary>
/// An evidence package, opened and verified: every entry listed in <c>SHA256SUMS</c> with its
/// digest, every content-addressed copy named by its own digest, the format's major version one
/// this SDK reads. <see cref="ToRequest"/> rebuilds the run's request over the recorded inputs,
/// clock, environment, git answers and store reads, touching nothing outside the package.
/// </summary>
public sealed class EvidencePackage
{
    /// <summary>More than any package a gate writes holds: a zip bomb is refused, not read.</summary>
    private const long MaxEntryBytes = 512L * 1024 * 1024;

    private readonly Dictionary<string, byte[]> entries;
    private readonly JsonElement run;

    private EvidencePackage(string file, Dictionary<string, byte[]> entries, JsonElement run)
    {
        File = file;
        this.entries = entries;
        this.run = run;
    }

    /// <summary>Full path of the package.</summary>
    public string File { get; }

    /// <summary>The names of the package's entries, in ordinal order.</summary>
    public IReadOnlyList<string> EntryNames => entries.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();

    /// <summary>The governance root of the run that wrote it (a path on that machine: a replay never reads it).</summary>
    public string GovernanceRoot => run.GetProperty("governanceRoot").GetString()!;

    /// <summary>The report the run wrote.</summary>
    public byte[] Report => Entry(EvidencePackageLayout.OutputsFolder + Reports.GateOutputs.ReportFileName);

    /// <summary>An entry's bytes.</summary>
    /// <exception cref="EvidenceIncompleteException">There is no such entry.</exception>
    public byte[] Entry(string name) =>
        entries.TryGetValue(name, out byte[]? bytes) ? bytes : throw new EvidenceIncompleteException(File, name, "it is missing from the package. The package is incomplete: take a whole copy (the CI artifacts of the run, or the copy kept with the release; docs/replay.md)");

    /// <summary>
    /// Whether a package (its bytes) holds exactly <paramref name="report"/> as the report its run
    /// wrote: the bundle builder's test that a package beside a gate report is that run's. A package
    /// that cannot be read holds nothing.
    /// </summary>
    public static bool HoldsReport(byte[] package, byte[] report)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(package, writable: false), ZipArchiveMode.Read);
            ZipArchiveEntry? entry = zip.GetEntry(EvidencePackageLayout.OutputsFolder + Reports.GateOutputs.ReportFileName);
            if (entry is null || entry.Length != report.Length)
            {
                return false;
            }

            using Stream content = entry.Open();
            using var copy = new MemoryStream();
            content.CopyTo(copy);
            return copy.ToArray().AsSpan().SequenceEqual(report);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Opens and verifies a package.</summary>
    /// <exception cref="EvidenceIncompleteException">An entry is missing, altered or unlisted (GOV8002).</exception>
    /// <exception cref="EvidenceVersionException">The package is of a newer major format (GOV1003).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static EvidencePackage Open(string path)
    {
        string file = Path.GetFullPath(path);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using FileStream stream = System.IO.File.OpenRead(file);
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (entry.Length > MaxEntryBytes)
                {
                    throw new EvidenceIncompleteException(file, entry.FullName, $"it is larger than {MaxEntryBytes} bytes, more than any gate writes: the package was not written by a gate");
                }

                using Stream content = entry.Open();
                using var copy = new MemoryStream();
                content.CopyTo(copy);
                if (entries.ContainsKey(entry.FullName))
                {
                    throw new EvidenceIncompleteException(file, entry.FullName, "it is in the package twice, so which copy counts is ambiguous: the package was altered. Take a whole copy (the CI artifacts of the run, or the copy kept with the release)");
                }

                entries[entry.FullName] = copy.ToArray();
            }
        }
        catch (InvalidDataException ex)
        {
            throw new EvidenceIncompleteException(file, "(zip)", $"the file is not a readable zip ({ex.Message}). Take a whole copy (the CI artifacts of the run, or the copy kept with the release)");
        }

        // The version first: a newer format may lay its entries out differently.
        JsonElement run = Json(file, entries, EvidencePackageLayout.Run);
        CheckVersion(file, EvidencePackageLayout.Run, run);
        VerifySums(file, entries);
        CheckVersion(file, EvidencePackageLayout.Inputs, Json(file, entries, EvidencePackageLayout.Inputs));
        CheckVersion(file, EvidencePackageLayout.Store, Json(file, entries, EvidencePackageLayout.Store));
        return new EvidencePackage(file, entries, run);
    }

    /// <summary>
    /// The run's request, served from the package: its files, the store records it read, the
    /// environment variables and git answers it got, and its wall clock. Whatever the engine asks
    /// that the run did not is refused (<see cref="EvidenceIncompleteException"/>).
    /// </summary>
    public GateRequest ToRequest()
    {
        string root = GovernanceRoot;
        string Full(string relative) => Path.GetFullPath(Path.Combine(root, relative));
        string? FullOrNull(JsonElement o, string name) => String(o, name) is string value ? Full(value) : null;

        JsonElement request = run.GetProperty("request");
        var inputs = new ReplayInputs(this, root, Json(File, entries, EvidencePackageLayout.Inputs));
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (JsonProperty variable in run.GetProperty("environment").EnumerateObject())
        {
            environment[variable.Name] = variable.Value.ValueKind == JsonValueKind.Null ? null : variable.Value.GetString();
        }

        var git = new Dictionary<string, SourceControlInfo?>(RepoPath.Comparer);
        foreach (JsonElement head in run.GetProperty("git").EnumerateArray())
        {
            git[ReplayInputs.Key(Full(head.GetProperty("directory").GetString()!))] = String(head, "branch") is string branch
                ? new SourceControlInfo(branch, String(head, "commit") ?? string.Empty, String(head, "source") ?? string.Empty)
                : null;
        }

        var workTrees = new Dictionary<string, string?>(RepoPath.Comparer);
        foreach (JsonElement tree in run.GetProperty("workTrees").EnumerateArray())
        {
            workTrees[ReplayInputs.Key(Full(tree.GetProperty("directory").GetString()!))] = FullOrNull(tree, "root");
        }

        DateTimeOffset wallClock = WallClock(request);
        JsonElement store = Json(File, entries, EvidencePackageLayout.Store).GetProperty("store");

        // Parsed now, so a malformed store.json is found before the evaluation starts.
        IReleaseStore? recordedStore = store.ValueKind == JsonValueKind.Null ? null : RecordedStore(store);
        return new GateRequest
        {
            GovernanceRoot = root,
            PolicyFile = FullOrNull(request, "policyFile"),
            Mode = String(request, "mode"),
            Profile = String(request, "profile"),
            Branch = String(request, "branch"),
            Commit = String(request, "commit"),
            Now = String(request, "now"),
            SubjectName = request.GetProperty("subjectName").GetString()!,
            SubjectNameSetting = String(request, "subjectNameSetting"),
            SubjectVersion = String(request, "subjectVersion") ?? string.Empty,
            SettingsFile = FullOrNull(request, "settingsFile"),
            Store = String(request, "store"),
            Projects = request.GetProperty("projects").EnumerateArray().Select(p => new GateProject(Full(p.GetProperty("projectFile").GetString()!), Full(p.GetProperty("fragmentFile").GetString()!), String(p, "targetFramework"))
            {
                PackageId = String(p, "packageId"),
                PackageVersion = String(p, "packageVersion"),
                VersionExemption = String(p, "versionExemption"),
                VersionSource = String(p, "versionSource"),
                ReleaseNotes = String(p, "releaseNotes"),
                Kind = (FragmentKind)Enum.Parse(typeof(FragmentKind), p.GetProperty("kind").GetString()!),
                OptOuts = p.GetProperty("optOuts").EnumerateArray().Select(o => o.GetString()!).ToArray(),
                SarifLogs = p.GetProperty("sarifLogs").EnumerateArray().Select(l => Full(l.GetString()!)).ToArray(),
            }).ToArray(),
            DisabledProjects = request.GetProperty("disabledProjects").EnumerateArray().Select(p => Full(p.GetString()!)).ToArray(),
            ProjectChecks = request.GetProperty("projectChecks").EnumerateArray().Select(c => new ProjectCheckReport(
                c.GetProperty("id").GetString()!, Full(c.GetProperty("projectFile").GetString()!), c.GetProperty("origin").GetString() == "command" ? ProjectCheckOrigin.Command : ProjectCheckOrigin.Target)
            {
                Status = String(c, "status"),
                Severity = String(c, "severity"),
                Message = String(c, "message"),
                File = String(c, "file"),
                Line = String(c, "line"),
                Column = String(c, "column"),
            }).ToArray(),
            Inputs = inputs,
            Environment = name => environment.TryGetValue(name, out string? value) ? value : throw Unrecorded(EvidencePackageLayout.Run, $"the environment variable {name}"),
            GitHead = directory => git.TryGetValue(ReplayInputs.Key(directory), out SourceControlInfo? head) ? head : throw Unrecorded(EvidencePackageLayout.Run, $"what .git says above {directory}"),
            WorkTreeRoot = directory => workTrees.TryGetValue(ReplayInputs.Key(directory), out string? tree) ? tree : throw Unrecorded(EvidencePackageLayout.Run, $"the git work tree holding {directory}"),
            OpenStore = _ => recordedStore ?? throw StoreFailure(),
            UtcNow = () => wallClock,
        };
    }

    /// <summary>
    /// The recorded wall clock; for a run whose pinned GovernanceNow decided alone, one that gives
    /// the same verdict on the pin (within the tolerance, or beyond it).
    /// </summary>
    private DateTimeOffset WallClock(JsonElement request)
    {
        if (String(run, "wallClock") is string recorded &&
            DateTimeOffset.TryParse(recorded, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTimeOffset wallClock))
        {
            return wallClock;
        }

        if (String(request, "now") is string now && GateClock.TryParseRfc3339(now, out DateTimeOffset pinned))
        {
            bool beyond = run.TryGetProperty("wallClockBeyondTolerance", out JsonElement flag) && flag.ValueKind == JsonValueKind.True;
            return beyond ? pinned + GateOverrides.ClockTolerance + TimeSpan.FromMinutes(1) : pinned;
        }

        throw new EvidenceIncompleteException(File, EvidencePackageLayout.Run, "it records neither the run's wall clock nor a GovernanceNow that decided alone: the package was altered. Take a whole copy (the CI artifacts of the run, or the copy kept with the release)");
    }

    internal EvidenceIncompleteException Unrecorded(string entry, string what) => new(File, entry,
        $"the evaluation now asks for {what}, which the run that wrote the package did not, so the package cannot answer it. The engine reads its inputs differently from the version that wrote the package: replay with that version, or treat the decision as not reproducible");

    /// <summary>The failure the run met opening its store, thrown again so the replay reports it as the run did.</summary>
    private Exception StoreFailure()
    {
        JsonElement storeFile = Json(File, entries, EvidencePackageLayout.Store);
        string message = String(storeFile, "failureMessage") ?? "The release store could not be opened.";
        return String(storeFile, "failureKind") == GateRecording.StoreLocationFailure ? new StoreLocationException(message) : new StoreUnavailableException(message);
    }

    private IReleaseStore RecordedStore(JsonElement store)
    {
        var records = new Dictionary<string, StoreRecord?>(StringComparer.Ordinal);
        foreach (JsonElement record in store.GetProperty("records").EnumerateArray())
        {
            string key = record.GetProperty("key").GetString()!;
            records[key] = String(record, "sha256") is string digest
                ? new StoreRecord(key, Blob(EvidencePackageLayout.Store, digest), String(record, "storedSha256") ?? digest, String(record, "location") ?? key)
                : null;
        }

        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (JsonElement list in store.GetProperty("lists").EnumerateArray())
        {
            lists[list.GetProperty("prefix").GetString()!] = list.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToArray();
        }

        var streams = new Dictionary<string, IReadOnlyList<StreamEntry>>(StringComparer.Ordinal);
        foreach (JsonElement stream in store.GetProperty("streams").EnumerateArray())
        {
            streams[stream.GetProperty("stream").GetString()!] = stream.GetProperty("entries").EnumerateArray()
                .Select(e => new StreamEntry(e.GetProperty("sequence").GetInt64(), Blob(EvidencePackageLayout.Store, e.GetProperty("sha256").GetString()!), String(e, "location") ?? string.Empty))
                .ToArray();
        }

        IReadOnlyList<string>? names = store.TryGetProperty("streamNames", out JsonElement n) ? n.EnumerateArray().Select(s => s.GetString()!).ToArray() : null;
        return new RecordedReleaseStore(new StoreReads(store.GetProperty("description").GetString()!, records, lists, streams, names), File);
    }

    /// <summary>The content-addressed copy with digest <paramref name="sha256"/>, for the entry that names it.</summary>
    internal byte[] Blob(string namedBy, string sha256) =>
        entries.TryGetValue(EvidencePackageLayout.BlobsFolder + sha256, out byte[]? bytes)
            ? bytes
            : throw new EvidenceIncompleteException(File, EvidencePackageLayout.BlobsFolder + sha256, $"{namedBy} names it, but it is missing from the package. The package is incomplete: take a whole copy (the CI artifacts of the run, or the copy kept with the release; docs/replay.md)");

    internal static string? String(JsonElement o, string name) =>
        o.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement Json(string file, Dictionary<string, byte[]> entries, string name)
    {
        if (!entries.TryGetValue(name, out byte[]? bytes))
        {
            throw new EvidenceIncompleteException(file, name, "it is missing from the package. The package is incomplete: take a whole copy (the CI artifacts of the run, or the copy kept with the release; docs/replay.md)");
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new EvidenceIncompleteException(file, name, "it is not a JSON object: the package was altered. Take a whole copy (the CI artifacts of the run, or the copy kept with the release)");
            }

            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new EvidenceIncompleteException(file, name, $"it is not valid JSON ({ex.Message}): the package was altered. Take a whole copy (the CI artifacts of the run, or the copy kept with the release)");
        }
    }

    private static void CheckVersion(string file, string name, JsonElement document)
    {
        string? found = String(document, "schemaVersion");
        if (FormatVersion.Check(found, EvidencePackageLayout.SchemaVersion) != FormatCompatibility.Unsupported)
        {
            return;
        }

        throw new EvidenceVersionException(
            $"{file}: entry '{name}' has schemaVersion '{found ?? "(none)"}', a format this version of Governance.Sdk does not read (it reads major version {EvidencePackageLayout.SchemaVersion}). Replay it with the version of the governance tool that wrote it, or a newer one.");
    }

    private static void VerifySums(string file, Dictionary<string, byte[]> entries)
    {
        if (!entries.TryGetValue(EvidencePackageLayout.Sums, out byte[]? sums))
        {
            throw new EvidenceIncompleteException(file, EvidencePackageLayout.Sums, "it is missing, so no entry can be checked. Take a whole copy (the CI artifacts of the run, or the copy kept with the release)");
        }

        var listed = new HashSet<string>(StringComparer.Ordinal);
        int number = 0;
        foreach (string line in Encoding.UTF8.GetString(sums).Split('\n'))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            int separator = line.IndexOf("  ", StringComparison.Ordinal);
            if (separator != 64)
            {
                throw new EvidenceIncompleteException(file, EvidencePackageLayout.Sums, $"line {number} is not '<sha256>  <entry>': the package was altered. Take a whole copy (the CI artifacts of the run, or the copy kept with the release)");
            }

            string digest = line.Substring(0, 64);
            string name = line.Substring(66);
            if (!entries.TryGetValue(name, out byte[]? bytes))
            {
                throw new EvidenceIncompleteException(file, name, $"{EvidencePackageLayout.Sums} lists it, but it is missing from the package. The package is incomplete: take a whole copy (the CI artifacts of the run, or the copy kept with the release; docs/replay.md)");
            }

            if (!string.Equals(Sha256.OfBytes(bytes), digest, StringComparison.Ordinal))
            {
                throw new EvidenceIncompleteException(file, name, $"its SHA-256 is not the {digest} {EvidencePackageLayout.Sums} records: it was altered after the gate wrote it. Take a whole copy (the CI artifacts of the run, or the copy kept with the release)");
            }

            listed.Add(name);
        }

        foreach (KeyValuePair<string, byte[]> entry in entries)
        {
            if (entry.Key != EvidencePackageLayout.Sums && !listed.Contains(entry.Key))
            {
                throw new EvidenceIncompleteException(file, entry.Key, $"{EvidencePackageLayout.Sums} does not list it: it was added after the gate wrote the package. Take a whole copy (the CI artifacts of the run, or the copy kept with the release)");
            }

            if (entry.Key.StartsWith(EvidencePackageLayout.BlobsFolder, StringComparison.Ordinal) &&
                !string.Equals(entry.Key.Substring(EvidencePackageLayout.BlobsFolder.Length), Sha256.OfBytes(entry.Value), StringComparison.Ordinal))
            {
                throw new EvidenceIncompleteException(file, entry.Key, "its content does not have the SHA-256 it is named by: the package was altered (and SHA256SUMS with it). Take a whole copy (the CI artifacts of the run, or the copy kept with the release)");
            }
        }
    }
}
