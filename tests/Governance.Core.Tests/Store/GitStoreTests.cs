using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Governance.Core.Diagnostics;
using Governance.Core.Store;

namespace Governance.Core.Tests.Store;

/// <summary>
/// What only the git backend does: a store named by a remote of the checkout, shared by clones,
/// history that must never be rewritten, and remotes that cannot be reached.
/// </summary>
public class GitStoreTests
{
    private static string Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process git = Process.Start(start)!;
        string output = git.StandardOutput.ReadToEnd();
        string error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(" ", arguments)}: {error}");
        return output.Trim();
    }

    /// <summary>An origin with a commit, and <paramref name="clones"/> checkouts of it.</summary>
    private static string[] Clones(TempDirectory dir, int clones)
    {
        string origin = dir.Combine("origin.git");
        Git(dir.Path, "init", "--bare", "--quiet", origin);
        return Enumerable.Range(0, clones).Select(i =>
        {
            string clone = dir.Combine("clone" + i);
            Git(dir.Path, "clone", "--quiet", origin, clone);
            return clone;
        }).ToArray();
    }

    private static StreamAppend Append(string writer) =>
        new("ledger", "1", w => w.WriteString("writer", writer), _ => false, Gov.StoreTampered, "the test ledger");

    [Fact]
    public void Two_clones_appending_at_once_over_git_origin_form_one_chain()
    {
        using var dir = new TempDirectory();
        string[] clones = Clones(dir, 2);

        Parallel.For(0, 2, c =>
        {
            for (int i = 0; i < 12; i++)
            {
                Assert.NotNull(HashChain.Append(ReleaseStoreFactory.Open("git:origin", clones[c]), Append($"c{c}-{i}")).Appended);
            }
        });

        ChainRead read = HashChain.Read(ReleaseStoreFactory.Open("git:origin", clones[0]), "ledger", "1");
        Assert.Null(read.Problem);
        Assert.Equal(24, read.Entries.Count);
        Assert.Equal(Enumerable.Range(1, 24).Select(i => (long)i), read.Entries.Select(e => e.Sequence));
        Assert.Contains("refs/governance/store", Git(clones[1], "ls-remote", "origin"));
    }

    [Fact]
    public void A_force_push_that_rewrites_or_deletes_the_store_is_tampering_not_a_reset()
    {
        using var dir = new TempDirectory();
        string clone = Clones(dir, 1)[0];
        ReleaseStoreFactory.Open("git:origin", clone).CreateRecord("bundles/a/1.0.0/bundle.json", Encoding.UTF8.GetBytes("released"));
        Assert.NotNull(ReleaseStoreFactory.Open("git:origin", clone).ReadRecord("bundles/a/1.0.0/bundle.json"));

        // Someone with push rights replaces the ref with an unrelated history (an empty store).
        string empty = Git(clone, "commit-tree", Git(clone, "mktree"), "-m", "reset");
        Git(clone, "push", "--quiet", "--force", "origin", $"{empty}:refs/governance/store");

        var rewritten = Assert.Throws<StoreIntegrityException>(() => ReleaseStoreFactory.Open("git:origin", clone).ReadRecord("bundles/a/1.0.0/bundle.json"));
        Assert.Contains("does not extend", rewritten.Message);
        Assert.Contains("history was rewritten", rewritten.Message);

        Git(clone, "push", "--quiet", "origin", ":refs/governance/store");
        var deleted = Assert.Throws<StoreIntegrityException>(() => ReleaseStoreFactory.Open("git:origin", clone).ListRecords("bundles/"));
        Assert.Contains("was deleted from the remote", deleted.Message);
    }

    [Fact]
    public void An_unreachable_remote_or_an_unknown_remote_name_is_a_clear_configuration_error()
    {
        using var dir = new TempDirectory();
        string clone = Clones(dir, 1)[0];
        Git(clone, "remote", "add", "gone", dir.Combine("does-not-exist.git"));

        var unreachable = Assert.Throws<StoreUnavailableException>(() => ReleaseStoreFactory.Open("git:gone", clone).ReadStream("ledger"));
        var unknown = Assert.Throws<StoreLocationException>(() => ReleaseStoreFactory.Open("git:upstream", clone));

        Assert.Contains("cannot be reached", unreachable.Message);
        Assert.Contains("does-not-exist.git", unreachable.Message);
        Assert.Contains("names a remote that the repository", unknown.Message);
    }

    [Fact]
    public void Credentials_in_a_remote_URL_are_never_shown()
    {
        using var dir = new TempDirectory();
        string clone = Clones(dir, 1)[0];

        // A closed loopback port: refused at once, and the message must not carry the token.
        var refused = Assert.Throws<StoreUnavailableException>(() =>
            ReleaseStoreFactory.Open("git:https://ci-bot:s3cret-token@127.0.0.1:9/contoso/app.git", clone).ReadRecord("bundles/x/1.0.0/bundle.json"));

        Assert.DoesNotContain("s3cret-token", refused.Message);
        Assert.Contains("git:https://127.0.0.1:9/contoso/app.git", refused.Message);
    }
    [Fact]
    public void A_decoy_ref_whose_name_ends_like_the_store_ref_is_never_read_as_the_store()
    {
        using var dir = new TempDirectory();
        string clone = Clones(dir, 1)[0];
        ReleaseStoreFactory.Open("git:origin", clone).CreateRecord("bundles/a/1.0.0/bundle.json", Encoding.UTF8.GetBytes("released"));

        // git ls-remote matches the tail of ref names, and this decoy (an empty store) sorts first.
        string empty = Git(clone, "commit-tree", Git(clone, "mktree"), "-m", "decoy");
        Git(clone, "push", "--quiet", "origin", $"{empty}:refs/decoy/refs/governance/store");
        Assert.StartsWith(empty, Git(clone, "ls-remote", "origin", "refs/governance/store"));

        using var fresh = new TempDirectory();
        var store = ReleaseStoreFactory.Open("git:origin", clone, name => name == "GOVERNANCE_STORE_CACHE" ? fresh.Path : null);
        StoreRecord? record = store.ReadRecord("bundles/a/1.0.0/bundle.json");

        Assert.NotNull(record);
        Assert.Equal("released", Encoding.UTF8.GetString(record!.Content));
    }

    [Fact]
    public void A_remote_that_would_run_a_command_is_refused_not_run()
    {
        using var dir = new TempDirectory();
        string clone = Clones(dir, 1)[0];
        string marker = dir.Combine("ran");
        Git(clone, "remote", "add", "hostile", $"ext::sh -c touch% {marker}");
        Git(clone, "config", "protocol.ext.allow", "always");
        Git(clone, "config", "remote.option.url", "--upload-pack=touch " + marker);

        var ext = Assert.Throws<StoreUnavailableException>(() => ReleaseStoreFactory.Open("git:hostile", clone).ReadStream("ledger"));
        var option = Assert.Throws<StoreLocationException>(() => ReleaseStoreFactory.Open("git:option", clone));

        Assert.Contains("cannot be reached", ext.Message);
        Assert.Contains("which git would read as an option", option.Message);
        Assert.False(File.Exists(marker), "a store address ran a command");
    }
}
