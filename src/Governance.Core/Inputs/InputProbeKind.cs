namespace Governance.Core.Inputs;

/// <summary>The questions an <see cref="InputProbe"/> records.</summary>
public static class InputProbeKind
{
    public const string File = "file";
    public const string Directory = "directory";
    public const string Glob = "glob";

    /// <summary>A <see cref="IGateInputs.DigestOf"/> that found no file (a found one is a read).</summary>
    public const string Digest = "digest";

    /// <summary>A file whose read failed, with why (<see cref="ReadFailure"/>): a replay fails the same way.</summary>
    public const string Unreadable = "unreadable";
}
