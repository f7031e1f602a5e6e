using Governance.Core.Policy;

namespace Governance.Core.Releases;

/// <summary>One environment in <c>governance status</c>: its policy entry and the state its ledger describes.</summary>
/// <param name="Policy">The environment as the policy defines it.</param>
/// <param name="State">What its ledger says (current per track, interrupted promotions, ledger length, head and verification).</param>
public sealed record EnvironmentStatus(EnvironmentPolicy Policy, EnvironmentState State);
