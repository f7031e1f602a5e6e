using System;

namespace Governance.Core.Tenants;

/// <summary>
/// Why an <c>exempt</c> capability is not held to one tenant, who approved that, and until when.
/// Judged with the approval rules and clock of exceptions (<see cref="ExemptionRules"/>).
/// </summary>
/// <param name="Expires">Null when <c>expires</c> is not an RFC 3339 time (the registry reader reports that).</param>
/// <param name="Line">Line of <c>exemption</c> in the registry, for diagnostics.</param>
public sealed record CapabilityExemption(string Reason, string? ApprovedBy, DateTimeOffset? Expires, int Line);
