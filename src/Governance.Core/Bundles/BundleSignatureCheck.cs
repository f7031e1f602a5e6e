using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Core.Crypto;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Lineage;
using Governance.Core.Policy;
using Governance.Core.Store;

namespace Governance.Core.Bundles;

/// <summary>
/// The DSSE signature of a bundle against the policy's trusted keys, and a signed statement that
/// matches the manifest exactly (GOV4003). When the policy requires signatures (<c>bundles.requireSignature</c>,
/// by default as soon as it trusts any key), an unsigned bundle fails.
/// A key that signed it vouches for it only when it is not compromised, is a release key, and is
/// valid at <c>now</c> or was when the release store recorded the bundle (<see cref="KeyLifetimeCheck"/>).
/// </summary>
internal static class BundleSignatureCheck
{
    /// <summary>An envelope holds one statement of a few KiB per hundred files: 64 MiB is far beyond any real one.</summary>
    private const long MaxEnvelopeBytes = 64L << 20;

    /// <summary>The trusted key that signed the bundle and vouches for it, or null (with a finding when a signature is required or wrong).</summary>
    /// <param name="store">The release store that may show when the bundle was recorded, or null.</param>
    /// <param name="now">The verifier's clock, against which key lifetimes are judged.</param>
    /// <param name="required">Whether an unsigned bundle is a finding (<c>bundles.requireSignature</c>, by default as soon as a key is trusted).</param>
    public static LoadedTrustedKey? Check(
        BundleManifest manifest, string manifestFile, string manifestSha256, IReadOnlyList<LoadedTrustedKey> trustedKeys, bool required,
        IReleaseStore? store, DateTimeOffset now, SourceLocation at, List<Diagnostic> findings)
    {
        string envelopeFile = BundleManifest.EnvelopePathFor(manifestFile);
        string envelopeName = Path.GetFileName(envelopeFile);
        if (RegularFile.KindOf(envelopeFile) == FileKind.Missing)
        {
            if (required)
            {
                findings.Add(new Diagnostic(Gov.BundleSignatureInvalid,
                    $"The bundle is not signed ({envelopeName} is missing), but the policy requires signed bundles (bundles.requireSignature, by default as soon as trustedKeys lists a key). Pack with GovernanceSigningKeyFile (or the GOVERNANCE_SIGNING_KEY secret) set.", at));
            }

            return null;
        }

        var envelopeAt = new SourceLocation(envelopeFile);
        byte[] envelopeBytes;
        try
        {
            envelopeBytes = RegularFile.ReadAllBytes(envelopeFile, MaxEnvelopeBytes);
        }
        catch (NotARegularFileException ex)
        {
            findings.Add(new Diagnostic(Gov.BundleSignatureInvalid, $"{envelopeName} is not read: {ex.Message}. Restore the envelope dotnet pack wrote, or pack again.", envelopeAt));
            return null;
        }

        DsseEnvelope? envelope = BundleAttestation.ParseEnvelope(envelopeBytes, out JsonFlaw? problem);
        if (envelope is null)
        {
            findings.Add(new Diagnostic(Gov.BundleSignatureInvalid,
                $"{envelopeName} is not a DSSE envelope that can be trusted: it {problem!.Description}{problem.Where}. Do not release the bundle; pack again to sign it.",
                new SourceLocation(envelopeFile, problem.Line, problem.Column)));
            return null;
        }

        if (envelope.PayloadType != BundleAttestation.PayloadType)
        {
            findings.Add(new Diagnostic(Gov.BundleSignatureInvalid,
                $"{envelopeName} signs a payload of type '{MessageText.Value(envelope.PayloadType)}', not '{BundleAttestation.PayloadType}': a signature over something else does not vouch for this bundle.", envelopeAt));
            return null;
        }

        if (trustedKeys.Count == 0)
        {
            // No key to check the signature against: the statement must still match the manifest,
            // but the bundle is not reported as signed by anyone.
            CheckStatement(manifest, manifestFile, manifestSha256, envelope, envelopeAt, findings);
            return null;
        }

        byte[] pae = BundleAttestation.Pae(envelope.PayloadType, envelope.Payload);
        LoadedTrustedKey[] signers = envelope.Signatures
            .SelectMany(s => trustedKeys.Where(k => MayHaveSigned(s, k) && EcdsaKeys.Verify(k.Key, pae, s.Signature)))
            .Distinct()
            .ToArray();
        if (signers.Length == 0)
        {
            bool namesTrustedKey = envelope.Signatures.Any(s => s.KeyId.Length > 0 && trustedKeys.Any(k => MayHaveSigned(s, k)));
            bool namesNoKey = envelope.Signatures.Any(s => s.KeyId.Length == 0);
            findings.Add(new Diagnostic(Gov.BundleSignatureInvalid,
                namesTrustedKey
                    ? $"{envelopeName} has a signature that does not verify with the trusted key it names: the envelope or its payload was changed after signing. Do not release it; pack again."
                : namesNoKey
                    ? $"{envelopeName} has a signature without a key id that no trusted key verifies: it was made with a key the policy does not trust, or the envelope or its payload was changed after signing. Do not release it; sign with a key listed in trustedKeys."
                    : $"{envelopeName} is signed by a key the policy does not trust (key id {string.Join(", ", envelope.Signatures.Select(s => MessageText.Value(s.KeyId)))}). Sign with a key listed in trustedKeys, or add its public key there if it is yours.",
                envelopeAt));
            return null;
        }

        LoadedTrustedKey? signer = Vouching(signers, manifest, manifestSha256, store, now, envelopeName, envelopeAt, findings);
        return signer is not null && CheckStatement(manifest, manifestFile, manifestSha256, envelope, envelopeAt, findings) ? signer : null;
    }

    /// <summary>The first of the keys whose signatures verify that vouches for the bundle, or null with the reason.</summary>
    private static LoadedTrustedKey? Vouching(
        LoadedTrustedKey[] signers, BundleManifest manifest, string manifestSha256, IReleaseStore? store, DateTimeOffset now,
        string envelopeName, SourceLocation envelopeAt, List<Diagnostic> findings)
    {
        // A compromised key's holder may have signed anything, at any time: its signature taints
        // the bundle even beside a good one, and no recording redeems it.
        if (signers.FirstOrDefault(k => k.Compromised) is LoadedTrustedKey compromised)
        {
            findings.Add(new Diagnostic(Gov.BundleSignatureInvalid,
                $"{envelopeName} is signed by '{compromised.Id}', a key the policy marks compromised: nothing it signed is trusted, whenever it was recorded. Do not release this bundle or roll back to it; pack it again and sign it with a key that is not compromised.",
                envelopeAt));
            return null;
        }

        LoadedTrustedKey[] release = signers.Where(k => k.Use == KeyUse.Release).ToArray();
        if (release.Length == 0)
        {
            findings.Add(new Diagnostic(Gov.BundleSignatureInvalid,
                $"{envelopeName} is signed only by {string.Join(", ", signers.Select(k => $"'{k.Id}'"))}, {(signers.Length == 1 ? "a key" : "keys")} for previews (use: preview), and a preview key never vouches for a release bundle. Sign releases with a release key from trustedKeys.",
                envelopeAt));
            return null;
        }

        var reasons = new List<string>();
        foreach (LoadedTrustedKey key in release)
        {
            if (KeyLifetimeCheck.Vouches(key, manifest, manifestSha256, store, now, envelopeAt, findings, out string? why))
            {
                return key;
            }

            if (why is not null)
            {
                reasons.Add(why);
            }
        }

        if (reasons.Count > 0)
        {
            findings.Add(new Diagnostic(Gov.BundleSignatureInvalid, $"{envelopeName} is signed by {string.Join(" It is also signed by ", reasons)}", envelopeAt));
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="signature"/> may have been made by <paramref name="key"/>. A DSSE
    /// keyid is an unauthenticated hint: one that names another key rules this key out (as
    /// go-securesystemslib's verifier does), but without one every trusted key is tried.
    /// </summary>
    private static bool MayHaveSigned(DsseSignature signature, LoadedTrustedKey key) =>
        signature.KeyId.Length == 0 || string.Equals(key.KeyId, signature.KeyId, StringComparison.OrdinalIgnoreCase);

    /// <summary>The signed statement must be an in-toto v1 SLSA provenance whose subjects are exactly the manifest's files and which names this manifest's digest.</summary>
    private static bool CheckStatement(BundleManifest manifest, string manifestFile, string manifestSha256, DsseEnvelope envelope, SourceLocation at, List<Diagnostic> findings)
    {
        string envelopeName = Path.GetFileName(at.Path);
        void Fail(string why) => findings.Add(new Diagnostic(Gov.BundleSignatureInvalid, $"{envelopeName}: {why} Do not release it; pack again.", at));
        JsonFlaw? flaw = StrictJson.Check(envelope.Payload);
        if (flaw is not null)
        {
            Fail($"the signed statement {flaw.Description}{(flaw.Line > 0 ? $" (line {flaw.Line}, column {flaw.Column} of the statement)" : string.Empty)}.");
            return false;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(envelope.Payload);
            JsonElement root = document.RootElement;
            if (root.StringOrNull("_type") != ProvenanceStatement.StatementType)
            {
                Fail($"the signed statement's _type is '{MessageText.Value(root.StringOrNull("_type") ?? "(none)")}', not '{ProvenanceStatement.StatementType}'.");
                return false;
            }

            if (root.StringOrNull("predicateType") != ProvenanceStatement.PredicateType)
            {
                Fail($"the signed statement's predicateType is '{MessageText.Value(root.StringOrNull("predicateType") ?? "(none)")}', not '{ProvenanceStatement.PredicateType}'.");
                return false;
            }

            var signed = new List<(string Name, string Sha256)>();
            if (root.TryGetProperty("subject", out JsonElement subjects) && subjects.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement subject in subjects.EnumerateArray())
                {
                    string? digest = subject.ValueKind == JsonValueKind.Object && subject.TryGetProperty("digest", out JsonElement d) && d.ValueKind == JsonValueKind.Object ? d.StringOrNull("sha256") : null;
                    signed.Add((subject.StringOrNull("name") ?? string.Empty, digest ?? string.Empty));
                }
            }

            // A subject named twice would make "exactly the manifest's files" a question of which
            // of the two a consumer reads; the set comparison below could not even say what differs.
            string[] twice = signed.GroupBy(f => f.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            if (twice.Length > 0)
            {
                Fail($"the signed statement names {string.Join(", ", twice.Select(n => $"'{MessageText.Value(n)}'"))} as a subject more than once; each file of a bundle is exactly one subject.");
                return false;
            }

            (string Name, string Sha256)[] expected = manifest.Files.Select(f => (f.Path, f.Sha256)).OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
            (string Name, string Sha256)[] actual = signed.OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
            if (!expected.SequenceEqual(actual))
            {
                string missing = string.Join(", ", expected.Except(actual).Select(f => MessageText.Value(f.Name)));
                string extra = string.Join(", ", actual.Except(expected).Select(f => MessageText.Value(f.Name)));
                Fail(missing.Length == 0 && extra.Length == 0
                    ? "the signed subjects are not exactly the manifest's files: the manifest lists a file more than once."
                    : $"the signed subjects are not exactly the manifest's files (missing from the signature: {(missing.Length == 0 ? "none" : missing)}; signed but not in the manifest: {(extra.Length == 0 ? "none" : extra)}).");
                return false;
            }

            string? signedManifest = root.TryGetProperty("predicate", out JsonElement predicate) && predicate.ValueKind == JsonValueKind.Object &&
                predicate.TryGetProperty("buildDefinition", out JsonElement build) && build.ValueKind == JsonValueKind.Object &&
                build.TryGetProperty("externalParameters", out JsonElement parameters) && parameters.ValueKind == JsonValueKind.Object &&
                parameters.TryGetProperty("manifest", out JsonElement manifestRef) && manifestRef.ValueKind == JsonValueKind.Object
                ? manifestRef.StringOrNull("sha256")
                : null;
            if (!string.Equals(signedManifest, manifestSha256, StringComparison.Ordinal))
            {
                Fail($"the signature covers a manifest with SHA-256 {MessageText.Value(signedManifest ?? "(none)")}, but {Path.GetFileName(manifestFile)} has SHA-256 {manifestSha256}: the manifest was edited after signing.");
                return false;
            }

            return true;
        }
        catch (JsonException)
        {
            Fail("the signed payload is not a JSON in-toto statement.");
            return false;
        }
    }
}
