using System;
using Governance.Core.Diagnostics;

namespace Governance.Cli.Publishing;

/// <summary>
/// A package that cannot be staged: its file is missing, not an ordinary file, or not the bytes
/// the bundle manifest recorded, or it is not the package the manifest names. The message names
/// the file and says what to do; <see cref="Descriptor"/> is the GOV code to report it under.
/// </summary>
public sealed class StagingException : Exception
{
    public StagingException(DiagnosticDescriptor descriptor, string message, string file)
        : base(message)
    {
        Descriptor = descriptor;
        File = file;
    }

    public StagingException()
        : this(Gov.BundleChecksumMismatch, "A package could not be staged.", string.Empty)
    {
    }

    public StagingException(string message)
        : this(Gov.BundleChecksumMismatch, message, string.Empty)
    {
    }

    public StagingException(string message, Exception innerException)
        : base(message, innerException)
    {
        Descriptor = Gov.BundleChecksumMismatch;
        File = string.Empty;
    }

    /// <summary>GOV4001 (the bytes differ from the manifest) or GOV4002 (missing, not a file, not the package named).</summary>
    public DiagnosticDescriptor Descriptor { get; }

    /// <summary>The user's file the refusal is about.</summary>
    public string File { get; }

    public string Code => Descriptor.Code;
}
