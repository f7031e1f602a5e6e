using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;
using Governance.Core.Crypto;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Lineage;
using Governance.Core.Policy;
using Governance.Core.Store;

namespace Governance.Core.Bundles;

/// <summary>A public key the policy trusts, loaded.</summary>
public sealed record LoadedTrustedKey(string Id, string KeyId, ECDsa Key);

/// <summary>What verifying one bundle found.</summary>
public sealed record BundleVerification(string ManifestPath, string? Name, string? Version, IReadOnlyList<Diagnostic> Findings, string? SignedBy, bool Recorded)
{
    public bool IsVerified => Findings.Count == 0;

    /// <summary>True when an input could not be read or is invalid (GOV1xxx), rather than the bundle failing verification.</summary>
    public bool HasInputErrors => Findings.Any(f => f.Descriptor.IsConfigurationError);
}

/// <summary>
/// Verifies a release bundle offline: every file's size and SHA-256 (GOV4001), that the files are
/// exactly the manifest's, inside its folder (GOV4002), the DSSE signature against the policy's
/// trusted keys and a statement that matches the manifest exactly (GOV4003), and immutability
/// against the release store (GOV4004). When the policy trusts any key, an unsigned bundle fails.
/// </summary>
public static class BundleVerifier
{
    /// <summary>Loads the policy's trusted keys (paths relative to the policy's folder); unusable key files are GOV1005/GOV1006.</summary>
    public static IReadOnlyList<LoadedTrustedKey> LoadTrustedKeys(GovernancePolicy policy, List<Diagnostic> findings)
    {
        var keys = new List<LoadedTrustedKey>();
        string root = Path.GetDirectoryName(policy.FilePath ?? ".") ?? ".";
        foreach (TrustedKey trusted in policy.TrustedKeys)
        {
            var at = new SourceLocation(policy.FilePath ?? trusted.PublicKeyPath, trusted.Line);
            string pem;
            try
            {
                pem = File.ReadAllText(Path.GetFullPath(Path.Combine(root, trusted.PublicKeyPath)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                findings.Add(new Diagnostic(Gov.UnreadableFile,
                    $"The public key '{trusted.Id}' ({trusted.PublicKeyPath}) cannot be read: {RepoPath.DescribeFailure(ex)}. Fix trustedKeys[].publicKey in the policy.", at));
                continue;
            }

            try
            {
                ECDsa key = EcdsaKeys.LoadPublicKey(pem, out string keyId);
                keys.Add(new LoadedTrustedKey(trusted.Id, keyId, key));
            }
            catch (KeyFormatException ex)
            {
                findings.Add(new Diagnostic(Gov.InvalidKey,
                    $"The public key '{trusted.Id}' ({trusted.PublicKeyPath}) cannot be used: {ex.Message}. Export it with 'openssl ec -in key.pem -pubout'.", at));
            }
        }

        return keys;
    }

    /// <param name="manifestPath">The <c>.bundle.json</c> file.</param>
    /// <param name="trustedKeys">The keys the policy trusts; when there are any, the bundle must be signed by one.</param>
    /// <param name="store">The release store to check immutability against, or null.</param>
    /// <param name="record">Record the bundle in the store when it verifies (what promotion does first).</param>
    public static BundleVerification Verify(string manifestPath, IReadOnlyList<LoadedTrustedKey> trustedKeys, IReleaseStore? store, bool record)
    {
        var findings = new List<Diagnostic>();
        string manifestFile = manifestPath;
        try
        {
            manifestFile = Path.GetFullPath(manifestPath);

            // Read once: everything below checks, and --record stores, exactly these bytes.
            byte[] manifestBytes = File.ReadAllBytes(manifestFile);
            BundleManifest? manifest = BundleManifest.Parse(manifestFile, manifestBytes, out IReadOnlyList<Diagnostic> readErrors, out string? manifestSha256);
            findings.AddRange(readErrors);
            if (manifest is null)
            {
                return new BundleVerification(manifestFile, null, null, findings, null, false);
            }

            string directory = Path.GetDirectoryName(manifestFile)!;
            string stem = BundleManifest.StemOfManifest(manifestFile);
            var at = new SourceLocation(manifestFile);

            CheckFiles(manifest, directory, stem, at, findings);
            string? signedBy = CheckSignature(manifest, manifestFile, manifestSha256!, trustedKeys, at, findings);
            bool recorded = store is not null && CheckStore(manifest, manifestBytes, store, record && findings.Count == 0, at, findings);
            return new BundleVerification(manifestFile, manifest.Name, manifest.Version, findings, signedBy, recorded);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            findings.Add(new Diagnostic(Gov.UnreadableFile,
                $"The bundle at {Path.GetFileName(manifestPath)} could not be read: {(ex is ArgumentException or NotSupportedException ? "a path is not valid on this system" : RepoPath.DescribeFailure(ex))}. Check the path and the files' permissions.",
                new SourceLocation(manifestFile)));
            return new BundleVerification(manifestFile, null, null, findings, null, false);
        }
    }

    private static void CheckFiles(BundleManifest manifest, string directory, string stem, SourceLocation at, List<Diagnostic> findings)
    {
        var listed = new HashSet<string>(RepoPath.Comparer);
        var toHash = new List<(BundleFile Entry, string Full)>();
        foreach (BundleFile file in manifest.Files)
        {
            string? full = Resolve(directory, file.Path);
            if (full is null)
            {
                findings.Add(new Diagnostic(Gov.BundleFileSetMismatch,
                    $"Refused: the manifest lists '{file.Path}', a path outside the bundle's folder. A bundle's paths are relative to the manifest and never climb out of its folder; this manifest was written by something other than GovernanceBundle, or edited.", at));
                continue;
            }

            listed.Add(full);
            if (LinkOnTheWay(directory, full) is string link)
            {
                findings.Add(new Diagnostic(Gov.BundleFileSetMismatch,
                    $"Refused: {RepoPath.Relative(directory, link)} is a link; a bundle's files are the files in its folder, not what a link points to. Copy the real files into the bundle.", new SourceLocation(full)));
                continue;
            }

            var info = new FileInfo(full);
            if (!info.Exists)
            {
                findings.Add(new Diagnostic(Gov.BundleFileSetMismatch,
                    Directory.Exists(full)
                        ? $"{file.Path} is a folder, not a file. Restore the bundle as it was packed."
                        : $"{file.Path} is listed in the bundle but missing. Copy the whole bundle (the manifest and every file it lists) or pack again.",
                    new SourceLocation(full)));
            }
            else if (info.Length != file.Size)
            {
                // Not even opened: a file of the wrong size cannot match, and a pipe or device
                // (which reports no size) must never be read until it ends.
                findings.Add(new Diagnostic(Gov.BundleChecksumMismatch,
                    $"{file.Path} does not match the bundle: the manifest records {file.Size} bytes, the file has {info.Length}. The file was changed after packing; do not release it. Pack again from the commit.",
                    new SourceLocation(full)));
            }
            else
            {
                toHash.Add((file, full));
            }
        }

        // Hashed on every core, largest first so the biggest file does not end up last on one core;
        // never more than the recorded size plus one byte is read, and an empty file is not opened.
        var digests = new string[toHash.Count];
        Parallel.ForEach(
            Enumerable.Range(0, toHash.Count).OrderByDescending(i => toHash[i].Entry.Size),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => digests[i] = toHash[i].Entry.Size == 0 ? EmptySha256 : Sha256.OfFile(toHash[i].Full, toHash[i].Entry.Size + 1));
        for (int i = 0; i < toHash.Count; i++)
        {
            if (!string.Equals(digests[i], toHash[i].Entry.Sha256, StringComparison.Ordinal))
            {
                findings.Add(new Diagnostic(Gov.BundleChecksumMismatch,
                    $"{toHash[i].Entry.Path} does not match the bundle: the manifest records SHA-256 {toHash[i].Entry.Sha256}, the file has {digests[i]}. The file was changed after packing; do not release it. Pack again from the commit.",
                    new SourceLocation(toHash[i].Full)));
            }
        }

        // The manifest must be the one of the package it is named after.
        string package = stem + ".nupkg";
        if (!listed.Contains(package))
        {
            findings.Add(new Diagnostic(Gov.BundleFileSetMismatch,
                $"{Path.GetFileName(at.Path)} does not list {Path.GetFileName(package)}, the package it is named after: it is another bundle's manifest, renamed. Verify each bundle under the name it was packed with.", at));
        }

        // Files that claim to belong to this bundle but are not in it: the package and symbols
        // package of its own name, and anything in its files folder.
        var claimed = new List<string> { package, stem + ".snupkg" };
        string extras = stem + BundleManifest.ExtraFilesSuffix;
        if (Directory.Exists(extras))
        {
            claimed.AddRange(Directory.GetFiles(extras, "*", SearchOption.AllDirectories));
        }

        foreach (string file in claimed.Where(File.Exists).Select(Path.GetFullPath).Where(f => !listed.Contains(f)).OrderBy(f => f, StringComparer.Ordinal))
        {
            findings.Add(new Diagnostic(Gov.BundleFileSetMismatch,
                $"{RepoPath.Relative(directory, file)} belongs to the bundle's files but is not in its manifest: it was added after packing. Remove it, or pack again if it should be part of the release.",
                new SourceLocation(file)));
        }
    }

    /// <summary>The SHA-256 of no bytes.</summary>
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>The first folder or file from <paramref name="directory"/> down to <paramref name="full"/> that is a symbolic link or junction, or null.</summary>
    private static string? LinkOnTheWay(string directory, string full)
    {
        string current = directory;
        foreach (string segment in RepoPath.Relative(directory, full).Split('/'))
        {
            current = Path.Combine(current, segment);
            if (!File.Exists(current) && !Directory.Exists(current))
            {
                return null;
            }

            if ((File.GetAttributes(current) & FileAttributes.ReparsePoint) != 0)
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>The full path of a manifest path inside <paramref name="directory"/>, or null when it is absolute or climbs out.</summary>
    private static string? Resolve(string directory, string path)
    {
        if (path.Length == 0 || path.IndexOf('\0') >= 0 || path.IndexOf('\\') >= 0 || path.IndexOf(':') >= 0 || path.StartsWith("/", StringComparison.Ordinal) ||
            path.Split('/').Any(segment => segment is ".." or "." or ""))
        {
            return null;
        }

        try
        {
            string full = Path.GetFullPath(Path.Combine(directory, path));
            return RepoPath.IsUnder(directory, full) ? full : null;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    private static string? CheckSignature(BundleManifest manifest, string manifestFile, string manifestSha256, IReadOnlyList<LoadedTrustedKey> trustedKeys, SourceLocation at, List<Diagnostic> findings)
    {
        string envelopeFile = BundleManifest.EnvelopePathFor(manifestFile);
        string envelopeName = Path.GetFileName(envelopeFile);
        if (!File.Exists(envelopeFile))
        {
            if (trustedKeys.Count > 0)
            {
                findings.Add(new Diagnostic(Gov.BundleSignatureInvalid,
                    $"The bundle is not signed ({envelopeName} is missing), but the policy trusts signing keys, so every bundle must be signed. Pack with GovernanceSigningKeyFile (or the GOVERNANCE_SIGNING_KEY secret) set.", at));
            }

            return null;
        }

        var envelopeAt = new SourceLocation(envelopeFile);
        DsseEnvelope? envelope = BundleAttestation.ParseEnvelope(File.ReadAllBytes(envelopeFile), out string? problem);
        if (envelope is null)
        {
            findings.Add(new Diagnostic(Gov.BundleSignatureInvalid, $"{envelopeName} is not a DSSE envelope: {problem}. Pack again to sign the bundle.", envelopeAt));
            return null;
        }

        if (envelope.PayloadType != BundleAttestation.PayloadType)
        {
            findings.Add(new Diagnostic(Gov.BundleSignatureInvalid,
                $"{envelopeName} signs a payload of type '{envelope.PayloadType}', not '{BundleAttestation.PayloadType}': a signature over something else does not vouch for this bundle.", envelopeAt));
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
        LoadedTrustedKey? signer = envelope.Signatures
            .SelectMany(s => trustedKeys.Where(k => string.Equals(k.KeyId, s.KeyId, StringComparison.OrdinalIgnoreCase) && EcdsaKeys.Verify(k.Key, pae, s.Signature)))
            .FirstOrDefault();
        if (signer is null)
        {
            bool knownKey = envelope.Signatures.Any(s => trustedKeys.Any(k => string.Equals(k.KeyId, s.KeyId, StringComparison.OrdinalIgnoreCase)));
            findings.Add(new Diagnostic(Gov.BundleSignatureInvalid, knownKey
                ? $"{envelopeName} has a signature that does not verify with the trusted key it names: the envelope or its payload was changed after signing. Do not release it; pack again."
                : $"{envelopeName} is signed by a key the policy does not trust (key id {string.Join(", ", envelope.Signatures.Select(s => s.KeyId.Length == 0 ? "(none)" : s.KeyId))}). Sign with a key listed in trustedKeys, or add its public key there if it is yours.",
                envelopeAt));
            return null;
        }

        return CheckStatement(manifest, manifestFile, manifestSha256, envelope, envelopeAt, findings) ? signer.Id : null;
    }

    /// <summary>The signed statement must be an in-toto v1 SLSA provenance whose subjects are exactly the manifest's files and which names this manifest's digest.</summary>
    private static bool CheckStatement(BundleManifest manifest, string manifestFile, string manifestSha256, DsseEnvelope envelope, SourceLocation at, List<Diagnostic> findings)
    {
        string envelopeName = Path.GetFileName(at.Path);
        void Fail(string why) => findings.Add(new Diagnostic(Gov.BundleSignatureInvalid, $"{envelopeName}: {why} Do not release it; pack again.", at));
        try
        {
            using JsonDocument document = JsonDocument.Parse(envelope.Payload);
            JsonElement root = document.RootElement;
            if (root.StringOrNull("_type") != ProvenanceStatement.StatementType)
            {
                Fail($"the signed statement's _type is '{root.StringOrNull("_type")}', not '{ProvenanceStatement.StatementType}'.");
                return false;
            }

            if (root.StringOrNull("predicateType") != ProvenanceStatement.PredicateType)
            {
                Fail($"the signed statement's predicateType is '{root.StringOrNull("predicateType")}', not '{ProvenanceStatement.PredicateType}'.");
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

            (string Name, string Sha256)[] expected = manifest.Files.Select(f => (f.Path, f.Sha256)).OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
            (string Name, string Sha256)[] actual = signed.OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
            if (!expected.SequenceEqual(actual))
            {
                string missing = string.Join(", ", expected.Except(actual).Select(f => f.Name));
                string extra = string.Join(", ", actual.Except(expected).Select(f => f.Name));
                Fail($"the signed subjects are not exactly the manifest's files (missing from the signature: {(missing.Length == 0 ? "none" : missing)}; signed but not in the manifest: {(extra.Length == 0 ? "none" : extra)}).");
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
                Fail($"the signature covers a manifest with SHA-256 {signedManifest ?? "(none)"}, but {Path.GetFileName(manifestFile)} has SHA-256 {manifestSha256}: the manifest was edited after signing.");
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

    private static bool CheckStore(BundleManifest manifest, byte[] bytes, IReleaseStore store, bool record, SourceLocation at, List<Diagnostic> findings)
    {
        StoreRecord? stored;
        try
        {
            stored = record ? BundleRecords.Add(store, manifest.Name, manifest.Version, bytes) : BundleRecords.Find(store, manifest.Name, manifest.Version);
        }
        catch (StoreIntegrityException ex)
        {
            findings.Add(new Diagnostic(Gov.StoreTampered, $"The release store {store.Description} cannot be trusted: {ex.Message}. Restore the store from a backup, then verify again.", new SourceLocation(ex.Location)));
            return false;
        }
        catch (ArgumentException)
        {
            findings.Add(new Diagnostic(Gov.BundleImmutability, $"The bundle's name '{manifest.Name}' or version '{manifest.Version}' cannot be recorded in a release store. Pack with a valid package id and version.", at));
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            findings.Add(new Diagnostic(Gov.UnreadableFile, $"The release store {store.Description} cannot be read or written: {RepoPath.DescribeFailure(ex)}. Check GovernanceStore / --store.", at));
            return false;
        }

        if (stored is null)
        {
            return false;
        }

        string recordedFiles = FileSet(stored.Content);
        if (!string.Equals(recordedFiles, FileSet(bytes), StringComparison.Ordinal))
        {
            findings.Add(new Diagnostic(Gov.BundleImmutability,
                $"{manifest.Name} {manifest.Version} is already in the release store ({store.Description}) with different content: a released version never changes. Give this build a new version (bump Version or VersionPrefix) and pack again.",
                at));
            return false;
        }

        return record;
    }

    /// <summary>The content identity of a manifest: its files and digests, not where or when it was built.</summary>
    private static string FileSet(byte[] manifest)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(manifest);
            return string.Join("\n", document.RootElement.GetProperty("files").EnumerateArray()
                .Select(f => f.GetProperty("path").GetString() + " " + f.GetProperty("sha256").GetString())
                .OrderBy(f => f, StringComparer.Ordinal));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return "(unreadable)";
        }
    }
}
