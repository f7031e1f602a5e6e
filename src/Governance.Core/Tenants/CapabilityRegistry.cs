using System.Collections.Generic;

namespace Governance.Core.Tenants;

/// <summary>A loaded, valid <c>capabilities.json</c>: its capabilities in file order, and the file they came from.</summary>
/// <param name="File">Full path of the registry.</param>
/// <param name="Sha256">SHA-256 of the registry's bytes as read.</param>
public sealed record CapabilityRegistry(IReadOnlyList<Capability> Capabilities, string File, string Sha256);
