using System;
using System.IO;
using System.Linq;
using Governance.Cli.Publishing;
using Governance.Core.Bundles;
using Governance.Core.Diagnostics;

namespace Governance.Cli.Tests;

/// <summary>
/// A whole bundle staged for promotion: the user's files read once, the copy verified (and then
/// published), whatever happens to the user's folder; a hostile manifest never writes outside the
/// staging folder.
/// </summary>
public sealed class BundleStagingTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_staged_copy_verifies_with_the_digests_taken_while_copying_and_each_user_file_is_read_once()
    {
        string nupkg = TestBundles.Package(temp.Combine("out"), "Acme.Lib", "1.2.0", symbols: true);
        (string manifestPath, _) = TestBundles.Bundle(nupkg);
        using var staging = StagingArea.Create(temp.Combine("stage"));

        StagedBundle staged = staging.StageBundle(manifestPath);
        BundleVerification verified = BundleVerifier.Verify(staged.ManifestPath, Array.Empty<LoadedTrustedKey>(), null, record: false, DateTimeOffset.UtcNow, knownSha256: staged.FileSha256);

        Assert.True(verified.IsVerified, string.Join("\n", verified.Findings.Select(f => f.Message)));
        Assert.Equal(3, staging.SourceFilesRead);
        Assert.Equal(2, staged.FileSha256.Count);
        Assert.StartsWith(staging.Directory, staged.Package!.PackagePath, StringComparison.Ordinal);
        Assert.Equal(Core.IO.Sha256.OfFile(manifestPath), staged.ManifestSha256);
    }

    [Fact]
    public void A_package_changed_after_pack_is_refused_while_staging()
    {
        string nupkg = TestBundles.Package(temp.Combine("out"), "Acme.Lib", "1.2.0");
        (string manifestPath, _) = TestBundles.Bundle(nupkg);
        TestBundles.Package(temp.Combine("out"), "Acme.Lib", "1.2.0", payload: "rebuilt after pack");
        using var staging = StagingArea.Create(temp.Combine("stage"));

        var refused = Assert.Throws<StagingException>(() => staging.StageBundle(manifestPath));

        Assert.Equal(Gov.BundleChecksumMismatch, refused.Descriptor);
        Assert.Empty(Directory.EnumerateFiles(staging.Directory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_file_the_manifest_does_not_list_is_reported_by_verifying_the_copy()
    {
        string nupkg = TestBundles.Package(temp.Combine("out"), "Acme.Lib", "1.2.0");
        (string manifestPath, _) = TestBundles.Bundle(nupkg);
        File.WriteAllText(Directory.CreateDirectory(temp.Combine("out/Acme.Lib.1.2.0.files")).FullName + "/planted.json", "{}");
        using var staging = StagingArea.Create(temp.Combine("stage"));

        StagedBundle staged = staging.StageBundle(manifestPath);
        BundleVerification verified = BundleVerifier.Verify(staged.ManifestPath, Array.Empty<LoadedTrustedKey>(), null, record: false, DateTimeOffset.UtcNow, knownSha256: staged.FileSha256);

        Diagnostic extra = Assert.Single(verified.Findings);
        Assert.Equal(Gov.BundleFileSetMismatch, extra.Descriptor);
        Assert.Contains("planted.json", extra.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_path_that_leaves_the_bundle_is_never_written_outside_the_staging_folder()
    {
        string nupkg = TestBundles.Package(temp.Combine("out"), "Acme.Lib", "1.2.0");
        (string manifestPath, BundleManifest manifest) = TestBundles.Bundle(nupkg);
        File.WriteAllText(temp.Combine("secret.txt"), "not for the feed");
        var hostile = manifest with
        {
            Files = manifest.Files.Append(new BundleFile("../secret.txt", new FileInfo(temp.Combine("secret.txt")).Length, Core.IO.Sha256.OfFile(temp.Combine("secret.txt")))).ToArray(),
        };
        File.WriteAllBytes(manifestPath, hostile.ToCanonicalJson());
        using var staging = StagingArea.Create(temp.Combine("stage"));

        StagedBundle staged = staging.StageBundle(manifestPath);
        BundleVerification verified = BundleVerifier.Verify(staged.ManifestPath, Array.Empty<LoadedTrustedKey>(), null, record: false, DateTimeOffset.UtcNow, knownSha256: staged.FileSha256);

        Assert.False(File.Exists(Path.Combine(staging.Directory, "secret.txt")));
        Assert.DoesNotContain(staged.FileSha256.Keys, k => k.EndsWith("secret.txt", StringComparison.Ordinal));
        Assert.False(verified.IsVerified);
    }
}
