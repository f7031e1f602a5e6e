using System.Collections.Generic;
using System.Linq;

namespace Governance.Cli.Publishing;

/// <summary>Every check's result, in the policy's order. A canary with no checks passes.</summary>
public sealed record CanaryReport(IReadOnlyList<CanaryCheckResult> Checks)
{
    public bool Passed => Checks.All(c => c.Passed);
}
