using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Core.Evaluation;
using Governance.Core.Reports;

namespace Governance.Core.Evidence;

/// <summary>
/// Replays a recorded decision with the current engine: the package's request, inputs, store
/// reads and clock through <see cref="GateEvaluator.Evaluate"/>, then the decision and every
/// check compared with the report the run wrote. Nothing outside the package is read.
/// </summary>
public static class EvidenceReplay
{
    /// <summary>The package a path names: the package itself, the one beside a gate report, or the one a bundle carries.</summary>
    public static string PackageFor(string path)
    {
        string full = Path.GetFullPath(path);

        // A bundle carries the package of the gate run that judged it among its files.
        if (full.EndsWith(Bundles.BundleManifest.ManifestSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return Path.Combine(Bundles.BundleManifest.StemOfManifest(full) + Bundles.BundleManifest.ExtraFilesSuffix, EvidencePackageLayout.FileName);
        }

        return full.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? Path.Combine(Path.GetDirectoryName(full)!, EvidencePackageLayout.FileName)
            : full;
    }

    /// <exception cref="EvidenceIncompleteException">GOV8002.</exception>
    /// <exception cref="EvidenceVersionException">GOV1003.</exception>
    /// <exception cref="IOException">The package cannot be read.</exception>
    public static ReplayResult Replay(string path)
    {
        string file = PackageFor(path);
        if (!File.Exists(file))
        {
            throw new EvidenceIncompleteException(file, EvidencePackageLayout.FileName,
                "there is no evidence package here. Replay the release-evidence.zip the gate wrote beside its report (artifacts/governance/), or the copy kept with the release");
        }

        EvidencePackage package = EvidencePackage.Open(file);
        CheckEnvelope(package);
        GateRequest request;
        try
        {
            request = package.ToRequest();
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            // SHA256SUMS vouches for the bytes, not for the writer: a package rewritten consistently can still lack a field.
            throw new EvidenceIncompleteException(file, EvidencePackageLayout.Run + ", " + EvidencePackageLayout.Inputs + " or " + EvidencePackageLayout.Store,
                $"a field format {EvidencePackageLayout.SchemaVersion} requires is missing or of the wrong type: the package was not written by a gate, or was altered together with its SHA256SUMS. Take a whole copy (the CI artifacts of the run, or the copy kept with the release)");
        }

        GateEvaluation evaluation = GateEvaluator.Evaluate(request);
        byte[] replayed = GateReportWriter.ToJson(evaluation.Report, evaluation.GovernanceRoot, new EvidenceReference(GateOutputs.LineageFileName, null), null);
        return Compare(file, package.Report, replayed);
    }

    /// <summary>
    /// A signature beside the package must be over this package's <c>SHA256SUMS</c>: one over
    /// another package means the two were mixed up or one was replaced. (Whose key signed it is
    /// checked against the policy's trusted keys, docs/replay.md; the replay has no policy.)
    /// </summary>
    private static void CheckEnvelope(EvidencePackage package)
    {
        string envelopeFile = Path.Combine(Path.GetDirectoryName(package.File)!, EvidencePackageLayout.EnvelopeFileName);
        if (!File.Exists(envelopeFile))
        {
            return;
        }

        Bundles.DsseEnvelope? envelope = Bundles.BundleAttestation.ParseEnvelope(File.ReadAllBytes(envelopeFile), out Json.JsonFlaw? flaw);
        if (envelope is null || envelope.PayloadType != EvidencePackageLayout.PayloadType || !envelope.Payload.SequenceEqual(package.Entry(EvidencePackageLayout.Sums)))
        {
            string why = envelope is null ? $"it is not a DSSE envelope ({flaw?.Description})"
                : envelope.PayloadType != EvidencePackageLayout.PayloadType ? $"its payload type is '{envelope.PayloadType}', not an evidence package's"
                : "it signs another package's SHA256SUMS than this one's";
            throw new EvidenceIncompleteException(package.File, EvidencePackageLayout.Sums,
                $"the signature beside it, {envelopeFile}, does not cover it: {why}. Take the package and its signature together from one run");
        }
    }

    /// <summary>Compares two gate reports' decision and checks; checks are matched by id and project, in report order.</summary>
    public static ReplayResult Compare(string package, byte[] recordedReport, byte[] replayedReport)
    {
        (string before, List<(string Id, string? Project, CheckState State)> recorded) = Read(package, recordedReport);
        (string after, List<(string Id, string? Project, CheckState State)> replayed) = Read(package, replayedReport);
        var drifts = new List<CheckDrift>();
        foreach (var group in recorded.Select(c => (c.Id, c.Project)).Concat(replayed.Select(c => (c.Id, c.Project))).Distinct())
        {
            CheckState[] was = recorded.Where(c => c.Id == group.Id && c.Project == group.Project).Select(c => c.State).ToArray();
            CheckState[] now = replayed.Where(c => c.Id == group.Id && c.Project == group.Project).Select(c => c.State).ToArray();
            for (int i = 0; i < Math.Max(was.Length, now.Length); i++)
            {
                CheckState? b = i < was.Length ? was[i] : null;
                CheckState? a = i < now.Length ? now[i] : null;
                if (b != a)
                {
                    drifts.Add(new CheckDrift(group.Id, group.Project, b, a));
                }
            }
        }

        return new ReplayResult(package, recorded.Count, before, after, drifts);
    }

    private static (string Decision, List<(string Id, string? Project, CheckState State)> Checks) Read(string package, byte[] report)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(report);
            JsonElement root = document.RootElement;
            var checks = root.GetProperty("checks").EnumerateArray().Select(c => (
                c.GetProperty("id").GetString()!,
                EvidencePackage.String(c, "project"),
                new CheckState(c.GetProperty("code").GetString()!, c.GetProperty("status").GetString()!, c.GetProperty("severity").GetString()!, c.GetProperty("message").GetString()!))).ToList();
            return (root.GetProperty("decision").GetString()!, checks);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new EvidenceIncompleteException(package, EvidencePackageLayout.OutputsFolder + GateOutputs.ReportFileName,
                "it is not a gate report this version reads (decision and checks with id, code, status, severity, message): the package was altered. Take a whole copy (the CI artifacts of the run, or the copy kept with the release)");
        }
    }
}
