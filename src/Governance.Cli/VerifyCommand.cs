using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Text;
using Governance.Core.Bundles;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Policy;
using Governance.Core.Store;

namespace Governance.Cli;

/// <summary>
/// <c>governance verify &lt;bundle.json&gt;</c>: verifies a release bundle offline (checksums, file
/// set, signature against the policy's trusted keys, immutability against the release store).
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var bundle = new Argument<FileInfo>("bundle") { Description = "The bundle manifest (<PackageId>.<Version>.bundle.json) written by dotnet pack." };
        var policy = new Option<FileInfo?>("--policy") { Description = "The policy whose trustedKeys verify the signature. Default: the nearest governance.json at or above the current directory, refused when it lies in the bundle's own folder (which whoever made the bundle controls)." };
        var noPolicy = new Option<bool>("--no-policy") { Description = "Verify without a policy: checksums and files only, no key is trusted and signatures are not required." };
        var store = new Option<string?>("--store") { Description = "The release store to check immutability against: a folder (or a backend location). Default: GOVERNANCE_STORE, else .governance/store/ beside the policy." };
        var record = new Option<bool>("--record") { Description = $"Record the bundle in the release store when it verifies; a different bundle with the same name and version is refused ({Gov.BundleImmutability.Code})." };
        var requireGo = new Option<bool>("--require-go") { Description = $"Require the bundle to carry a go of the release gate for its own commit and builds: the gate report among its files, under its checksums and signature ({Gov.GateDecisionMissing.Code} otherwise)." };
        var json = new Option<bool>("--json") { Description = "Write the result as JSON on standard output." };

        var command = new Command("verify", "Verify a release bundle: checksums, files, signature and immutability. Exit 0 verified, 1 refused, 2 input error.");
        command.Arguments.Add(bundle);
        command.Options.Add(policy);
        command.Options.Add(noPolicy);
        command.Options.Add(store);
        command.Options.Add(record);
        command.Options.Add(requireGo);
        command.Options.Add(json);
        command.SetAction(parse => Run(parse.GetValue(bundle)!, parse.GetValue(policy), parse.GetValue(noPolicy), parse.GetValue(store), parse.GetValue(record), parse.GetValue(requireGo), parse.GetValue(json)));
        return command;
    }

    private static int Run(FileInfo bundle, FileInfo? policyFile, bool noPolicy, string? storeOption, bool record, bool requireGo, bool json)
    {
        string manifest = bundle.FullName;
        if (manifest.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase) || manifest.EndsWith(".snupkg", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"error {Gov.UnreadableFile.Code}: {bundle.Name} is a package, not a bundle manifest. Pass the <PackageId>.<Version>.bundle.json that dotnet pack wrote next to it.");
            return Program.UsageError;
        }

        if (policyFile is not null && !policyFile.Exists)
        {
            Console.Error.WriteLine($"error {Gov.UnreadableFile.Code}: the policy file {policyFile.FullName} given with --policy does not exist. Pass the path of governance.json.");
            return Program.UsageError;
        }

        var configuration = new List<Diagnostic>();
        IReadOnlyList<LoadedTrustedKey> keys = Array.Empty<LoadedTrustedKey>();

        // The policy decides which keys are trusted, so it must come from the operator's side (the
        // checkout the command runs in), never from beside the bundle being judged: whoever made
        // the bundle controls its folder, and could put a policy trusting their own key there.
        string bundleFolder = Path.GetDirectoryName(manifest)!;
        string realBundleFolder = RealPath.Of(bundleFolder);
        string? policyPath = noPolicy ? null : policyFile?.FullName ?? PolicyLoader.Discover(Directory.GetCurrentDirectory());
        string policySource = noPolicy ? "--no-policy" : policyFile is not null ? "--policy" : "found at or above the current directory";
        if (policyPath is null && !noPolicy)
        {
            Console.Error.WriteLine($"error {Gov.UnreadableFile.Code}: no governance.json in {Directory.GetCurrentDirectory()} or above it, so no key is trusted. Run in the repository, pass --policy <governance.json>, or --no-policy to check checksums and files only.");
            return Program.UsageError;
        }

        if (policyFile is null && policyPath is not null && RepoPath.IsUnder(realBundleFolder, RealPath.Of(policyPath)))
        {
            Console.Error.WriteLine(MessageText.Escape($"error {Gov.InvalidSetting.Code}: the policy found, {policyPath}, lies in the bundle's own folder ({bundleFolder}), which whoever made the bundle controls: it is not used to decide which keys are trusted. Pass --policy with your repository's governance.json."));
            return Program.UsageError;
        }

        string? storeFromEnvironment = Environment.GetEnvironmentVariable(ReleaseStoreFactory.EnvironmentVariable);
        if (record && string.IsNullOrWhiteSpace(storeOption) && string.IsNullOrWhiteSpace(storeFromEnvironment) && policyPath is null)
        {
            Console.Error.WriteLine($"error {Gov.UnreadableFile.Code}: --record needs a release store: pass --store <folder>, or a policy (the store is .governance/store/ beside it).");
            return Program.UsageError;
        }

        string? policyStore = null;
        if (policyPath is not null)
        {
            PolicyLoadResult loaded = PolicyLoader.Load(policyPath);
            policyStore = loaded.Policy?.Store;
            configuration.AddRange(loaded.Diagnostics);
            if (loaded.Policy is not null)
            {
                foreach (Diagnostic warning in loaded.Policy.NotEnforced)
                {
                    Console.Error.WriteLine(MessageText.Escape($"{warning.Location!.Path}({warning.Location.Line},{warning.Location.Column}): warning {warning.Code}: {warning.Message}"));
                }

                keys = TrustedKeyLoader.Load(loaded.Policy, configuration);
            }
        }

        string governanceRoot = policyPath is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(policyPath)!;
        IReleaseStore? store = null;
        string storeSource = "none";
        try
        {
            // Without a policy, a store is used only when one is named.
            if (policyPath is not null || !string.IsNullOrWhiteSpace(storeOption) || !string.IsNullOrWhiteSpace(storeFromEnvironment))
            {
                (store, storeSource) = CliStores.OpenInEffect(storeOption, governanceRoot, policyStore);
            }
        }
        catch (StoreLocationException ex)
        {
            configuration.Add(new Diagnostic(Gov.InvalidSetting, ex.Message, null));
        }
        catch (StoreUnavailableException ex)
        {
            configuration.Add(new Diagnostic(Gov.StoreUnavailable, ex.Message, null));
        }

        // A store the operator did not name must not be the bundle's folder either: one planted
        // there would say which versions were released (and take --record's writes).
        if (store is Governance.Core.Store.FileSystem.DirectoryReleaseStore && storeSource == CliStores.BesidePolicy && RepoPath.IsUnder(realBundleFolder, RealPath.Of(store.Description)))
        {
            Console.Error.WriteLine(MessageText.Escape($"error {Gov.InvalidSetting.Code}: the release store {store.Description} lies in the bundle's own folder ({bundleFolder}), which whoever made the bundle controls. Pass --store with the release store to use."));
            return Program.UsageError;
        }

        BundleVerification result = configuration.Count > 0
            ? new BundleVerification(manifest, null, null, configuration, null, false)
            : BundleVerifier.Verify(manifest, keys, store, record, DateTimeOffset.UtcNow, requireGo);

        if (json)
        {
            Console.Out.Write(Encoding.UTF8.GetString(ToJson(result, policyPath, policySource, store?.Description, store is null ? null : storeSource, keys.Count)));
        }
        else
        {
            WriteHuman(result, policyPath, policySource, store?.Description, storeSource, keys.Count);
        }

        return Program.ExitCodeOf(result.Findings);
    }

    private static void WriteHuman(BundleVerification result, string? policy, string policySource, string? store, string storeSource, int trustedKeys)
    {
        foreach (Diagnostic finding in result.Findings)
        {
            string where = finding.Location is null ? string.Empty
                : finding.Location.Line > 0 ? $"{finding.Location.Path}({finding.Location.Line}): " : $"{finding.Location.Path}: ";
            Console.Error.WriteLine(MessageText.Escape($"{where}error {finding.Code}: {finding.Message}"));
        }

        Console.Out.WriteLine(MessageText.Escape(policy is null
            ? "Policy: none (--no-policy): no key is trusted and signatures are not required."
            : $"Policy: {policy} ({policySource}); trusted keys: {trustedKeys}."));
        Console.Out.WriteLine(MessageText.Escape(store is null ? "Release store: none." : $"Release store: {store} ({storeSource})."));
        if (result.IsVerified)
        {
            Console.Out.WriteLine(MessageText.Escape($"Verified: {result.Name} {result.Version}" +
                (result.SignedBy is null ? " (not signed by a trusted key)" : $", signed by trusted key '{result.SignedBy}'") +
                (result.DecisionMode is null ? string.Empty : $", with {(result.DecisionMode.StartsWith("i", StringComparison.Ordinal) ? "an" : "a")} {result.DecisionMode} go of the release gate") +
                (result.Recorded ? "; recorded in the release store" : string.Empty) + "."));
        }
        else if (result.HasInputErrors)
        {
            Console.Out.WriteLine(MessageText.Escape($"Not verified: {result.Findings.Count} input error(s); fix them and verify {Path.GetFileName(result.ManifestPath)} again."));
        }
        else
        {
            Console.Out.WriteLine(MessageText.Escape($"Refused: {result.Findings.Count} finding(s) for {Path.GetFileName(result.ManifestPath)}."));
        }
    }

    private static byte[] ToJson(BundleVerification result, string? policy, string policySource, string? store, string? storeSource, int trustedKeys) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("manifest", result.ManifestPath);
        w.WriteBoolean("verified", result.IsVerified);
        w.WriteNumber("exitCode", Program.ExitCodeOf(result.Findings));
        w.WriteOptionalString("name", result.Name);
        w.WriteOptionalString("version", result.Version);
        w.WriteOptionalString("signedBy", result.SignedBy);
        w.WriteOptionalString("decisionMode", result.DecisionMode);
        w.WriteBoolean("recorded", result.Recorded);
        w.WriteOptionalString("policy", policy);
        w.WriteString("policySource", policySource);
        w.WriteNumber("trustedKeys", trustedKeys);
        w.WriteOptionalString("store", store);
        w.WriteOptionalString("storeSource", storeSource);
        Operations.ResultJson.WriteFindings(w, result.Findings);
        w.WriteEndObject();
    });
}
