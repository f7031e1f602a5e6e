namespace Governance.Core.Bundles;

/// <summary>A signature in a DSSE envelope: the key id it claims and the DER signature bytes.</summary>
public sealed record DsseSignature(string KeyId, byte[] Signature);
