namespace Governance.Core.Json;

/// <summary>What makes a JSON document unsafe to act on, and where (1-based; 0 when unknown).</summary>
/// <param name="Description">A clause that completes "the file ...", such as "names the property 'payload' twice in one object".</param>
public sealed record JsonFlaw(string Description, int Line = 0, int Column = 0)
{
    /// <summary>" (line 3, column 7)", or nothing when the place is unknown.</summary>
    public string Where => Line > 0 ? $" (line {Line}, column {Column})" : string.Empty;
}
