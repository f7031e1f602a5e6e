using System;
using System.IO;
using System.Threading.Tasks;
using Governance.Cli.Publishing;
using Governance.Core.Bundles;
using Governance.Core.Diagnostics;

namespace Governance.Cli.Tests;

public sealed class StagingTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Each_bundle_file_is_read_once_and_the_staged_copy_is_what_the_manifest_records()
    {
        string nupkg = TestBundles.Package(temp.Combine("out"), "Acme.Lib", "1.2.0", symbols: true);
        (string manifestPath, BundleManifest manifest) = TestBundles.Bundle(nupkg);
        using var staging = StagingArea.Create(temp.Combine("stage"));

        StagedPackage staged = staging.Stage(manifestPath, manifest);

        long sizes = new FileInfo(nupkg).Length + new FileInfo(Path.ChangeExtension(nupkg, ".snupkg")).Length;
        Assert.Equal(2, staging.SourceFilesRead);
        Assert.Equal(sizes, staging.SourceBytesRead);
        Assert.Equal("Acme.Lib", staged.Identity.Id);
        Assert.StartsWith(staging.Directory, staged.PackagePath, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(nupkg), File.ReadAllBytes(staged.PackagePath));
        Assert.Equal(File.ReadAllBytes(Path.ChangeExtension(nupkg, ".snupkg")), File.ReadAllBytes(staged.SymbolsPath!));
        Assert.Equal(Path.GetFileNameWithoutExtension(staged.PackagePath), Path.GetFileNameWithoutExtension(staged.SymbolsPath));
        Assert.Equal(Core.IO.Sha256.OfFile(nupkg), staged.Sha256);
    }

    [Fact]
    public void The_content_hash_from_the_copy_pass_is_the_one_NuGet_computes()
    {
        using var staging = StagingArea.Create(temp.Combine("stage"));
        StagedPackage staged = TestBundles.Staged(staging, temp.Combine("out"), "Acme.Lib", "1.2.0");

        Assert.Equal(TestBundles.ContentHash(staged.PackagePath), staged.ContentHash);
    }

    [Fact]
    public async Task What_is_published_is_the_staged_copy_even_when_the_users_file_changes_afterwards()
    {
        string nupkg = TestBundles.Package(temp.Combine("out"), "Acme.Lib", "1.2.0", payload: "original");
        string original = TestBundles.ContentHash(nupkg);
        (string manifestPath, BundleManifest manifest) = TestBundles.Bundle(nupkg);
        using var staging = StagingArea.Create(temp.Combine("stage"));
        StagedPackage staged = staging.Stage(manifestPath, manifest);

        // A rebuild (or someone else) replaces the package in the user's folder after the check.
        TestBundles.Package(temp.Combine("out"), "Acme.Lib", "1.2.0", payload: "swapped");
        var feed = new FolderFeed(temp.Combine("feed"));
        await feed.PublishAsync(staged);

        Assert.Equal(original, (await feed.FindAsync("Acme.Lib", staged.Identity.Version))!.ContentHash);
        Assert.Equal(1, staging.SourceFilesRead);
    }

    [Fact]
    public void A_package_that_changed_after_pack_is_refused_with_GOV4001_and_nothing_is_staged()
    {
        string nupkg = TestBundles.Package(temp.Combine("out"), "Acme.Lib", "1.2.0", payload: "packed");
        (string manifestPath, BundleManifest manifest) = TestBundles.Bundle(nupkg);
        TestBundles.Package(temp.Combine("out"), "Acme.Lib", "1.2.0", payload: "tampered");
        File.SetLastWriteTimeUtc(nupkg, DateTime.UtcNow);
        using var staging = StagingArea.Create(temp.Combine("stage"));

        var ex = Assert.Throws<StagingException>(() => staging.Stage(manifestPath, manifest));

        Assert.Equal(Gov.BundleChecksumMismatch.Code, ex.Code);
        Assert.Contains(nupkg, ex.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was published", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(staging.Directory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_file_longer_than_recorded_is_refused_without_being_read_to_its_end()
    {
        string nupkg = TestBundles.Package(temp.Combine("out"), "Acme.Lib", "1.2.0");
        (string manifestPath, BundleManifest manifest) = TestBundles.Bundle(nupkg);
        using (var append = new FileStream(nupkg, FileMode.Append))
        {
            append.Write(new byte[4 << 20]);
        }

        using var staging = StagingArea.Create(temp.Combine("stage"));
        var ex = Assert.Throws<StagingException>(() => staging.Stage(manifestPath, manifest));

        Assert.Equal(Gov.BundleChecksumMismatch.Code, ex.Code);
        Assert.Equal(manifest.Files[0].Size + 1, staging.SourceBytesRead);
    }

    [Fact]
    public void A_missing_package_or_a_link_in_its_place_is_refused_with_GOV4002()
    {
        string nupkg = TestBundles.Package(temp.Combine("out"), "Acme.Lib", "1.2.0");
        (string manifestPath, BundleManifest manifest) = TestBundles.Bundle(nupkg);
        string elsewhere = temp.Combine("elsewhere.nupkg");
        File.Move(nupkg, elsewhere);
        using var staging = StagingArea.Create(temp.Combine("stage"));

        Assert.Equal(Gov.BundleFileSetMismatch.Code, Assert.Throws<StagingException>(() => staging.Stage(manifestPath, manifest)).Code);

        File.CreateSymbolicLink(nupkg, elsewhere);
        var link = Assert.Throws<StagingException>(() => staging.Stage(manifestPath, manifest));
        Assert.Equal(Gov.BundleFileSetMismatch.Code, link.Code);
        Assert.Contains("link", link.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_whose_package_is_another_package_is_refused_with_GOV4002()
    {
        string nupkg = TestBundles.Package(temp.Combine("out"), "Acme.Lib", "1.2.0");
        (string manifestPath, BundleManifest manifest) = TestBundles.Bundle(nupkg);
        using var staging = StagingArea.Create(temp.Combine("stage"));

        var ex = Assert.Throws<StagingException>(() => staging.Stage(manifestPath, manifest with { Version = "1.3.0" }));

        Assert.Equal(Gov.BundleFileSetMismatch.Code, ex.Code);
        Assert.Contains("Acme.Lib 1.2.0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_staging_folder_is_private_and_removed_on_dispose()
    {
        var staging = StagingArea.Create(temp.Combine("stage"));
        TestBundles.Staged(staging, temp.Combine("out"), "Acme.Lib", "1.2.0");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, new DirectoryInfo(staging.Directory).UnixFileMode);
        }

        staging.Dispose();

        Assert.False(Directory.Exists(staging.Directory));
    }
}
