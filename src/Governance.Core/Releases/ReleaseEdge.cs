using System;

namespace Governance.Core.Releases;

/// <summary>One lineage edge of the release history: a bundle (by manifest digest) promoted to, or rolled back from, an environment.</summary>
/// <param name="Kind">Promoted or rolled back.</param>
/// <param name="ManifestSha256">The bundle's manifest digest: the node the lineage graph knows the bundle by.</param>
/// <param name="Bundle">The bundle, for messages and readers who want the package and version.</param>
/// <param name="Environment">The environment.</param>
/// <param name="Sequence">The ledger entry the edge comes from.</param>
/// <param name="At">When that entry was written.</param>
public sealed record ReleaseEdge(ReleaseEdgeKind Kind, string ManifestSha256, ReleaseBundle Bundle, string Environment, long Sequence, DateTimeOffset At);
