using System.Collections.Generic;

namespace Governance.Core.Evidence;

/// <summary>What a replay found: the decision before and after, how many checks it compared, and each that drifted.</summary>
public sealed record ReplayResult(string Package, int Checks, string DecisionBefore, string DecisionAfter, IReadOnlyList<CheckDrift> Drifts)
{
    public bool HasDrift => Drifts.Count > 0 || DecisionBefore != DecisionAfter;
}
