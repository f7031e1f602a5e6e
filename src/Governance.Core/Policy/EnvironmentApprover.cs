namespace Governance.Core.Policy;

/// <summary>Someone whose signature approves a promotion to an environment (<c>approvers[]</c>).</summary>
/// <param name="Id">Who it is, compared as every person in a governance file is (<see cref="Identity.PersonIdentity"/>).</param>
/// <param name="PublicKeyPath">The PEM public key, relative to the governance root as written in the policy.</param>
/// <param name="Line">Line of the entry in the policy file, for diagnostics.</param>
public sealed record EnvironmentApprover(string Id, string PublicKeyPath, int Line);
