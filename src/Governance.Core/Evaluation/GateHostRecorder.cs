using System;
using System.Collections.Generic;
using System.Linq;
using Governance.Core.Inputs;
using Governance.Core.SourceControl;
using Governance.Core.Store;

namespace Governance.Core.Evaluation;

/// <summary>
/// Wraps what a request answers from outside its files (environment, git, work tree) so each
/// answer is remembered, first answer per question, for the evidence package (<see cref="GateRecording"/>).
/// </summary>
internal sealed class GateHostRecorder
{
    private readonly Dictionary<string, string?> environment = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceControlInfo?> gitHeads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> workTrees = new(StringComparer.Ordinal);

    public RecordingReleaseStore? Store { get; set; }

    public string? StoreFailureKind { get; set; }

    public string? StoreFailureMessage { get; set; }

    public Func<string, string?> Environment(Func<string, string?> inner) => name =>
    {
        string? value = inner(name);
        if (!environment.ContainsKey(name))
        {
            // A store URL's query may be a SAS token: the package is shared with auditors, the token is not.
            environment[name] = value is not null && name == ReleaseStoreFactory.EnvironmentVariable ? ReleaseStoreFactory.Describe(value) : value;
        }

        return value;
    };

    public Func<string, SourceControlInfo?> GitHead(Func<string, SourceControlInfo?> inner) => directory =>
    {
        SourceControlInfo? answer = inner(directory);
        if (!gitHeads.ContainsKey(directory))
        {
            gitHeads[directory] = answer;
        }

        return answer;
    };

    public Func<string, string?> WorkTree(Func<string, string?> inner) => directory =>
    {
        string? answer = inner(directory);
        if (!workTrees.ContainsKey(directory))
        {
            workTrees[directory] = answer;
        }

        return answer;
    };

    public GateRecording Finish(IGateInputs inputs) => new(
        new Dictionary<string, string?>(environment, StringComparer.Ordinal),
        new Dictionary<string, SourceControlInfo?>(gitHeads, StringComparer.Ordinal),
        new Dictionary<string, string?>(workTrees, StringComparer.Ordinal),
        Store?.Snapshot(),
        StoreFailureKind,
        StoreFailureMessage,
        inputs.Probes.ToArray());
}
