using System.Collections.Generic;

namespace Governance.Core.Bundles;

/// <summary>A parsed DSSE envelope.</summary>
public sealed record DsseEnvelope(string PayloadType, byte[] Payload, IReadOnlyList<DsseSignature> Signatures);
