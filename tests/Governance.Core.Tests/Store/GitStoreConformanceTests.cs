using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Governance.Core.Tests.Store;

/// <summary>
/// The git backend against the conformance suite, over a real bare repository as the remote
/// (<c>git:&lt;path&gt;</c>). The scratch folder is itself a git repository, so each opened store
/// keeps its cache in <c>.git/governance/stores/</c> as it would in a checkout; the racing writer
/// processes each get a cache of their own, as separate CI machines would.
/// </summary>
public sealed class GitStoreConformanceTests : ReleaseStoreConformance
{
    protected override string CreateLocation(TempDirectory scratch)
    {
        Git(scratch.Path, "init", "--quiet", "--initial-branch=main", scratch.Path);
        string remote = scratch.Combine("remote.git");
        Git(scratch.Path, "init", "--bare", "--quiet", remote);
        return "git:" + remote;
    }

    protected override void TamperWithRecord(string location, string key) => PushEdit(location, clone =>
    {
        string hex = File.ReadAllText(Path.Combine(clone, "records", key)).Trim().Substring("sha256:".Length);
        File.WriteAllText(Path.Combine(clone, "objects", "sha256", hex.Substring(0, 2), hex.Substring(2)), "edited");
    });

    protected override void DamageRecordReference(string location, string key) =>
        PushEdit(location, clone => File.WriteAllText(Path.Combine(clone, "records", key), "{ \"files\": [] }"));

    protected override void RemoveNewestEntry(string location, string stream) => PushEdit(location, clone =>
        File.Delete(Directory.GetFiles(Path.Combine(new[] { clone, "streams" }.Concat(stream.Split('/')).ToArray()), "*.json").OrderBy(f => f, System.StringComparer.Ordinal).Last()));

    /// <summary>A killed writer leaves a private index and a lock on the cache's ref, and a commit it never pushed.</summary>
    protected override void LeaveTornWrites(string location, string key, string stream)
    {
        string scratch = Path.GetDirectoryName(location.Substring("git:".Length))!;
        string cache = Directory.GetDirectories(Path.Combine(scratch, ".git", "governance", "stores")).Single();
        File.WriteAllText(Path.Combine(cache, "index-0123"), "torn");
        File.WriteAllText(Path.Combine(cache, "refs", "governance", "store.lock"), "0123");
    }

    /// <summary>What someone with push rights can do: clone the store's ref, edit it, push a fast-forward commit.</summary>
    private static void PushEdit(string location, System.Action<string> edit)
    {
        string remote = location.Substring("git:".Length);
        string clone = Path.Combine(Path.GetDirectoryName(remote)!, "tamper-" + System.Guid.NewGuid().ToString("N"));
        Git(Path.GetDirectoryName(remote)!, "init", "--quiet", clone);
        Git(clone, "fetch", "--quiet", remote, "refs/governance/store");
        Git(clone, "checkout", "--quiet", "FETCH_HEAD");
        edit(clone);
        Git(clone, "-c", "user.name=mallory", "-c", "user.email=mallory@example.invalid", "commit", "--quiet", "-a", "-m", "edit");
        Git(clone, "push", "--quiet", remote, "HEAD:refs/governance/store");
    }

    private static void Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process git = Process.Start(start)!;
        string error = git.StandardError.ReadToEnd();
        git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(" ", arguments)}: {error}");
    }
}
