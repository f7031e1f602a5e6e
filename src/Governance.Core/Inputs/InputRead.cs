namespace Governance.Core.Inputs;

/// <summary>One file the evaluation read: where, its SHA-256, and the role it played.</summary>
/// <param name="ContentRead">False when only the digest was taken (<see cref="IGateInputs.DigestOf"/>).</param>
public sealed record InputRead(string Path, string Sha256, string Role, bool ContentRead);
