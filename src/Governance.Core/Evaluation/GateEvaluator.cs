using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Exceptions;
using Governance.Core.Inputs;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Lineage;
using Governance.Core.Policy;
using Governance.Core.SourceControl;
using Governance.Core.Store;

namespace Governance.Core.Evaluation;

/// <summary>
/// Decides the release gate. It loads the policy, resolves mode, profile, clock, subject and store,
/// runs every registered check (<see cref="GateChecks"/>) over one source of inputs, ties what
/// the checks looked at into the lineage, applies the profile and then the exceptions, and decides.
/// A pass is reported with the neutral code GOV0001, whatever rule it applied: only findings carry
/// the code of the rule they break.
/// It writes nothing: the caller writes the outputs (<see cref="Reports.GateOutputs"/>) and then
/// records the run (<see cref="GateRecorder"/>). The same request over the same inputs gives the
/// same evaluation.
/// </summary>
public static class GateEvaluator
{
    public const string DecisionNode = "release";

    private const string PolicyCheckId = "configuration.policy";

    public static GateEvaluation Evaluate(GateRequest request)
    {
        string root = Path.GetFullPath(request.GovernanceRoot);
        IGateInputs inputs = request.Inputs ?? new FileSystemInputs();

        // Every answer from outside the files is recorded for the evidence package, except the
        // store's credentials: the factory opening the store reads the unrecorded environment.
        var host = new GateHostRecorder();
        Func<string, string?> unrecordedEnvironment = request.Environment;
        request = request with
        {
            Inputs = inputs,
            Environment = host.Environment(request.Environment),
            GitHead = host.GitHead(request.GitHead),
            WorkTreeRoot = host.WorkTree(request.WorkTreeRoot),
        };
        var findings = new GateFindings();
        var lineage = new LineageGraph();
        string decision = lineage.AddNode(NodeKind.Decision, DecisionNode);

        DateTimeOffset wallClock = request.UtcNow().ToUniversalTime();
        DateTimeOffset now = GateClock.Resolve(request.Now, () => wallClock, out Diagnostic? clockError);
        SourceLocation? settings = string.IsNullOrWhiteSpace(request.SettingsFile) ? null : new SourceLocation(Path.GetFullPath(request.SettingsFile));
        if (clockError is not null)
        {
            findings.Add(CheckResult.FromDiagnostic(GateSettings.CheckId, clockError with { Location = settings }));
        }

        (GovernancePolicy? policy, PolicyReference policyReference) = LoadPolicy(request, root, inputs, findings, lineage, decision);
        (IReadOnlyList<GateOverride> overrides, IReadOnlyList<CheckResult> refused, GovernancePolicy? trusted) = GateOverrides.Judge(request, root, policy, now, wallClock, settings, inputs);
        findings.AddRange(refused);

        // A refused override does not take effect: the run fails on its GOV1008, and everything else
        // in the report is judged as if it were not set (an expired exception is not shown waived).
        bool Refused(string overrideClass) => overrides.Any(o => o.Refused && o.Class == overrideClass);
        if (Refused(OverrideClass.Clock))
        {
            now = wallClock;
        }

        // A refused branch or commit is not the subject either; a refused policy does not set the mode or profile.
        bool subjectRefused = Refused(OverrideClass.Subject);
        SourceControlInfo sourceControl = SourceControlInfo.Detect(GateOverrides.BuildDirectory(request, root), request.Environment, subjectRefused ? null : request.Branch, subjectRefused ? null : request.Commit, request.GitHead);
        GovernancePolicy? ruling = Refused(OverrideClass.Policy) && trusted is not null ? trusted : policy;
        GateMode mode = GateSettings.ResolveMode(Refused(OverrideClass.Mode) ? null : request.Mode, ruling, sourceControl.Branch, settings, findings.Results);
        PolicyProfile profile = GateSettings.ResolveProfile(Refused(OverrideClass.Profile) ? null : request.Profile, ruling, settings, findings.Results);
        IReleaseStore? store = OpenStore(request, root, policy, settings, findings, host, unrecordedEnvironment);

        var context = new GateContext
        {
            Root = root,
            Policy = policy,
            Mode = mode,
            Profile = profile,
            Now = now,
            Subject = new GateSubject(request.SubjectName, request.SubjectVersion, sourceControl.Branch, sourceControl.Commit),
            Projects = request.Projects,
            ProjectChecks = request.ProjectChecks,
            Store = store,
            Inputs = inputs,
            Schemas = new RepositorySchemas(root, inputs),
            Lineage = lineage,
        };
        foreach (IGateCheck check in GateChecks.All)
        {
            check.Run(context, findings);
        }

        ExceptionSet exceptions = policy is null ? ExceptionSet.None : ExceptionFile.Load(policy, root, inputs);
        findings.AddRange(exceptions.Problems);
        ConnectToDecision(findings.Results, exceptions, root, lineage, decision);
        findings.AddRange(LineageCompleteness.Check(lineage));

        // The profile first, then exceptions: an exception waives what would still block.
        (IReadOnlyList<CheckResult> decided, IReadOnlyList<Waiver> waivers) = ExceptionApplier.Apply(
            findings.Results.Select(c => GateProfile.Apply(c, profile)).ToArray(), exceptions, now, policy ?? GovernancePolicy.BuiltInDefaults);
        CheckResult[] sorted = decided
            .Select(c => c.Status == CheckStatus.Pass && c.Rule != Gov.Notice ? c with { Rule = Gov.CheckPassed } : c)
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .ThenBy(c => c.Code, StringComparer.Ordinal)
            .ThenBy(c => c.Project ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(c => c.Message, StringComparer.Ordinal)
            .ToArray();

        var report = new GateReport
        {
            IsGo = !sorted.Any(c => c.IsBlocking),
            Mode = mode,
            Profile = profile,
            Policy = policyReference,
            Subject = context.Subject,
            EvaluatedAt = now,
            Projects = findings.Projects,
            Checks = sorted,
            Slos = findings.Slos,
            Tenants = findings.Tenants?.Summary,
            Waivers = waivers,
            Overrides = overrides,
        };
        return new GateEvaluation(report, lineage, root, BuildRun.Detect(request.Environment))
        {
            Inputs = inputs.Reads.ToArray(),
            WallClock = wallClock,
            Store = store,
            Records = findings.Records.ToArray(),
            Tenants = findings.Tenants,
            Recording = host.Finish(inputs),
            InputSource = inputs,
        };
    }

    /// <summary>
    /// Every file a check looked at is evidence in the lineage, checked by that check; each
    /// exception is a check of its own, read from the exceptions file; and every check decides,
    /// the lineage check too, so it is in the graph it validates.
    /// </summary>
    private static void ConnectToDecision(IReadOnlyList<CheckResult> checks, ExceptionSet exceptions, string root, LineageGraph lineage, string decision)
    {
        foreach (CheckResult result in checks)
        {
            foreach (EvidenceReference file in result.Evidence.Where(e => e.Sha256 is not null))
            {
                string node = lineage.AddNode(NodeKind.Evidence, RepoPath.Relative(root, file.Path), "sha256:" + file.Sha256);
                lineage.AddEdge(node, lineage.AddNode(NodeKind.Check, result.Id), EdgeKind.Checked);
            }
        }

        foreach (GovernanceException exception in exceptions.Exceptions)
        {
            string node = lineage.AddNode(NodeKind.Evidence, RepoPath.Relative(root, exceptions.File!), "sha256:" + exceptions.Sha256);
            lineage.AddEdge(node, lineage.AddNode(NodeKind.Check, ExceptionApplier.CheckId(exception)), EdgeKind.Checked);
        }

        foreach (string checkId in checks.Select(c => c.Id)
            .Concat(exceptions.Exceptions.Select(ExceptionApplier.CheckId))
            .Append(LineageCompleteness.CheckId)
            .Distinct(StringComparer.Ordinal))
        {
            lineage.AddEdge(lineage.AddNode(NodeKind.Check, checkId), decision, EdgeKind.Decided);
        }
    }

    private static (GovernancePolicy? Policy, PolicyReference Reference) LoadPolicy(
        GateRequest request, string root, IGateInputs inputs, GateFindings findings, LineageGraph lineage, string decision)
    {
        if (string.IsNullOrWhiteSpace(request.PolicyFile))
        {
            return (GovernancePolicy.BuiltInDefaults, new PolicyReference(null, PolicyLoader.SupportedVersion, null));
        }

        string policyFile = Path.GetFullPath(request.PolicyFile);
        string relative = RepoPath.Relative(root, policyFile);
        PolicyLoadResult load = PolicyLoader.Load(inputs, policyFile);
        foreach (Diagnostic diagnostic in load.Diagnostics)
        {
            findings.Add(CheckResult.FromDiagnostic(PolicyCheckId, diagnostic));
        }

        string? digest = load.Sha256;
        string input = lineage.AddNode(NodeKind.Input, relative, digest is null ? null : "sha256:" + digest);
        lineage.AddEdge(input, decision, EdgeKind.Consumed);
        lineage.AddEdge(input, lineage.AddNode(NodeKind.Check, PolicyCheckId), EdgeKind.Checked);

        if (load.Policy is null)
        {
            return (null, new PolicyReference(relative, PolicyLoader.SupportedVersion, digest));
        }

        findings.Add(new CheckResult(PolicyCheckId, Gov.SchemaViolation, CheckStatus.Pass, Severity.High,
            $"Policy {relative} (policyVersion {load.Policy.PolicyVersion}) is valid.", null,
            new[] { new SourceLocation(policyFile) }, new[] { new EvidenceReference(policyFile, load.Policy.Sha256) }));
        foreach (Diagnostic notEnforced in load.Policy.NotEnforced)
        {
            findings.Add(new CheckResult(PolicyCheckId, notEnforced.Descriptor, CheckStatus.Warn, Severity.Low, notEnforced.Message, null,
                new[] { notEnforced.Location! }, Array.Empty<EvidenceReference>()));
        }

        return (load.Policy, new PolicyReference(relative, load.Policy.PolicyVersion, load.Policy.Sha256));
    }

    /// <summary>The store the run reads and records to; a location that cannot be opened is GOV1004 and the run has no store.</summary>
    private static IReleaseStore? OpenStore(GateRequest request, string root, GovernancePolicy? policy, SourceLocation? settings, GateFindings findings, GateHostRecorder host, Func<string, string?> unrecordedEnvironment)
    {
        string location = ReleaseStoreFactory.Resolve(request.Store, request.Environment, root, policy?.Store);
        try
        {
            IReleaseStore opened = request.OpenStore is { } open ? open(location) : ReleaseStoreFactory.Open(location, root, unrecordedEnvironment);
            host.Store = new RecordingReleaseStore(opened);
            return host.Store;
        }
        catch (StoreLocationException ex)
        {
            host.StoreFailureKind = GateRecording.StoreLocationFailure;
            host.StoreFailureMessage = ex.Message;
            findings.Add(CheckResult.FromDiagnostic(GateSettings.CheckId, new Diagnostic(Gov.InvalidSetting, ex.Message, settings)));
            return null;
        }
        catch (StoreUnavailableException ex)
        {
            host.StoreFailureKind = GateRecording.StoreUnavailableFailure;
            host.StoreFailureMessage = ex.Message;
            findings.Add(CheckResult.FromDiagnostic(GateSettings.CheckId, new Diagnostic(Gov.StoreUnavailable, ex.Message, settings)));
            return null;
        }
    }
}
