using Azure;

namespace Governance.Store.AzureBlob;

/// <summary>A blob as downloaded: its bytes and the ETag they had, which tells a later listing whether they are still current.</summary>
internal sealed record DownloadedBlob(byte[] Content, ETag ETag);
