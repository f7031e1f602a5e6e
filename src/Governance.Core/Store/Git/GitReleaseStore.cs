using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Governance.Core.IO;

namespace Governance.Core.Store.Git;

/// <summary>
/// The release store as the ref <c>refs/governance/store</c> of a git remote (<c>git:origin</c>):
/// no new infrastructure, since every CI job has git and release jobs can push. The ref's tree
/// keeps <see cref="StoreLayout"/>, so it copies to and from the other backends file for file.
/// <list type="bullet">
/// <item>Reads fetch the ref once per store instance (a command), into a bare cache repository
/// inside the local repository's <c>.git/governance/stores/</c>.</item>
/// <item>Every write is one commit on the ref, pushed as a fast-forward: git refuses a push that
/// does not extend the ref it finds, which is the compare-and-swap. A refused push is fetched,
/// re-validated (a create-only record now there wins; an entry now taken is taken) and retried
/// with backoff, a bounded number of times.</item>
/// <item>History is never rewritten: the cache's own copy of the ref is the last head this
/// machine saw, and a fetched head that does not extend it (a force-push that rewrote or
/// truncated the ref, or deleted it) is refused as tampering, never taken as a reset.</item>
/// </list>
/// </summary>
public sealed class GitReleaseStore : IReleaseStore
{
    public const string Ref = "refs/governance/store";
    public const string Scheme = "git:";

    private const int MaxAttempts = 40;

    private static readonly Dictionary<string, string> Identity = new()
    {
        ["GIT_AUTHOR_NAME"] = "Governance.Sdk",
        ["GIT_AUTHOR_EMAIL"] = "governance-sdk@localhost",
        ["GIT_COMMITTER_NAME"] = "Governance.Sdk",
        ["GIT_COMMITTER_EMAIL"] = "governance-sdk@localhost",
    };

    private readonly string remote;
    private readonly string cache;

    /// <summary>The head this instance read, or null when the ref does not exist; fetched on first use.</summary>
    private string? head;
    private bool fetched;

    private GitReleaseStore(string remote, string description, string cache)
    {
        this.remote = remote;
        Description = description;
        this.cache = cache;
    }

    public string Description { get; }

    /// <summary>Opens <c>git:&lt;remote&gt;</c>: a remote's name in the repository at <paramref name="baseDirectory"/>, or a path or URL.</summary>
    /// <exception cref="StoreLocationException">The remote cannot be named.</exception>
    /// <exception cref="StoreUnavailableException">git is missing.</exception>
    public static GitReleaseStore Open(string location, string baseDirectory, Func<string, string?> environment)
    {
        string name = location.Substring(Scheme.Length).Trim();
        if (name.Length == 0)
        {
            throw new StoreLocationException($"The release store '{location}' names no remote. Write git:origin (a remote of the repository), or git: followed by a path or URL.");
        }

        string url;
        if (name.IndexOfAny(new[] { '/', '\\', ':' }) < 0 && name != "." && name != "..")
        {
            GitResult named = GitCommand.Run(baseDirectory, new[] { "remote", "get-url", name });
            if (!named.Succeeded)
            {
                throw new StoreLocationException($"The release store 'git:{name}' names a remote that the repository at {baseDirectory} does not have. Add it (git remote add {name} <url>), or write git: followed by a path or URL.");
            }

            url = named.Text;
        }
        else
        {
            url = name.IndexOf("://", StringComparison.Ordinal) >= 0 || name.StartsWith("git@", StringComparison.Ordinal) ? name : Path.GetFullPath(Path.Combine(baseDirectory, name));
        }

        if (url.StartsWith("-", StringComparison.Ordinal))
        {
            // git would read it as an option (--upload-pack=<command> runs a program).
            throw new StoreLocationException($"The release store 'git:{name}' resolves to '{Redact(url)}', which git would read as an option. Name a remote, a path or a URL.");
        }

        string id = Sha256.OfBytes(Encoding.UTF8.GetBytes(url)).Substring(0, 16);
        string cacheRoot = environment("GOVERNANCE_STORE_CACHE") is { Length: > 0 } configured
            ? configured
            : GitCommand.Run(baseDirectory, new[] { "rev-parse", "--path-format=absolute", "--git-common-dir" }) is { Succeeded: true } repository
                ? Path.Combine(repository.Text, "governance", "stores")
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "governance", "stores");
        return new GitReleaseStore(url, $"git:{Redact(url)} ({Ref})", Path.Combine(cacheRoot, id));
    }

    public StoreRecord? ReadRecord(string key)
    {
        string pointerPath = StoreLayout.RecordPath(key);
        EnsureFetched();
        return head is null ? null : ReadRecordAt(head, key, pointerPath);
    }

    public StoreRecord CreateRecord(string key, byte[] content)
    {
        string pointerPath = StoreLayout.RecordPath(key);
        string hex = Sha256.OfBytes(content);
        StoreRecord? existing = null;
        string objectPath = StoreLayout.ObjectPath(hex);
        Write($"record {key}", () =>
        {
            existing = head is null ? null : ReadRecordAt(head, key, pointerPath);
            if (existing is not null)
            {
                return null;
            }

            // Content already stored under this digest is only trusted when it still matches it:
            // writing it again would quietly repair a tampered store, and say nothing.
            byte[]? stored = head is null ? null : ReadBlobs(head, new[] { objectPath })[0];
            if (stored is not null)
            {
                StoreLayout.Verified(key, hex, stored, Where(objectPath));
                return new[] { (pointerPath, StoreLayout.Pointer(hex)) };
            }

            return new[] { (objectPath, content), (pointerPath, StoreLayout.Pointer(hex)) };
        });
        return existing ?? ReadRecordAt(head!, key, pointerPath) ?? throw new IOException($"The record {key} is missing from {Description} right after it was pushed.");
    }

    public IReadOnlyList<string> ListRecords(string prefix)
    {
        string folder = StoreLayout.RecordsFolder + "/" + (prefix.Length == 0 ? string.Empty : string.Join("/", StoreKey.Segments(prefix.TrimEnd('/'))) + "/");
        EnsureFetched();
        if (head is null)
        {
            return Array.Empty<string>();
        }

        return Git("ls-tree", "-r", "--name-only", head, "--", folder).Text
            .Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(path => path.Substring(StoreLayout.RecordsFolder.Length + 1))
            .OrderBy(k => k, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The next read fetches the remote again.</summary>
    public void Refresh() => fetched = false;

    public IReadOnlyList<string> ListStreams()
    {
        EnsureFetched();
        if (head is null)
        {
            return Array.Empty<string>();
        }

        return Git("ls-tree", "-r", "--name-only", head, "--", StoreLayout.StreamsFolder + "/").Text
            .Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => StoreLayout.SequenceOf(path.Substring(path.LastIndexOf('/') + 1)) is not null)
            .Select(path => path.Substring(StoreLayout.StreamsFolder.Length + 1, path.LastIndexOf('/') - StoreLayout.StreamsFolder.Length - 1))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToArray();
    }

    public IReadOnlyList<StreamEntry> ReadStream(string stream)
    {
        string folder = StoreLayout.StreamFolder(stream) + "/";
        EnsureFetched();
        if (head is null)
        {
            return Array.Empty<StreamEntry>();
        }

        (string Path, long Sequence)[] entries = Git("ls-tree", "--name-only", head, "--", folder).Text
            .Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(path => (Path: path, Sequence: StoreLayout.SequenceOf(path.Substring(path.LastIndexOf('/') + 1))))
            .Where(e => e.Sequence is not null)
            .Select(e => (e.Path, e.Sequence!.Value))
            .OrderBy(e => e.Value)
            .ToArray();
        IReadOnlyList<byte[]?> contents = ReadBlobs(head, entries.Select(e => e.Path).ToArray());
        return entries.Select((e, i) => new StreamEntry(e.Sequence, contents[i] ?? Array.Empty<byte>(), Where(e.Path))).ToArray();
    }

    public bool TryAppend(string stream, long sequence, byte[] content)
    {
        if (sequence < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), "Stream entries are numbered from 1.");
        }

        string path = StoreLayout.StreamFolder(stream) + "/" + StoreLayout.EntryName(sequence);
        bool taken = false;
        Write($"append {stream} #{sequence}", () =>
        {
            taken = head is not null && ReadBlobs(head, new[] { path })[0] is not null;
            return taken ? null : new[] { (path, content) };
        });
        return !taken;
    }

    /// <summary>
    /// Pushes one commit adding the files <paramref name="change"/> asks for (null: nothing to do,
    /// decided on the head just read), retrying on a refused push after fetching again.
    /// </summary>
    private void Write(string message, Func<(string Path, byte[] Content)[]?> change)
    {
        EnsureFetched();
        var random = new Random(Guid.NewGuid().GetHashCode());
        for (int attempt = 1; ; attempt++)
        {
            (string Path, byte[] Content)[]? files = change();
            if (files is null)
            {
                return;
            }

            string commit = CommitOnHead(files, message);
            FaultPoint.Reach(FaultPoint.GitStoreCommitted);
            GitResult push = Git(new[] { "push", "--quiet", "--no-verify", remote, $"{commit}:{Ref}" }, check: false);
            if (push.Succeeded)
            {
                FaultPoint.Reach(FaultPoint.GitStorePushed);
                Advance(commit);
                return;
            }

            if (!IsRefusedAsStale(push.Error))
            {
                throw new StoreUnavailableException($"The release store {Description} refused the push: {FirstLine(push.Error)}. Check that this job may push to the remote (on GitHub Actions: permissions: contents: write).");
            }

            if (attempt == MaxAttempts)
            {
                throw new StoreUnavailableException($"The release store {Description} stayed busy: {MaxAttempts} pushes in a row found another writer's commit first. Try again.");
            }

            // Another writer won: read what it wrote, and decide again.
            System.Threading.Thread.Sleep(random.Next(5, 20 * Math.Min(attempt, 10)));
            fetched = false;
            EnsureFetched();
        }
    }

    /// <summary>A commit on the current head (or a first one) that adds <paramref name="files"/>, built in a private index.</summary>
    private string CommitOnHead((string Path, byte[] Content)[] files, string message)
    {
        string index = Path.Combine(cache, "index-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>(Identity) { ["GIT_INDEX_FILE"] = index };
        try
        {
            if (head is not null)
            {
                Git(new[] { "read-tree", head }, environment: environment);
            }

            foreach ((string path, byte[] content) in files)
            {
                string blob = Git(new[] { "hash-object", "-w", "--stdin" }, content).Text;
                Git(new[] { "update-index", "--add", "--cacheinfo", $"100644,{blob},{path}" }, environment: environment);
            }

            string tree = Git(new[] { "write-tree" }, environment: environment).Text;
            var commit = new List<string> { "commit-tree", tree, "-m", message };
            if (head is not null)
            {
                commit.Add("-p");
                commit.Add(head);
            }

            return Git(commit.ToArray(), environment: environment).Text;
        }
        finally
        {
            File.Delete(index);
        }
    }

    /// <summary>Reads the remote's head once (until a write finds it stale) and checks it extends the last head this machine saw.</summary>
    private void EnsureFetched()
    {
        if (fetched)
        {
            return;
        }

        if (!File.Exists(Path.Combine(cache, "HEAD")))
        {
            CreateCache();
        }

        for (int attempt = 0; ; attempt++)
        {
            GitResult listed = Git(new[] { "ls-remote", remote, Ref }, check: false);
            if (!listed.Succeeded)
            {
                throw new StoreUnavailableException($"The release store {Description} cannot be reached: {FirstLine(listed.Error)}. Check the remote's address and this job's credentials (git ls-remote must work).");
            }

            string? remoteHead = ExactRef(listed.Text);
            if (remoteHead is not null && !Git(new[] { "cat-file", "-e", remoteHead + "^{commit}" }, check: false).Succeeded)
            {
                string incoming = "refs/governance/incoming/" + Guid.NewGuid().ToString("N");
                GitResult fetch = Git(new[] { "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", remote, $"+{Ref}:{incoming}" }, check: false);
                Git(new[] { "update-ref", "-d", incoming }, check: false);
                if (!fetch.Succeeded && !Git(new[] { "cat-file", "-e", remoteHead + "^{commit}" }, check: false).Succeeded)
                {
                    // The ref moved between listing and fetching: list again.
                    if (attempt < 3)
                    {
                        continue;
                    }

                    throw new StoreUnavailableException($"The release store {Description} cannot be fetched: {FirstLine(fetch.Error)}.");
                }
            }

            string? seen = LocalHead();
            if (seen is not null && remoteHead != seen && (remoteHead is null || !IsAncestor(seen, remoteHead)))
            {
                // Behind what this machine saw: another writer here may have pushed since the
                // listing (then a second look finds it), else the remote lost history.
                if (remoteHead is not null && IsAncestor(remoteHead, seen) && attempt < 1)
                {
                    continue;
                }

                throw new StoreIntegrityException(
                    remoteHead is null
                        ? $"the ref {Ref} was deleted from the remote, though this machine saw it at {Short(seen)}: the store's history was removed"
                        : $"the ref {Ref} is at {Short(remoteHead)}, which does not extend {Short(seen)}, the head this machine saw: the store's history was rewritten (a force-push)",
                    Description);
            }

            head = remoteHead;
            if (head is not null)
            {
                Advance(head);
            }

            fetched = true;
            return;
        }
    }

    /// <summary>
    /// Makes the bare cache repository beside a temporary name and renames it into place: several
    /// processes opening the store for the first time at once each find a whole repository, never
    /// one another's half-initialised one.
    /// </summary>
    private void CreateCache()
    {
        string parent = Path.GetDirectoryName(cache)!;
        Directory.CreateDirectory(parent);
        string temporary = cache + "." + Guid.NewGuid().ToString("N") + ".tmp";
        GitResult init = GitCommand.Run(parent, new[] { "init", "--bare", "--quiet", temporary });
        if (!init.Succeeded)
        {
            throw new StoreUnavailableException($"The cache of the release store {Description} cannot be made in {parent}: {FirstLine(init.Error)}.");
        }

        try
        {
            Directory.Move(temporary, cache);
        }
        catch (IOException) when (File.Exists(Path.Combine(cache, "HEAD")))
        {
            // Another process made it first: theirs is as good.
            Directory.Delete(temporary, recursive: true);
        }
    }

    /// <summary>Moves the cache's own ref (the last head seen) forward to <paramref name="commit"/>, never back or sideways.</summary>
    private void Advance(string commit)
    {
        for (int attempt = 0; attempt < 10; attempt++)
        {
            string? current = LocalHead();
            if (current == commit || (current is not null && IsAncestor(commit, current)))
            {
                head = commit;
                return;
            }

            if (current is not null && !IsAncestor(current, commit))
            {
                throw new StoreIntegrityException($"the store's head {Short(commit)} does not extend {Short(current)}, the head this machine saw: the store's history was rewritten", Description);
            }

            // Compare-and-swap on the local ref: another process here may move it at the same time.
            if (Git(new[] { "update-ref", Ref, commit, current ?? new string('0', 40) }, check: false).Succeeded)
            {
                head = commit;
                return;
            }
        }

        head = commit;
    }

    private string? LocalHead()
    {
        GitResult local = Git(new[] { "rev-parse", "--verify", "--quiet", Ref + "^{commit}" }, check: false);
        return local.Succeeded ? local.Text : null;
    }

    private bool IsAncestor(string ancestor, string descendant) =>
        Git(new[] { "merge-base", "--is-ancestor", ancestor, descendant }, check: false).ExitCode == 0;

    private StoreRecord? ReadRecordAt(string commit, string key, string pointerPath)
    {
        byte[]? pointer = ReadBlobs(commit, new[] { pointerPath })[0];
        if (pointer is null)
        {
            return null;
        }

        string hex = StoreLayout.ParsePointer(key, pointer, Where(pointerPath));
        string objectPath = StoreLayout.ObjectPath(hex);
        return StoreLayout.Verified(key, hex, ReadBlobs(commit, new[] { objectPath })[0], Where(objectPath));
    }

    /// <summary>The blobs at <paramref name="paths"/> in <paramref name="commit"/> (null where there is none), in one git process.</summary>
    private IReadOnlyList<byte[]?> ReadBlobs(string commit, IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            return Array.Empty<byte[]?>();
        }

        byte[] request = Encoding.UTF8.GetBytes(string.Concat(paths.Select(p => $"{commit}:{p}\n")));
        byte[] output = Git(new[] { "cat-file", "--batch" }, request).Output;
        var blobs = new List<byte[]?>(paths.Count);
        int position = 0;
        for (int i = 0; i < paths.Count; i++)
        {
            int end = Array.IndexOf(output, (byte)'\n', position);
            string header = Encoding.UTF8.GetString(output, position, end - position);
            position = end + 1;
            string[] parts = header.Split(' ');
            if (parts.Length != 3 || parts[1] != "blob")
            {
                blobs.Add(null); // "<path> missing", or not a file
                continue;
            }

            int size = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
            var blob = new byte[size];
            Array.Copy(output, position, blob, 0, size);
            blobs.Add(blob);
            position += size + 1;
        }

        return blobs;
    }

    private GitResult Git(params string[] arguments) => Git(arguments, null);

    private GitResult Git(string[] arguments, byte[]? input = null, IReadOnlyDictionary<string, string>? environment = null, bool check = true)
    {
        GitResult result = GitCommand.Run(cache, arguments, input, environment);
        if (check && !result.Succeeded)
        {
            throw new StoreUnavailableException($"The release store {Description} could not be read or written (git {arguments[0]}: {FirstLine(result.Error)}).");
        }

        return result;
    }

    private string Where(string path) => $"{Description}:{path}";

    /// <summary>
    /// The head of exactly <see cref="Ref"/> in <c>git ls-remote</c> output. ls-remote matches its
    /// pattern against the tail of every ref name, so a decoy such as <c>refs/decoy/refs/governance/store</c>
    /// is listed too, and sorts first.
    /// </summary>
    private static string? ExactRef(string listing) =>
        listing.Split('\n')
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length == 2 && fields[1].Trim() == Ref)
            .Select(fields => fields[0].Trim())
            .FirstOrDefault();

    /// <summary>A push git refused because the ref moved on (another writer), as opposed to an access or network failure.</summary>
    private static bool IsRefusedAsStale(string error) =>
        error.IndexOf("[rejected]", StringComparison.Ordinal) >= 0 || error.IndexOf("non-fast-forward", StringComparison.Ordinal) >= 0 ||
        error.IndexOf("fetch first", StringComparison.Ordinal) >= 0 || error.IndexOf("cannot lock ref", StringComparison.Ordinal) >= 0 ||
        error.IndexOf("failed to update ref", StringComparison.Ordinal) >= 0;

    private static string FirstLine(string text)
    {
        string line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "no message";
        return Redact(line);
    }

    /// <summary>A URL as messages may show it: without user, password or token.</summary>
    private static string Redact(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        int at = scheme < 0 ? -1 : url.IndexOf('@', scheme + 3);
        int slash = scheme < 0 ? -1 : url.IndexOf('/', scheme + 3);
        return at > 0 && (slash < 0 || at < slash) ? url.Substring(0, scheme + 3) + url.Substring(at + 1) : ReleaseStoreFactory.Describe(url);
    }

    private static string Short(string commit) => commit.Length > 12 ? commit.Substring(0, 12) : commit;
}
