using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Governance.Core.Bundles;
using Governance.Core.Crypto;
using Governance.Core.Evaluation;
using Governance.Core.Inputs;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Reports;
using Governance.Core.SourceControl;
using Governance.Core.Store;

namespace Governance.Core.Evidence;

/// <summary>
/// Writes <c>release-evidence.zip</c>: the gate's outputs, a content-addressed copy of everything
/// the evaluation read, and what it needs to run again (<c>run.json</c>), so a decision can be
/// replayed years later without the working tree, the store or CI's artifacts. The same request
/// over the same inputs gives the same bytes (<see cref="StoredZip"/>; wall clock and absolute
/// root are recorded, so they must be the same too).
/// </summary>
public static class EvidencePackageWriter
{
    /// <summary>The package's bytes.</summary>
    /// <exception cref="InvalidOperationException">The evaluation was not made by <see cref="GateEvaluator"/> (no recording).</exception>
    /// <exception cref="IOException">An output file cannot be read.</exception>
    public static byte[] Build(GateRequest request, GateEvaluation evaluation, GateOutputFiles outputs)
    {
        GateRecording recording = evaluation.Recording ?? throw new InvalidOperationException("The evaluation has no recording: only GateEvaluator.Evaluate makes one.");
        IGateInputs source = evaluation.InputSource ?? throw new InvalidOperationException("The evaluation has no input source.");
        string root = evaluation.GovernanceRoot;
        var entries = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);

        foreach (string file in outputs.All)
        {
            // No provenance when there was nothing to attest, no tenant files without tenant isolation (GateOutputs deletes them).
            if (File.Exists(file))
            {
                entries[EvidencePackageLayout.OutputsFolder + Path.GetFileName(file)] = File.ReadAllBytes(file);
            }
        }

        foreach (InputRead read in evaluation.Inputs.Where(r => r.ContentRead))
        {
            byte[] bytes = source.ContentOf(read.Sha256) ?? throw new InvalidOperationException($"The bytes of {read.Path} ({read.Sha256}) were not kept by the inputs.");
            entries[EvidencePackageLayout.BlobsFolder + read.Sha256] = bytes;
        }

        if (recording.Store is StoreReads store)
        {
            foreach (byte[] content in store.Records.Values.Where(r => r is not null).Select(r => r!.Content)
                .Concat(store.Streams.Values.SelectMany(s => s).Select(e => e.Content)))
            {
                entries[EvidencePackageLayout.BlobsFolder + Sha256.OfBytes(content)] = content;
            }
        }

        entries[EvidencePackageLayout.Inputs] = InputsJson(root, evaluation.Inputs, recording.Probes);
        entries[EvidencePackageLayout.Store] = StoreJson(recording);
        entries[EvidencePackageLayout.Run] = RunJson(request, evaluation, recording);
        entries[EvidencePackageLayout.Sums] = Sums(entries);
        return StoredZip.Write(entries.ToArray());
    }

    /// <summary>
    /// Writes the package (and, with a signing key, its DSSE envelope over <c>SHA256SUMS</c>) into
    /// <paramref name="artifactsDirectory"/>, each file whole or not at all. Returns the package's
    /// path and the envelope's (null when unsigned; a stale one from an earlier run is deleted).
    /// </summary>
    /// <exception cref="KeyFormatException">The signing key is not a usable PEM key.</exception>
    public static (string Package, string? Envelope) Write(GateRequest request, GateEvaluation evaluation, GateOutputFiles outputs, string artifactsDirectory, string? signingKeyPem)
    {
        byte[] package = Build(request, evaluation, outputs);
        string directory = Path.GetFullPath(artifactsDirectory);
        string packageFile = Path.Combine(directory, EvidencePackageLayout.FileName);
        string envelopeFile = Path.Combine(directory, EvidencePackageLayout.EnvelopeFileName);
        byte[]? envelope = null;
        if (!string.IsNullOrWhiteSpace(signingKeyPem))
        {
            using System.Security.Cryptography.ECDsa key = EcdsaKeys.LoadPrivateKey(signingKeyPem!, out string keyId);
            envelope = Envelope(SumsOf(package), key, keyId);
        }

        AtomicFile.WriteAllBytes(packageFile, package);
        if (envelope is null)
        {
            File.Delete(envelopeFile);
            return (packageFile, null);
        }

        AtomicFile.WriteAllBytes(envelopeFile, envelope);
        return (packageFile, envelopeFile);
    }

    /// <summary>The DSSE envelope over a package's <c>SHA256SUMS</c>, which names every other entry's digest.</summary>
    public static byte[] Envelope(byte[] sums, System.Security.Cryptography.ECDsa key, string keyId) =>
        BundleAttestation.Envelope(EvidencePackageLayout.PayloadType, sums, key, keyId);

    private static byte[] SumsOf(byte[] package)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(package), System.IO.Compression.ZipArchiveMode.Read);
        using Stream stream = zip.GetEntry(EvidencePackageLayout.Sums)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary><c>sha256sum</c>'s format: "digest  name", one line per entry, in entry order.</summary>
    private static byte[] Sums(SortedDictionary<string, byte[]> entries)
    {
        var text = new StringBuilder();
        foreach (KeyValuePair<string, byte[]> entry in entries)
        {
            text.Append(Sha256.OfBytes(entry.Value)).Append("  ").Append(entry.Key).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] InputsJson(string root, IReadOnlyList<InputRead> reads, IReadOnlyList<InputProbe> probes) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("schemaVersion", EvidencePackageLayout.SchemaVersion);
        w.WriteStartArray("files");
        foreach (InputRead read in reads.Distinct())
        {
            w.WriteStartObject();
            w.WriteString("path", RepoPath.Relative(root, read.Path));
            w.WriteString("sha256", read.Sha256);
            w.WriteString("role", read.Role);
            w.WriteBoolean("content", read.ContentRead);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("probes");
        foreach (InputProbe probe in probes.Distinct(ProbeComparer.Instance))
        {
            w.WriteStartObject();
            w.WriteString("kind", probe.Kind);
            w.WriteString("path", RepoPath.Relative(root, probe.Path));
            w.WriteBoolean("exists", probe.Exists);
            if (probe.Pattern is not null)
            {
                w.WriteString("pattern", probe.Pattern);
            }

            if (probe.Failure is not null)
            {
                w.WriteString("failure", probe.Failure);
            }

            if (probe.Matches is not null)
            {
                w.WriteStartArray("matches");
                foreach (string match in probe.Matches)
                {
                    w.WriteStringValue(RepoPath.Relative(root, match));
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static byte[] StoreJson(GateRecording recording) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("schemaVersion", EvidencePackageLayout.SchemaVersion);
        if (recording.Store is not StoreReads store)
        {
            w.WriteNull("store");
            w.WriteOptionalString("failureKind", recording.StoreFailureKind);
            w.WriteOptionalString("failureMessage", recording.StoreFailureMessage);
            w.WriteEndObject();
            return;
        }

        w.WriteStartObject("store");
        w.WriteString("description", store.Description);
        w.WriteStartArray("records");
        foreach (KeyValuePair<string, StoreRecord?> record in store.Records.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("key", record.Key);
            if (record.Value is StoreRecord found)
            {
                w.WriteString("sha256", Sha256.OfBytes(found.Content));
                w.WriteString("storedSha256", found.Sha256);
                w.WriteString("location", found.Location);
            }
            else
            {
                w.WriteNull("sha256");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("lists");
        foreach (KeyValuePair<string, IReadOnlyList<string>> list in store.Lists.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("prefix", list.Key);
            Strings(w, "keys", list.Value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("streams");
        foreach (KeyValuePair<string, IReadOnlyList<StreamEntry>> stream in store.Streams.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("stream", stream.Key);
            w.WriteStartArray("entries");
            foreach (StreamEntry entry in stream.Value)
            {
                w.WriteStartObject();
                w.WriteNumber("sequence", entry.Sequence);
                w.WriteString("sha256", Sha256.OfBytes(entry.Content));
                w.WriteString("location", entry.Location);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (store.StreamNames is not null)
        {
            Strings(w, "streamNames", store.StreamNames);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static byte[] RunJson(GateRequest request, GateEvaluation evaluation, GateRecording recording) => CanonicalJson.Write(w =>
    {
        string root = evaluation.GovernanceRoot;
        string? Relative(string? path) => string.IsNullOrWhiteSpace(path) ? null : RepoPath.Relative(root, Path.GetFullPath(Path.Combine(root, path)));

        w.WriteStartObject();
        w.WriteString("schemaVersion", EvidencePackageLayout.SchemaVersion);
        w.WriteString("governanceRoot", root);
        // A pinned, accepted GovernanceNow decides alone: the wall clock then only tells whether the
        // pin is more than the tolerance behind it (a weakening override). Recording just that keeps
        // reruns byte-identical; otherwise the decision read the wall clock, and it is recorded whole.
        GateOverride? clock = evaluation.Report.Overrides.FirstOrDefault(o => o.Class == OverrideClass.Clock);
        bool pinned = !string.IsNullOrWhiteSpace(request.Now) && GateClock.TryParseRfc3339(request.Now!, out _) && clock is { Refused: false };
        if (pinned)
        {
            w.WriteNull("wallClock");
            w.WriteBoolean("wallClockBeyondTolerance", clock!.Weakens);
        }
        else
        {
            w.WriteString("wallClock", evaluation.WallClock.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        }

        w.WriteString("decision", evaluation.Report.Decision);

        w.WriteStartObject("request");
        w.WriteOptionalString("policyFile", Relative(request.PolicyFile));
        w.WriteOptionalString("mode", request.Mode);
        w.WriteOptionalString("profile", request.Profile);
        w.WriteOptionalString("branch", request.Branch);
        w.WriteOptionalString("commit", request.Commit);
        w.WriteOptionalString("now", request.Now);
        w.WriteString("subjectName", request.SubjectName);
        w.WriteOptionalString("subjectNameSetting", request.SubjectNameSetting);
        w.WriteString("subjectVersion", request.SubjectVersion);
        w.WriteOptionalString("settingsFile", Relative(request.SettingsFile));
        w.WriteOptionalString("store", request.Store is null ? null : ReleaseStoreFactory.Describe(request.Store));
        w.WriteStartArray("projects");
        foreach (GateProject project in request.Projects)
        {
            w.WriteStartObject();
            w.WriteString("projectFile", Relative(project.ProjectFile));
            w.WriteString("fragmentFile", Relative(project.FragmentFile));
            w.WriteOptionalString("targetFramework", project.TargetFramework);
            w.WriteOptionalString("packageId", project.PackageId);
            w.WriteOptionalString("packageVersion", project.PackageVersion);
            w.WriteOptionalString("versionExemption", project.VersionExemption);
            w.WriteOptionalString("versionSource", project.VersionSource);
            w.WriteOptionalString("releaseNotes", project.ReleaseNotes);
            w.WriteString("kind", project.Kind.ToString());
            Strings(w, "optOuts", project.OptOuts);
            Strings(w, "sarifLogs", project.SarifLogs.Select(l => Relative(l)!));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        Strings(w, "disabledProjects", request.DisabledProjects.Select(p => Relative(p)!));
        w.WriteStartArray("projectChecks");
        foreach (ProjectCheckReport check in request.ProjectChecks)
        {
            w.WriteStartObject();
            w.WriteString("id", check.Id);
            w.WriteString("projectFile", Relative(check.ProjectFile));
            w.WriteString("origin", check.Origin == ProjectCheckOrigin.Command ? "command" : "target");
            w.WriteOptionalString("status", check.Status);
            w.WriteOptionalString("severity", check.Severity);
            w.WriteOptionalString("message", check.Message);
            w.WriteOptionalString("file", check.File);
            w.WriteOptionalString("line", check.Line);
            w.WriteOptionalString("column", check.Column);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteStartObject("environment");
        foreach (KeyValuePair<string, string?> variable in recording.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (variable.Value is null)
            {
                w.WriteNull(variable.Key);
            }
            else
            {
                w.WriteString(variable.Key, variable.Value);
            }
        }

        w.WriteEndObject();
        w.WriteStartArray("git");
        foreach (KeyValuePair<string, SourceControlInfo?> head in recording.GitHeads.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("directory", RepoPath.Relative(root, head.Key));
            if (head.Value is SourceControlInfo info)
            {
                w.WriteString("branch", info.Branch);
                w.WriteString("commit", info.Commit);
                w.WriteString("source", info.Source);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("workTrees");
        foreach (KeyValuePair<string, string?> tree in recording.WorkTrees.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("directory", RepoPath.Relative(root, tree.Key));
            w.WriteOptionalString("root", tree.Value is null ? null : RepoPath.Relative(root, tree.Value));
            w.WriteEndObject();
        }

        w.WriteEndArray();

        // The verdicts as the run gave them: an audit reads them here; a replay judges them again.
        w.WriteStartArray("overrides");
        foreach (GateOverride o in evaluation.Report.Overrides)
        {
            w.WriteStartObject();
            w.WriteString("class", o.Class);
            w.WriteString("setting", o.Setting);
            w.WriteString("value", o.Value);
            w.WriteOptionalString("project", o.Project);
            w.WriteBoolean("weakens", o.Weakens);
            w.WriteBoolean("refused", o.Refused);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (string value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    /// <summary>Two probes asking the same question with the same answer are one (a policy checked for twice).</summary>
    private sealed class ProbeComparer : IEqualityComparer<InputProbe>
    {
        public static readonly ProbeComparer Instance = new();

        public bool Equals(InputProbe? x, InputProbe? y) =>
            x is not null && y is not null && x.Kind == y.Kind && x.Path == y.Path && x.Exists == y.Exists && x.Pattern == y.Pattern && x.Failure == y.Failure &&
            (x.Matches ?? Array.Empty<string>()).SequenceEqual(y.Matches ?? Array.Empty<string>());

        public int GetHashCode(InputProbe obj) => StringComparer.Ordinal.GetHashCode(obj.Kind + "\n" + obj.Path + "\n" + obj.Pattern);
    }
}
