using System.IO;

namespace Governance.Core.IO;

/// <summary>
/// A path that must be an ordinary file is a link, a pipe, a device, or larger than the reader
/// allows. An <see cref="IOException"/>, so callers that report unreadable files report it too;
/// <see cref="RepoPath.DescribeFailure"/> gives its message.
/// </summary>
public sealed class NotARegularFileException : IOException
{
    public NotARegularFileException(string message)
        : base(message)
    {
    }
}
