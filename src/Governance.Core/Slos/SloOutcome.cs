using System.Collections.Generic;
using Governance.Core.Policy;

namespace Governance.Core.Slos;

/// <summary>An SLO as the report shows it: its value and tier in this run, and its recent trend.</summary>
/// <param name="Breaches">Runs in the window (this one included) at soft-fail or worse.</param>
/// <param name="Trend">The last <c>window</c> runs (or this run alone without a window), oldest first.</param>
public sealed record SloOutcome(SloDefinition Slo, double? Value, SloTier Tier, int Breaches, IReadOnlyList<SloTrendPoint> Trend);
