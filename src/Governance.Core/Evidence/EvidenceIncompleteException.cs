using System;

namespace Governance.Core.Evidence;

/// <summary>
/// An evidence package that cannot be trusted or cannot answer what a replay asks (GOV8002): an
/// entry missing, altered, unlisted in <c>SHA256SUMS</c>, or a question its run never asked.
/// </summary>
public sealed class EvidenceIncompleteException : Exception
{
    /// <param name="package">The package file.</param>
    /// <param name="entry">The entry at fault (a name in the zip).</param>
    /// <param name="problem">What is wrong and what to do, without the package and entry (the message names them).</param>
    public EvidenceIncompleteException(string package, string entry, string problem)
        : base($"{package}: entry '{entry}': {problem}.")
    {
        Package = package;
        Entry = entry;
    }

    public string Package { get; }

    public string Entry { get; }
}
