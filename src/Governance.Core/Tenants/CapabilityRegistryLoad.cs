using System.Collections.Generic;
using Governance.Core.Diagnostics;

namespace Governance.Core.Tenants;

/// <summary>The registry read, or the diagnostics that say why it cannot be used (then <see cref="Registry"/> is null).</summary>
/// <param name="Sha256">SHA-256 of the bytes read, or null when the file could not be read.</param>
public sealed record CapabilityRegistryLoad(CapabilityRegistry? Registry, IReadOnlyList<Diagnostic> Problems, string? Sha256);
