using System;

namespace Governance.Core.Evidence;

/// <summary>An evidence package written in a format this SDK does not understand (GOV1003): a newer major <c>schemaVersion</c>.</summary>
public sealed class EvidenceVersionException : Exception
{
    public EvidenceVersionException(string message)
        : base(message)
    {
    }
}
