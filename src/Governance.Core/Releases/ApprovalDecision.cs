using System.Collections.Generic;
using Governance.Core.Diagnostics;

namespace Governance.Core.Releases;

/// <summary>What the approval check decided: the approvals the promotion consumes, or why none counts (GOV7007).</summary>
/// <param name="Consumed">The approval the promotion uses (its digest goes into the final ledger entry); empty when none is needed or none counts.</param>
/// <param name="Problems">GOV7007 for each approval that does not count and why, or one saying there is none; empty when the check passed.</param>
public sealed record ApprovalDecision(IReadOnlyList<RecordedApproval> Consumed, IReadOnlyList<Diagnostic> Problems)
{
    public bool Passed => Problems.Count == 0;
}
