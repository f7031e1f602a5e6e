using System.Collections.Generic;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Policy;

namespace Governance.Core.Releases;

/// <summary>What the promotion checks decided: every refusal with its code, and the approvals the final entry consumes.</summary>
/// <param name="Environment">The environment as the policy defines it; null when the name is unknown (GOV7005).</param>
/// <param name="Problems">Every refusal (GOV7001, GOV7002, GOV7003, GOV7005, GOV7007, GOV7008, GOV7010, GOV7011, GOV4003); empty when the release may be promoted.</param>
/// <param name="Consumed">The approvals the promotion uses (listed in the final <c>promote</c> entry).</param>
public sealed record PromotionDecision(EnvironmentPolicy? Environment, IReadOnlyList<Diagnostic> Problems, IReadOnlyList<RecordedApproval> Consumed)
{
    public bool Allowed => Problems.Count == 0;

    /// <summary>The codes refused, for logs and tests.</summary>
    public IReadOnlyList<string> Codes => Problems.Select(p => p.Code).Distinct().ToArray();
}
