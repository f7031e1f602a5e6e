using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Governance.Core.IO;
using Governance.Core.Store;

namespace Governance.Store.AzureBlob;

/// <summary>
/// The release store as an Azure Blob Storage container (<c>azblob:&lt;container URL&gt;</c>), in the
/// one <see cref="StoreLayout"/> of every backend, a blob per file, so a store copies between
/// backends as it is: <c>objects/sha256/&lt;2 hex&gt;/&lt;62 hex&gt;</c> holds each record's content
/// under its digest, <c>records/&lt;key&gt;</c> holds <c>sha256:&lt;hex&gt;\n</c>,
/// <c>streams/&lt;stream&gt;/&lt;12-digit sequence&gt;.json</c> holds stream entries.
/// <para>
/// Every write is one Put Blob request with <c>If-None-Match: *</c>, which the service evaluates
/// atomically: of two writers of one name exactly one succeeds, and a Put Blob is all or nothing,
/// so a killed writer leaves no torn blob (at worst an object no record names yet). Every read is
/// verified against its digest. Transient failures are retried by the SDK (bounded, with
/// exponential backoff); what remains is a <see cref="StoreUnavailableException"/>.
/// </para>
/// </summary>
public sealed class AzureBlobReleaseStore : IReleaseStore
{
    /// <summary>
    /// Downloads in flight while reading a stream: a stream is read whole before every append, and
    /// one request after another would make reading a long ledger take a round trip per entry.
    /// </summary>
    private const int ReadParallelism = 16;

    private readonly BlobContainerClient container;
    private readonly string display;
    private readonly int tries;
    private readonly string credentials;

    /// <summary>
    /// Stream entries already read or written by this instance, by blob name, with the ETag they
    /// had. Entries are create-only, so a listing that shows the same ETag means the same bytes and
    /// the entry is not downloaded again (appends re-read the whole stream each time); an entry
    /// overwritten behind the store's back gets a new ETag and is read afresh, so the cache never
    /// hides tampering from the chain's verification. ETags are kept without their quotes: the
    /// service quotes them in headers and not in listings.
    /// </summary>
    private readonly ConcurrentDictionary<string, (string ETag, byte[] Content)> entries = new(StringComparer.Ordinal);

    /// <param name="container">The container, with its credential.</param>
    /// <param name="display">The location as messages may show it (no SAS).</param>
    /// <param name="tries">How many times the client sends a request before it gives up, for messages.</param>
    /// <param name="credentials">Where the credentials came from and what they need, for a refusal.</param>
    internal AzureBlobReleaseStore(BlobContainerClient container, string display, int tries, string credentials)
    {
        this.container = container;
        this.display = display;
        this.tries = tries;
        this.credentials = credentials;
        Description = container.Uri.GetLeftPart(UriPartial.Path);
    }

    /// <summary>The container's URL, never its query (which may hold a SAS).</summary>
    public string Description { get; }

    public StoreRecord? ReadRecord(string key)
    {
        string pointerName = RecordName(key);
        return Guard(() => Read(key, pointerName));
    }

    public StoreRecord CreateRecord(string key, byte[] content)
    {
        string pointerName = RecordName(key);
        return Guard(() =>
        {
            string hex = Sha256.OfBytes(content);
            string objectName = StoreLayout.ObjectPath(hex);

            // The content first: an object no record names yet is harmless, a record naming no
            // object is not. An object already there is only trusted when it still holds what its
            // name says.
            if (!TryCreate(objectName, content, out _))
            {
                byte[] existing = Download(objectName)?.Content ?? throw Unfinished(objectName);
                if (Sha256.OfBytes(existing) != hex)
                {
                    throw new StoreIntegrityException($"the stored content sha256:{hex}, which the record {key} would name, does not match its digest: it was edited in the store", Location(objectName));
                }
            }

            // Taken or not, what is there afterwards is the answer, read back and verified.
            TryCreate(pointerName, StoreLayout.Pointer(hex), out _);
            return Read(key, pointerName) ?? throw Unfinished(pointerName);
        });
    }

    public IReadOnlyList<string> ListRecords(string prefix)
    {
        string trimmed = prefix.TrimEnd('/');
        string folder = trimmed.Length == 0 ? StoreLayout.RecordsFolder + "/" : RecordName(trimmed) + "/";
        return Guard(() => container.GetBlobs(new GetBlobsOptions { Prefix = folder, Traits = BlobTraits.Metadata })
            .Where(blob => !IsFolderMarker(blob))
            .Select(blob => blob.Name.Substring(StoreLayout.RecordsFolder.Length + 1))
            .Where(IsKey)
            .OrderBy(key => key, StringComparer.Ordinal)
            .ToArray());
    }

    /// <summary>Every read reads the store as it is: nothing to refresh.</summary>
    public void Refresh()
    {
    }

    public IReadOnlyList<string> ListStreams()
    {
        string folder = StoreLayout.StreamsFolder + "/";
        return Guard(() => container.GetBlobs(new GetBlobsOptions { Prefix = folder })
            .Select(blob => blob.Name)
            .Where(name => StoreLayout.SequenceOf(name.Substring(name.LastIndexOf('/') + 1)) is not null)
            .Select(name => name.Substring(folder.Length, name.LastIndexOf('/') - folder.Length))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(stream => stream, StringComparer.Ordinal)
            .ToArray());
    }

    public IReadOnlyList<StreamEntry> ReadStream(string stream)
    {
        string folder = StreamFolder(stream);
        return Guard(() =>
        {
            // Entry blobs are named by their zero-padded sequence, so the listing's order is the
            // stream's; only the folder's own level is read, as the directory backend reads one folder.
            var listed = new List<(long Sequence, string Name, string? ETag)>();
            foreach (BlobHierarchyItem item in container.GetBlobsByHierarchy(new GetBlobsByHierarchyOptions { Prefix = folder, Delimiter = "/" }))
            {
                if (item.IsBlob && StoreLayout.SequenceOf(item.Blob.Name.Substring(folder.Length)) is long sequence)
                {
                    listed.Add((sequence, item.Blob.Name, Unquoted(item.Blob.Properties.ETag)));
                }
            }

            listed.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            var read = new StreamEntry?[listed.Count];
            ForEach(listed.Count, i =>
            {
                (long sequence, string name, string? etag) = listed[i];
                byte[]? content = etag is not null && entries.TryGetValue(name, out var cached) && cached.ETag == etag
                    ? cached.Content
                    : Fetch(name);

                // An entry deleted between the listing and its download is left out: the chain
                // then has a gap, which its verification reports as a removed entry.
                read[i] = content is null ? null : new StreamEntry(sequence, content, Location(name));
            });
            return read.OfType<StreamEntry>().ToArray();
        });
    }

    public bool TryAppend(string stream, long sequence, byte[] content)
    {
        if (sequence < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), "Stream entries are numbered from 1.");
        }

        string name = StreamFolder(stream) + StoreLayout.EntryName(sequence);
        return Guard(() =>
        {
            byte[] copy = content.ToArray();
            if (TryCreate(name, copy, out ETag etag))
            {
                if (Unquoted(etag) is string tag)
                {
                    entries[name] = (tag, copy);
                }

                return true;
            }

            // Taken. When the SDK sent the request again because the first answer was lost, the
            // first one may have landed: then the entry holds exactly these bytes and is this
            // writer's. Answering false would make the caller append the same entry a second time.
            // The entry read here is remembered, so the caller's next read of the stream costs this
            // loser no more than the winner: without that, winners stay ahead and a writer can
            // lose race after race under many concurrent writers.
            return Fetch(name) is byte[] there && there.AsSpan().SequenceEqual(copy);
        });
    }

    private StoreRecord? Read(string key, string pointerName)
    {
        if (Download(pointerName) is not DownloadedBlob pointer)
        {
            return null;
        }

        string hex = StoreLayout.ParsePointer(key, pointer.Content, Location(pointerName));
        string objectName = StoreLayout.ObjectPath(hex);
        return StoreLayout.Verified(key, hex, Download(objectName)?.Content, Location(objectName));
    }

    /// <summary>Creates the blob unless one is there (one Put Blob with <c>If-None-Match: *</c>): false when it was.</summary>
    private bool TryCreate(string name, byte[] content, out ETag etag)
    {
        try
        {
            // BlockBlobClient.Upload is always a single Put Blob (BlobClient.Upload may split a
            // large upload into staged blocks and a commit, which a killed writer leaves half done).
            using var body = new MemoryStream(content, writable: false);
            etag = container.GetBlockBlobClient(name)
                .Upload(body, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } })
                .Value.ETag;
            return true;
        }
        catch (RequestFailedException ex) when (IsTaken(ex))
        {
            etag = default;
            return false;
        }
        catch (RequestFailedException ex) when (ex.Status == 403 && ex.ErrorCode == "AuthorizationPermissionMismatch" && container.GetBlobClient(name).Exists().Value)
        {
            // A SAS with the create permission and not write (the recommended one: it cannot
            // overwrite) is refused, not told "exists", when the name is taken. The check runs only
            // then: when the name is free, the refusal stands and reports the missing permission.
            etag = default;
            return false;
        }
    }

    /// <summary>The service's ways of saying a create-only write found the name taken.</summary>
    private static bool IsTaken(RequestFailedException ex) =>
        (ex.Status == 409 && ex.ErrorCode is "BlobAlreadyExists" or "BlobImmutableDueToPolicy") ||
        (ex.Status == 412 && ex.ErrorCode is "ConditionNotMet" or null);

    private DownloadedBlob? Download(string name)
    {
        try
        {
            BlobDownloadResult result = container.GetBlobClient(name).DownloadContent().Value;
            return new DownloadedBlob(result.Content.ToArray(), result.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == "BlobNotFound")
        {
            return null;
        }
    }

    /// <summary>Downloads a stream entry and remembers it with its ETag.</summary>
    private byte[]? Fetch(string name)
    {
        if (Download(name) is not DownloadedBlob blob)
        {
            return null;
        }

        if (Unquoted(blob.ETag) is string tag)
        {
            entries[name] = (tag, blob.Content);
        }

        return blob.Content;
    }

    /// <summary>
    /// Runs <paramref name="body"/> for 0..count-1 on up to <see cref="ReadParallelism"/> threads,
    /// rethrowing the first failure as itself (not wrapped), so an integrity or store failure
    /// reaches the caller as it would from a loop.
    /// </summary>
    private static void ForEach(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism }, body);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>The SDK's failures, once its retries are spent, as what they mean for the store; everything else passes unchanged.</summary>
    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (AzureBlobFailures.IsStoreFailure(ex))
        {
            throw AzureBlobFailures.Translate(ex, display, tries, credentials);
        }
    }

    /// <summary>
    /// A name that refuses a create-only write yet cannot be read: an upload staged in blocks and
    /// never committed (another tool's, killed midway). The Azure Storage emulator counts such a
    /// name as taken; this store never writes in blocks.
    /// </summary>
    private StoreUnavailableException Unfinished(string name) => new(
        $"The release store '{display}' holds an unfinished upload at {name} (blocks never committed): nothing can be created there. Delete that blob's uncommitted blocks (or the blob) with the Azure tools, then run the command again.");

    private static string? Unquoted(ETag? etag) => etag is ETag tag && tag != default ? tag.ToString().Trim('"') : null;

    /// <summary>A folder marker of an account with a hierarchical namespace: not a record.</summary>
    private static bool IsFolderMarker(BlobItem blob) =>
        blob.Metadata is not null && blob.Metadata.TryGetValue("hdi_isfolder", out string? folder) && folder == "true";

    private static bool IsKey(string key)
    {
        try
        {
            StoreKey.Segments(key);
            return true;
        }
        catch (ArgumentException)
        {
            // A blob put there by hand under a name no key can have: ReadRecord could never reach it.
            return false;
        }
    }

    /// <exception cref="ArgumentException">The key could leave its folder.</exception>
    private static string RecordName(string key) => StoreLayout.RecordPath(key);

    /// <summary>The stream's folder as a blob name prefix (ending in '/').</summary>
    /// <exception cref="ArgumentException">The stream name could leave its folder.</exception>
    private static string StreamFolder(string stream) => StoreLayout.StreamFolder(stream) + "/";

    /// <summary>Where a blob is, for messages: its URL without the container's query.</summary>
    private string Location(string name) => Description + "/" + name;
}
