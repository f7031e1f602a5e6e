namespace Governance.Core.Diagnostics;

/// <summary>A place in a file. <see cref="Path"/> is absolute while in memory; writers make it relative.</summary>
/// <param name="Path">The full path of the file.</param>
/// <param name="Line">1-based line, or 0 when unknown.</param>
/// <param name="Column">1-based column, or 0 when unknown.</param>
public sealed record SourceLocation(string Path, int Line = 0, int Column = 0);

/// <summary>A problem found while reading an input: a code, a message that says what to do, and where.</summary>
public sealed record Diagnostic(DiagnosticDescriptor Descriptor, string Message, SourceLocation? Location)
{
    public string Code => Descriptor.Code;
}
