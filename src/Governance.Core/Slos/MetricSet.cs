using System;
using System.Collections.Generic;
using Governance.Core.Evaluation;

namespace Governance.Core.Slos;

/// <summary>What the metric files gave: the values by name, the problems (configuration errors), and every file read with its digest.</summary>
public sealed record MetricSet(IReadOnlyDictionary<string, MetricValue> Values, IReadOnlyList<CheckResult> Problems, IReadOnlyList<EvidenceReference> Files)
{
    public static MetricSet Empty { get; } = new(new Dictionary<string, MetricValue>(), Array.Empty<CheckResult>(), Array.Empty<EvidenceReference>());
}
