using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Governance.Core.Evaluation;
using Governance.Core.Evidence;
using Governance.Core.IO;
using Governance.Core.Reports;

namespace Governance.Core.Tests.Evidence;

/// <summary>The evidence package: deterministic, tamper-evident, and a replay of it reproduces the decision.</summary>
public class EvidencePackageTests
{
    [Fact]
    public void The_same_evaluation_twice_gives_byte_identical_packages()
    {
        using var dir = new TempDirectory();
        GateRequest request = GoldenGateTests.Repository(dir, "strict", "main");

        // The same artifacts folder: the report names where its lineage is.
        byte[] first = File.ReadAllBytes(Gate(request, dir.Combine("artifacts")));
        byte[] second = File.ReadAllBytes(Gate(request, dir.Combine("artifacts")));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Under_a_pinned_GovernanceNow_runs_at_different_wall_clocks_give_identical_packages()
    {
        using var dir = new TempDirectory();
        GateRequest request = GoldenGateTests.Repository(dir, "strict", "main");

        byte[] first = File.ReadAllBytes(Gate(request with { UtcNow = () => new DateTimeOffset(2026, 11, 24, 12, 0, 5, TimeSpan.Zero) }, dir.Combine("artifacts")));
        byte[] second = File.ReadAllBytes(Gate(request with { UtcNow = () => new DateTimeOffset(2026, 11, 24, 12, 3, 0, TimeSpan.Zero) }, dir.Combine("artifacts")));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Without_GovernanceNow_the_wall_clock_is_recorded_and_the_replay_decides_at_it()
    {
        using var dir = new TempDirectory();
        GateRequest request = GoldenGateTests.Repository(dir, "strict", "feature/x") with
        {
            Now = null,
            UtcNow = () => new DateTimeOffset(2026, 11, 27, 8, 30, 15, 250, TimeSpan.Zero),
        };
        string package = Gate(request, dir.Combine("artifacts"));

        Assert.Contains("\"wallClock\": \"2026-11-27T08:30:15.2500000Z\"", Encoding.UTF8.GetString(EvidencePackage.Open(package).Entry(EvidencePackageLayout.Run)));
        ReplayResult result = EvidenceReplay.Replay(package);
        Assert.False(result.HasDrift, string.Join("\n", result.Drifts));
    }

    [Fact]
    public void The_package_holds_the_outputs_every_input_once_and_the_run()
    {
        using var dir = new TempDirectory();
        GateRequest request = GoldenGateTests.Repository(dir, "strict", "main");
        GateEvaluation evaluation = GateEvaluator.Evaluate(request);
        GateOutputFiles outputs = GateOutputs.Write(evaluation, dir.Combine("artifacts"));
        (string package, string? envelope) = EvidencePackageWriter.Write(request, evaluation, outputs, dir.Combine("artifacts"), null);

        Assert.Null(envelope);
        string[] names = EvidencePackage.Open(package).EntryNames.ToArray();
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
        Assert.Contains("outputs/" + GateOutputs.ReportFileName, names);
        Assert.Contains("outputs/" + GateOutputs.SarifFileName, names);
        Assert.Contains("outputs/" + GateOutputs.SummaryFileName, names);
        Assert.Contains("outputs/" + GateOutputs.LineageFileName, names);
        Assert.Contains(EvidencePackageLayout.Sums, names);
        Assert.Contains(EvidencePackageLayout.Run, names);
        Assert.Contains(EvidencePackageLayout.Inputs, names);
        Assert.Contains(EvidencePackageLayout.Store, names);
        string policyDigest = Sha256.OfFile(dir.Combine("governance.json"));
        Assert.Contains("inputs/sha256/" + policyDigest, names);
        Assert.Equal(
            evaluation.Inputs.Where(r => r.ContentRead).Select(r => r.Sha256).Distinct().Count(),
            names.Count(n => n.StartsWith("inputs/sha256/", StringComparison.Ordinal)) - StoreBlobs(evaluation));
    }

    [Fact]
    public void A_signing_key_adds_a_DSSE_envelope_over_SHA256SUMS()
    {
        using var dir = new TempDirectory();
        GateRequest request = GoldenGateTests.Repository(dir, "strict", "main");
        GateEvaluation evaluation = GateEvaluator.Evaluate(request);
        GateOutputFiles outputs = GateOutputs.Write(evaluation, dir.Combine("artifacts"));
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        string pem = "-----BEGIN PRIVATE KEY-----\n" + Convert.ToBase64String(key.ExportPkcs8PrivateKey(), Base64FormattingOptions.InsertLineBreaks) + "\n-----END PRIVATE KEY-----\n";

        (string package, string? envelope) = EvidencePackageWriter.Write(request, evaluation, outputs, dir.Combine("artifacts"), pem);

        Assert.NotNull(envelope);
        Governance.Core.Bundles.DsseEnvelope? parsed = Governance.Core.Bundles.BundleAttestation.ParseEnvelope(File.ReadAllBytes(envelope!), out _);
        Assert.NotNull(parsed);
        Assert.Equal(EvidencePackageLayout.PayloadType, parsed!.PayloadType);
        Assert.Equal(EvidencePackage.Open(package).Entry(EvidencePackageLayout.Sums), parsed.Payload);
        Assert.True(Governance.Core.Crypto.EcdsaKeys.Verify(key, Governance.Core.Bundles.BundleAttestation.Pae(parsed.PayloadType, parsed.Payload), parsed.Signatures.Single().Signature));
        Assert.False(EvidenceReplay.Replay(package).HasDrift);

        // A package replaced beside its signature no longer matches it.
        File.WriteAllBytes(package, File.ReadAllBytes(Gate(request with { SubjectVersion = "1.0.1" }, dir.Combine("other"))));
        EvidenceIncompleteException ex = Assert.Throws<EvidenceIncompleteException>(() => EvidenceReplay.Replay(package));
        Assert.Contains(EvidencePackageLayout.EnvelopeFileName, ex.Message);
    }

    [Fact]
    public void A_replay_of_a_real_evaluation_has_no_drift()
    {
        using var dir = new TempDirectory();
        GateRequest request = GoldenGateTests.Repository(dir, "transitional", "main");
        string package = Gate(request, dir.Combine("artifacts"));

        // The working tree is gone: the replay reads only the package.
        string copy = Path.Combine(Path.GetTempPath(), "gov-replay-" + Guid.NewGuid().ToString("N") + ".zip");
        File.Copy(package, copy);
        Directory.Delete(dir.Path, recursive: true);
        try
        {
            ReplayResult result = EvidenceReplay.Replay(copy);
            Assert.False(result.HasDrift, string.Join("\n", result.Drifts));
            Assert.True(result.Checks > 5);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public void A_replay_decides_on_the_SLO_history_the_run_read_not_on_the_store_as_it_is_now()
    {
        using var dir = new TempDirectory();
        GateRequest request = GoldenGateTests.Repository(dir, "strict", "main");
        GateEvaluation first = GateEvaluator.Evaluate(request);
        GateOutputs.Write(first, dir.Combine("artifacts/first"));
        Assert.Empty(GateRecorder.Record(first));
        dir.Write(".git/refs/heads/main", "fedcba9876543210fedcba9876543210fedcba98\n");
        string package = Gate(request, dir.Combine("artifacts/second"));
        Assert.Contains("\"sequence\": 1,", Encoding.UTF8.GetString(EvidencePackage.Open(package).Entry(EvidencePackageLayout.Store)));

        // The store moves on after the run: the replay still sees the window the run saw.
        GateEvaluation third = GateEvaluator.Evaluate(request with { Commit = "0123456789abcdef0123456789abcdef01234567" });
        GateOutputs.Write(third, dir.Combine("artifacts/third"));
        Assert.Empty(GateRecorder.Record(third));

        ReplayResult result = EvidenceReplay.Replay(package);

        Assert.False(result.HasDrift, string.Join("\n", result.Drifts));
    }

    [Fact]
    public void A_replay_names_each_check_whose_message_changed()
    {
        using var dir = new TempDirectory();
        string package = Gate(GoldenGateTests.Repository(dir, "strict", "main"), dir.Combine("artifacts"));
        string report = "outputs/" + GateOutputs.ReportFileName;
        string original = Encoding.UTF8.GetString(EvidencePackage.Open(package).Entry(report));
        string altered = original.Replace("is valid.", "is valid!");
        Assert.NotEqual(original, altered);
        string rewritten = Rewrite(package, dir.Combine("altered.zip"), report, Encoding.UTF8.GetBytes(altered), fixSums: true);

        ReplayResult result = EvidenceReplay.Replay(rewritten);

        Assert.True(result.HasDrift);
        CheckDrift drift = Assert.Single(result.Drifts);
        Assert.Equal("configuration.policy", drift.Id);
        Assert.EndsWith("is valid!", drift.Before!.Message);
        Assert.EndsWith("is valid.", drift.After!.Message);
    }

    [Fact]
    public void An_altered_entry_is_GOV8002_naming_it()
    {
        using var dir = new TempDirectory();
        string package = Gate(GoldenGateTests.Repository(dir, "strict", "main"), dir.Combine("artifacts"));
        string altered = Rewrite(package, dir.Combine("altered.zip"), EvidencePackageLayout.Run, Encoding.UTF8.GetBytes("{ \"schemaVersion\": \"1\" }"), fixSums: false);

        EvidenceIncompleteException ex = Assert.Throws<EvidenceIncompleteException>(() => EvidencePackage.Open(altered));
        Assert.Equal(EvidencePackageLayout.Run, ex.Entry);
        Assert.Contains("altered", ex.Message);
    }

    [Fact]
    public void An_altered_input_copy_is_GOV8002_even_with_SHA256SUMS_rewritten()
    {
        using var dir = new TempDirectory();
        string package = Gate(GoldenGateTests.Repository(dir, "strict", "main"), dir.Combine("artifacts"));
        string blob = "inputs/sha256/" + Sha256.OfFile(dir.Combine("governance.json"));
        string altered = Rewrite(package, dir.Combine("altered.zip"), blob, Encoding.UTF8.GetBytes("{}"), fixSums: true);

        EvidenceIncompleteException ex = Assert.Throws<EvidenceIncompleteException>(() => EvidencePackage.Open(altered));
        Assert.Equal(blob, ex.Entry);
    }

    [Fact]
    public void A_missing_entry_is_GOV8002_naming_it()
    {
        using var dir = new TempDirectory();
        string package = Gate(GoldenGateTests.Repository(dir, "strict", "main"), dir.Combine("artifacts"));
        string altered = Rewrite(package, dir.Combine("altered.zip"), EvidencePackageLayout.Store, null, fixSums: false);

        EvidenceIncompleteException ex = Assert.Throws<EvidenceIncompleteException>(() => EvidencePackage.Open(altered));
        Assert.Equal(EvidencePackageLayout.Store, ex.Entry);
        Assert.Contains("missing", ex.Message);
    }

    [Fact]
    public void A_run_json_rewritten_with_its_SHA256SUMS_but_missing_a_field_is_GOV8002_not_a_crash()
    {
        using var dir = new TempDirectory();
        string package = Gate(GoldenGateTests.Repository(dir, "strict", "main"), dir.Combine("artifacts"));
        string run = Encoding.UTF8.GetString(EvidencePackage.Open(package).Entry(EvidencePackageLayout.Run)).Replace("\"subjectName\"", "\"subjectNameX\"");
        string altered = Rewrite(package, dir.Combine("altered.zip"), EvidencePackageLayout.Run, Encoding.UTF8.GetBytes(run), fixSums: true);

        EvidenceIncompleteException ex = Assert.Throws<EvidenceIncompleteException>(() => EvidenceReplay.Replay(altered));
        Assert.Contains(EvidencePackageLayout.Run, ex.Entry);
    }

    [Fact]
    public void A_read_the_package_does_not_record_is_GOV8002_never_answered_from_elsewhere()
    {
        using var dir = new TempDirectory();
        string package = Gate(GoldenGateTests.Repository(dir, "strict", "main"), dir.Combine("artifacts"));
        var inputs = System.Text.Json.Nodes.JsonNode.Parse(EvidencePackage.Open(package).Entry(EvidencePackageLayout.Inputs))!;
        System.Text.Json.Nodes.JsonArray files = inputs["files"]!.AsArray();
        files.Remove(files.Single(f => (string?)f!["path"] == "governance.json"));
        string altered = Rewrite(package, dir.Combine("altered.zip"), EvidencePackageLayout.Inputs, Encoding.UTF8.GetBytes(inputs.ToJsonString()), fixSums: true);

        // The policy is still in the working tree: a replay that read it from there would pass.
        EvidenceIncompleteException ex = Assert.Throws<EvidenceIncompleteException>(() => EvidenceReplay.Replay(altered));

        Assert.Contains("governance.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_SHA256SUMS_is_GOV8002()
    {
        using var dir = new TempDirectory();
        string package = Gate(GoldenGateTests.Repository(dir, "strict", "main"), dir.Combine("artifacts"));
        string altered = Rewrite(package, dir.Combine("altered.zip"), EvidencePackageLayout.Sums, Encoding.UTF8.GetBytes("not a sum line\n"), fixSums: false);

        EvidenceIncompleteException ex = Assert.Throws<EvidenceIncompleteException>(() => EvidencePackage.Open(altered));
        Assert.Equal(EvidencePackageLayout.Sums, ex.Entry);
    }

    [Fact]
    public void A_newer_major_format_is_GOV1003()
    {
        using var dir = new TempDirectory();
        string package = Gate(GoldenGateTests.Repository(dir, "strict", "main"), dir.Combine("artifacts"));
        string run = Encoding.UTF8.GetString(EvidencePackage.Open(package).Entry(EvidencePackageLayout.Run)).Replace("\"schemaVersion\": \"1\"", "\"schemaVersion\": \"2\"");
        string altered = Rewrite(package, dir.Combine("newer.zip"), EvidencePackageLayout.Run, Encoding.UTF8.GetBytes(run), fixSums: true);

        EvidenceVersionException ex = Assert.Throws<EvidenceVersionException>(() => EvidencePackage.Open(altered));
        Assert.Contains("'2'", ex.Message);
    }

    [Fact]
    public void A_report_json_replays_the_package_beside_it()
    {
        using var dir = new TempDirectory();
        Gate(GoldenGateTests.Repository(dir, "strict", "main"), dir.Combine("artifacts"));

        ReplayResult result = EvidenceReplay.Replay(dir.Combine("artifacts/" + GateOutputs.ReportFileName));

        Assert.False(result.HasDrift, string.Join("\n", result.Drifts));
    }

    internal static string Gate(GateRequest request, string artifacts)
    {
        GateEvaluation evaluation = GateEvaluator.Evaluate(request);
        GateOutputFiles outputs = GateOutputs.Write(evaluation, artifacts);
        return EvidencePackageWriter.Write(request, evaluation, outputs, artifacts, null).Package;
    }

    private static int StoreBlobs(GateEvaluation evaluation)
    {
        Governance.Core.Store.StoreReads? store = evaluation.Recording!.Store;
        if (store is null)
        {
            return 0;
        }

        var content = store.Records.Values.Where(r => r is not null).Select(r => Sha256.OfBytes(r!.Content))
            .Concat(store.Streams.Values.SelectMany(s => s).Select(e => Sha256.OfBytes(e.Content)));
        return content.Distinct().Except(evaluation.Inputs.Where(r => r.ContentRead).Select(r => r.Sha256)).Count();
    }

    /// <summary>A copy of the package with one entry replaced (or removed when null), SHA256SUMS rewritten to match or not.</summary>
    private static string Rewrite(string package, string target, string entry, byte[]? content, bool fixSums)
    {
        var entries = new System.Collections.Generic.SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        using (ZipArchive zip = ZipFile.OpenRead(package))
        {
            foreach (ZipArchiveEntry e in zip.Entries)
            {
                using var s = e.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                entries[e.FullName] = m.ToArray();
            }
        }

        if (content is null)
        {
            entries.Remove(entry);
        }
        else
        {
            entries[entry] = content;
        }

        if (fixSums)
        {
            entries[EvidencePackageLayout.Sums] = Encoding.UTF8.GetBytes(string.Concat(entries
                .Where(e => e.Key != EvidencePackageLayout.Sums)
                .Select(e => Sha256.OfBytes(e.Value) + "  " + e.Key + "\n")));
        }

        using (ZipArchive zip = ZipFile.Open(target, ZipArchiveMode.Create))
        {
            foreach (var e in entries)
            {
                using var s = zip.CreateEntry(e.Key).Open();
                s.Write(e.Value, 0, e.Value.Length);
            }
        }

        return target;
    }
}
