using System;
using System.Collections.Generic;
using Governance.Core.Inputs;
using Governance.Core.Lineage;
using Governance.Core.Store;

namespace Governance.Core.Evaluation;

/// <summary>
/// The outcome of one evaluation, nothing of it written yet: the report, the lineage it rests on,
/// the run that made it, the files it read, and what it asks the release store to record once its
/// outputs are written (<see cref="GateRecorder"/>).
/// </summary>
public sealed record GateEvaluation(GateReport Report, LineageGraph Lineage, string GovernanceRoot, BuildRun Run)
{
    /// <summary>The wall clock when the run was evaluated (not in the report, which stays the same under a pinned GovernanceNow).</summary>
    public DateTimeOffset WallClock { get; init; }

    /// <summary>Every file the evaluation read, with its digest and role.</summary>
    public IReadOnlyList<InputRead> Inputs { get; init; } = new InputRead[0];

    /// <summary>The store this run reads and records to, or null when the store could not be opened.</summary>
    public IReleaseStore? Store { get; init; }

    /// <summary>What the run was answered from outside its files (environment, git, store reads, file-system questions), for the evidence package; null for an evaluation built by hand.</summary>
    public GateRecording? Recording { get; init; }

    /// <summary>Where the files were read from: the evidence package copies their bytes from it.</summary>
    public IGateInputs? InputSource { get; init; }

    /// <summary>The tenant-isolation matrix and rollout for the outputs, or null when the policy has none.</summary>
    public Tenants.TenantRollout? Tenants { get; init; }

    /// <summary>Appends that record this run, in order.</summary>
    public IReadOnlyList<StreamAppend> Records { get; init; } = new StreamAppend[0];
}
