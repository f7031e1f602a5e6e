using System;
using System.IO;
using Governance.Core.IO;

namespace Governance.Core.Inputs;

/// <summary>
/// Why a file could not be read, as the evidence package records it (a probe of kind
/// <see cref="InputProbeKind.Unreadable"/>), and the same failure raised again when a replay asks
/// for that file: a no-go decided on an unreadable input replays to the same no-go, with the same
/// message (<see cref="RepoPath.DescribeFailure"/> sees the same kind of exception).
/// </summary>
public static class ReadFailure
{
    private const string AccessDenied = "access-denied";
    private const string NotFound = "not-found";
    private const string NotRegular = "not-regular: ";
    private const string BadImage = "bad-image: ";
    private const string Io = "io";

    public static string Of(Exception failure) => failure switch
    {
        UnauthorizedAccessException => AccessDenied,
        FileNotFoundException or DirectoryNotFoundException => NotFound,
        NotARegularFileException => NotRegular + failure.Message,
        BadImageFormatException => BadImage + failure.Message,
        _ => Io,
    };

    public static Exception Recreate(string recorded, string path) =>
        recorded == AccessDenied ? new UnauthorizedAccessException($"Access to {path} was denied when the decision was made.")
        : recorded == NotFound ? new FileNotFoundException($"{path} did not exist when the decision was made.", path)
        : recorded.StartsWith(NotRegular, StringComparison.Ordinal) ? new NotARegularFileException(recorded.Substring(NotRegular.Length))
        : recorded.StartsWith(BadImage, StringComparison.Ordinal) ? new BadImageFormatException(recorded.Substring(BadImage.Length), path)
        : new IOException($"{path} could not be read when the decision was made.");
}
