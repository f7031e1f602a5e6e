using System.Collections.Generic;

namespace Governance.Core.Slos;

/// <summary>A metric's value and the files it comes from.</summary>
public sealed record MetricValue(string Name, double Value, IReadOnlyList<string> Sources);
