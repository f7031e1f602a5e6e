using System;
using System.Collections.Generic;
using Governance.Core.Inputs;
using Governance.Core.Json;
using Governance.Core.Lineage;
using Governance.Core.Policy;
using Governance.Core.Store;

namespace Governance.Core.Evaluation;

/// <summary>
/// What every check of one evaluation sees: the loaded policy, the settings resolved from it and
/// the build, the clock, the projects in the gate, the release store, and the one source of files.
/// </summary>
public sealed class GateContext
{
    /// <summary>Full path of the governance root: the base of every relative path in outputs.</summary>
    public required string Root { get; init; }

    /// <summary>The policy, or null when it could not be read (its findings say why): checks that need it then report nothing.</summary>
    public required GovernancePolicy? Policy { get; init; }

    public required GateMode Mode { get; init; }

    public required PolicyProfile Profile { get; init; }

    /// <summary>The evaluation clock: every time-dependent rule reads this one value.</summary>
    public required DateTimeOffset Now { get; init; }

    public required GateSubject Subject { get; init; }

    public required IReadOnlyList<GateProject> Projects { get; init; }

    public required IReadOnlyList<ProjectCheckReport> ProjectChecks { get; init; }

    /// <summary>The release store the decision reads (version floor, SLO history), or null for none.</summary>
    public required IReleaseStore? Store { get; init; }

    /// <summary>Where every file the checks read comes from.</summary>
    public required IGateInputs Inputs { get; init; }

    /// <summary>The repository's JSON schemas, each loaded once per evaluation whichever check asks.</summary>
    public required RepositorySchemas Schemas { get; init; }

    /// <summary>The lineage the decision rests on; checks that collect build results add to it.</summary>
    public required LineageGraph Lineage { get; init; }
}
