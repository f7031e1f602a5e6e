using System;
using System.IO;
using Governance.Core.IO;

namespace Governance.Core.Tests.Lineage;

public class FileDigestCacheTests
{
    [Fact]
    public void An_unchanged_file_is_not_hashed_again_and_a_changed_one_is()
    {
        using var dir = new TempDirectory();
        string a = dir.Write("a.txt", "alpha");
        string b = dir.Write("b.txt", "beta");
        string cacheFile = dir.Combine("obj/digests.cache");

        FileDigestCache first = FileDigestCache.Load(cacheFile);
        Assert.Equal(Sha256.OfFile(a), first.Digest(a));
        first.Digest(b);
        first.Save(cacheFile);
        Assert.Equal(2, first.FilesHashed);

        File.WriteAllText(b, "beta, longer");
        FileDigestCache second = FileDigestCache.Load(cacheFile);
        Assert.Equal(Sha256.OfFile(a), second.Digest(a));
        Assert.Equal(Sha256.OfFile(b), second.Digest(b));
        Assert.Equal(1, second.FilesHashed);
    }

    [Fact]
    public void The_cache_trusts_size_and_timestamp_so_a_same_size_edit_with_the_old_timestamp_is_not_seen()
    {
        // The documented trade-off (the same one MSBuild's Inputs/Outputs make), pinned by a test.
        using var dir = new TempDirectory();
        string a = dir.Write("a.txt", "alpha");
        string cacheFile = dir.Combine("digests.cache");
        FileDigestCache cache = FileDigestCache.Load(cacheFile);
        string original = cache.Digest(a);
        cache.Save(cacheFile);
        DateTime stamp = File.GetLastWriteTimeUtc(a);

        File.WriteAllText(a, "ALPHA");
        File.SetLastWriteTimeUtc(a, stamp);

        Assert.Equal(original, FileDigestCache.Load(cacheFile).Digest(a));
        File.SetLastWriteTimeUtc(a, stamp.AddSeconds(1));
        Assert.Equal(Sha256.OfFile(a), FileDigestCache.Load(cacheFile).Digest(a));
    }

    [Fact]
    public void A_damaged_or_foreign_cache_is_ignored_and_an_unchanged_cache_is_not_rewritten()
    {
        using var dir = new TempDirectory();
        string a = dir.Write("a.txt", "alpha");
        string damaged = dir.Write("damaged.cache", "# Governance.Sdk file digest cache v1\nnot\ta\tvalid line\n");
        string foreign = dir.Write("foreign.cache", "something else\n");

        Assert.Equal(Sha256.OfFile(a), FileDigestCache.Load(damaged).Digest(a));
        Assert.Equal(Sha256.OfFile(a), FileDigestCache.Load(foreign).Digest(a));

        string cacheFile = dir.Combine("digests.cache");
        FileDigestCache cache = FileDigestCache.Load(cacheFile);
        cache.Digest(a);
        cache.Save(cacheFile);
        DateTime written = File.GetLastWriteTimeUtc(cacheFile);
        File.SetLastWriteTimeUtc(cacheFile, written.AddMinutes(-5));

        FileDigestCache again = FileDigestCache.Load(cacheFile);
        again.Digest(a);
        again.Save(cacheFile);

        Assert.Equal(written.AddMinutes(-5), File.GetLastWriteTimeUtc(cacheFile));
        Assert.Equal(0, again.FilesHashed);
    }

    [Fact]
    public void A_missing_file_throws_so_callers_can_report_it()
    {
        using var dir = new TempDirectory();
        Assert.Throws<FileNotFoundException>(() => FileDigestCache.Empty().Digest(dir.Combine("missing.txt")));
    }
}
