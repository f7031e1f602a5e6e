using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Governance.Cli.Operations;
using Governance.Core;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Json;
using Governance.Core.Policy;
using Governance.Core.Tenants;

namespace Governance.Cli;

/// <summary>
/// <c>governance tenants plan</c> (propose the next same_tenant cohort; <c>--write</c> assigns it in
/// the registry, keeping the file's formatting) and <c>governance tenants status</c> (the rollout
/// table, from the same check the gate runs). Exit 0 unless an input cannot be used (2).
/// </summary>
internal static class TenantsCommand
{
    public static Command Create()
    {
        var command = new Command("tenants", "Plan the next same_tenant cohort of the capability registry, and show the tenant-isolation rollout (docs/tenant-isolation.md).");
        command.Subcommands.Add(Plan());
        command.Subcommands.Add(Status());
        return command;
    }

    private static Option<FileInfo?> PolicyOption() =>
        new("--policy") { Description = "The policy whose tenantIsolation names the registry. Default: the nearest governance.json at or above the current directory." };

    private static Option<bool> JsonOption() =>
        new("--json") { Description = "Write the result as JSON on standard output." };

    private static Command Plan()
    {
        var size = new Option<int>("--size") { Description = "How many capabilities the next cohort holds in all, those already assigned to it included.", DefaultValueFactory = _ => CohortPlanner.DefaultSize };
        var write = new Option<bool>("--write") { Description = "Assign the proposed capabilities the next cohort number in the registry (only \"cohort\" changes; the file keeps its formatting, order, comments and line endings)." };
        Option<FileInfo?> policy = PolicyOption();
        Option<bool> json = JsonOption();
        var command = new Command("plan", "Propose the next cohort: pending capabilities not in a required cohort, ranked by risk (high first), channel exposure (public, partner, internal), then id. Exit 0 planned (or nothing to plan), 2 input error.");
        command.Options.Add(size);
        command.Options.Add(write);
        command.Options.Add(policy);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            bool asJson = parse.GetValue(json);
            int cohortSize = parse.GetValue(size);
            if (cohortSize < 1)
            {
                return Fail(asJson, new Diagnostic(Gov.InvalidSetting, $"--size {cohortSize.ToString(CultureInfo.InvariantCulture)} is not a cohort size: pass a whole number of at least 1.", null));
            }

            if (!TryLoad(parse.GetValue(policy), out GovernancePolicy? loaded, out IReadOnlyList<Diagnostic> unusable))
            {
                return Fail(asJson, unusable);
            }

            CapabilityRegistryLoad load = TenantRegistryFile.Load(loaded!);
            if (load.Registry is not CapabilityRegistry registry)
            {
                return Fail(asJson, load.Problems);
            }

            TenantIsolationPolicy settings = loaded!.TenantIsolation!;
            CohortPlan plan = CohortPlanner.Plan(registry.Capabilities, settings.RequiredCohorts, cohortSize);
            IReadOnlyList<CohortPlanEntry> proposed = plan.Proposed;
            CapabilityRegistryEdit? edit = null;
            if (parse.GetValue(write) && proposed.Count > 0)
            {
                edit = CapabilityRegistryEditor.Assign(registry.File, registry.Sha256, proposed.Select(e => e.Capability.Id).ToArray(), plan.Cohort);
            }

            IReadOnlyList<Diagnostic> problems = edit?.Problems ?? Array.Empty<Diagnostic>();
            int exit = Program.ExitCodeOf(problems);
            if (asJson)
            {
                WriteProblems(problems);
                Console.Out.Write(Encoding.UTF8.GetString(CanonicalJson.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("exitCode", exit);
                    w.WriteString("policy", loaded.FilePath);
                    w.WriteString("registry", registry.File);
                    TenantSummaryJson.WriteNumbers(w, "requiredCohorts", settings.RequiredCohorts.OrderBy(c => c));
                    w.WriteNumber("cohort", plan.Cohort);
                    w.WriteNumber("size", plan.Size);
                    w.WriteStartArray("entries");
                    foreach (CohortPlanEntry entry in plan.Entries)
                    {
                        Capability c = entry.Capability;
                        w.WriteStartObject();
                        w.WriteNumber("rank", entry.Rank);
                        w.WriteString("id", c.Id);
                        w.WriteString("risk", Names.Of(c.Risk));
                        w.WriteString("channel", Names.Name(c.Channel));
                        w.WriteString("owner", c.Owner);
                        w.WriteNumberOrNull("currentCohort", c.Cohort);
                        w.WriteString("sameTenant", Names.Name(c.SameTenant));
                        w.WriteBoolean("alreadyInCohort", entry.AlreadyInCohort);
                        w.WriteString("why", entry.Why);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteNumber("waiting", plan.Waiting);
                    w.WriteBoolean("written", edit?.Written == true);
                    ResultJson.WriteFindings(w, problems);
                    w.WriteEndObject();
                })));
                return exit;
            }

            WritePlan(loaded, registry, settings, plan);
            WriteProblems(problems);
            if (proposed.Count == 0)
            {
                return exit;
            }

            string ids = string.Join(", ", proposed.Select(e => e.Capability.Id));
            Console.Out.WriteLine(MessageText.Escape(
                edit is null ? $"Run again with --write to assign cohort {plan.Cohort} to {ids} in {registry.File}."
                : edit.Written ? $"Wrote {registry.File}: cohort {plan.Cohort} assigned to {ids}."
                : edit.Problems.Count == 0 ? $"{registry.File} already assigns cohort {plan.Cohort} to {ids}: nothing written."
                : $"Nothing written to {registry.File}."));
            return exit;
        });
        return command;
    }

    private static Command Status()
    {
        Option<FileInfo?> policy = PolicyOption();
        Option<bool> json = JsonOption();
        var command = new Command("status", "Run the tenant-isolation check over the working tree (the registry, the TRX results and the test assemblies' traits; no release store, no exceptions) and print the rollout per cohort, the coverage and what the required cohorts still lack. Exit 0 shown (whatever the findings), 2 an input cannot be read or is invalid.");
        command.Options.Add(policy);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            bool asJson = parse.GetValue(json);
            if (!TryLoad(parse.GetValue(policy), out GovernancePolicy? loaded, out IReadOnlyList<Diagnostic> unusable))
            {
                return Fail(asJson, unusable);
            }

            TenantStatusResult status = TenantStatus.Evaluate(Path.GetDirectoryName(loaded!.FilePath!)!, loaded, DateTimeOffset.UtcNow);
            Diagnostic[] problems = status.Blocking.Select(AsDiagnostic).ToArray();
            int exit = status.InputsUnusable ? Program.UsageError : Program.Success;
            WriteProblems(problems);
            foreach (CheckResult warning in status.Findings.Where(f => f.Status == CheckStatus.Warn))
            {
                Console.Error.WriteLine(MessageText.Escape(DiagnosticText.Format(AsDiagnostic(warning), "warning")));
            }

            if (asJson)
            {
                Console.Out.Write(Encoding.UTF8.GetString(CanonicalJson.Write(w => WriteStatusJson(w, exit, loaded, status, problems))));
                return exit;
            }

            if (status.Rollout is TenantRollout rollout)
            {
                WriteStatus(loaded, rollout);
            }

            return exit;
        });
        return command;
    }

    /// <summary>
    /// The policy (<paramref name="option"/>, else the nearest governance.json at or above the current
    /// directory) when it can be read and has a tenantIsolation section; else false and why not.
    /// </summary>
    private static bool TryLoad(FileInfo? option, out GovernancePolicy? policy, out IReadOnlyList<Diagnostic> problems)
    {
        policy = null;
        string? path = option is not null ? option.FullName : PolicyLoader.Discover(Directory.GetCurrentDirectory());
        if (path is null)
        {
            problems = new[]
            {
                new Diagnostic(Gov.UnreadableFile, $"There is no governance.json in {Directory.GetCurrentDirectory()} or above it: the capability registry is named by the policy's tenantIsolation. Run in the repository, or pass --policy <governance.json>.", null),
            };
            return false;
        }

        PolicyLoadResult load = PolicyLoader.Load(path);
        if (load.Policy is null)
        {
            problems = load.Diagnostics;
            return false;
        }

        policy = load.Policy;
        problems = TenantRegistryFile.NotConfigured(policy) is Diagnostic missing ? new[] { missing } : Array.Empty<Diagnostic>();
        return problems.Count == 0;
    }

    private static int Fail(bool json, params Diagnostic[] problems) => Fail(json, (IReadOnlyList<Diagnostic>)problems);

    private static int Fail(bool json, IReadOnlyList<Diagnostic> problems)
    {
        WriteProblems(problems);
        const int exit = Program.UsageError;
        if (json)
        {
            Console.Out.Write(Encoding.UTF8.GetString(CanonicalJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("exitCode", exit);
                ResultJson.WriteFindings(w, problems);
                w.WriteEndObject();
            })));
        }

        return exit;
    }

    private static void WriteProblems(IEnumerable<Diagnostic> problems)
    {
        foreach (Diagnostic problem in problems)
        {
            Console.Error.WriteLine(MessageText.Escape(DiagnosticText.Format(problem)));
        }
    }

    /// <summary>A check result as the compiler-style line other commands print: its code, its first place and its message.</summary>
    private static Diagnostic AsDiagnostic(CheckResult result) => new(result.Rule, result.Message, result.Locations.FirstOrDefault());

    private static void WritePlan(GovernancePolicy policy, CapabilityRegistry registry, TenantIsolationPolicy settings, CohortPlan plan)
    {
        var text = new StringBuilder();
        text.Append("Policy: ").Append(policy.FilePath).Append("; registry: ").Append(registry.File)
            .Append(" (").Append(Count(registry.Capabilities.Count, "capability", "capabilities")).Append(").\n");
        text.Append("Next cohort: ").Append(Number(plan.Cohort)).Append(" (required cohorts: ")
            .Append(settings.RequiredCohorts.Count == 0 ? "none" : string.Join(", ", settings.RequiredCohorts.OrderBy(c => c).Select(Number)))
            .Append("); size ").Append(Number(plan.Size)).Append(".\n");
        if (plan.Entries.Count == 0)
        {
            text.Append("No pending capability is waiting for a cohort: nothing to plan.\n");
            WriteLines(text);
            return;
        }

        text.Append("\n| Rank | Capability | Risk | Channel | Owner | Current cohort | Why |\n|---|---|---|---|---|---|---|\n");
        foreach (CohortPlanEntry entry in plan.Entries)
        {
            Capability c = entry.Capability;
            text.Append("| ").Append(Number(entry.Rank))
                .Append(" | ").Append(Cell(c.Id))
                .Append(" | ").Append(Names.Of(c.Risk))
                .Append(" | ").Append(Names.Name(c.Channel))
                .Append(" | ").Append(Cell(c.Owner))
                .Append(" | ").Append(c.Cohort is int cohort ? Number(cohort) : "–")
                .Append(" | ").Append(Cell(entry.Why))
                .Append(" |\n");
        }

        text.Append('\n');
        int already = plan.AlreadyInCohort.Count;
        if (already > 0)
        {
            text.Append(Count(already, "capability is", "capabilities are")).Append(" already in cohort ").Append(Number(plan.Cohort));
            text.Append(plan.Proposed.Count > 0 ? $"; {Count(plan.Proposed.Count, "is", "are")} proposed.\n"
                : already >= plan.Size ? $", which fills --size {Number(plan.Size)}: nothing new is proposed.\n"
                : ": no pending capability is waiting to join it.\n");
        }

        if (plan.Waiting > 0)
        {
            text.Append(Count(plan.Waiting, "more pending capability waits", "more pending capabilities wait")).Append(" for a later cohort.\n");
        }

        WriteLines(text);
    }

    private static void WriteStatus(GovernancePolicy policy, TenantRollout rollout)
    {
        TenantSummary summary = rollout.Summary;
        var text = new StringBuilder();
        text.Append("Policy: ").Append(policy.FilePath).Append("; registry: ").Append(summary.Registry).Append(".\n");
        text.Append("Required cohorts: ").Append(summary.RequiredCohorts.Count == 0 ? "none" : string.Join(", ", summary.RequiredCohorts.Select(Number))).Append('\n');
        text.Append("Coverage: ").Append(TenantRolloutWriter.CoverageText(summary)).Append("\n\n");
        text.Append(TenantRolloutWriter.CohortTable(summary));

        if (rollout.NotCovered.Count == 0)
        {
            text.Append(summary.Required == 0 ? "\nNo capability is in a required cohort yet.\n" : "\nEvery capability in a required cohort is covered.\n");
        }
        else
        {
            text.Append("\nNot covered in the required cohorts:\n\n").Append(TenantRolloutWriter.NotCoveredTable(rollout));
        }

        WriteLines(text);
    }

    private static void WriteStatusJson(Utf8JsonWriter w, int exit, GovernancePolicy policy, TenantStatusResult status, IReadOnlyList<Diagnostic> problems)
    {
        w.WriteStartObject();
        w.WriteNumber("exitCode", exit);
        w.WriteString("policy", policy.FilePath);
        if (status.Rollout is TenantRollout rollout)
        {
            TenantSummary summary = rollout.Summary;
            w.WriteString("registry", summary.Registry);
            TenantSummaryJson.WriteNumbers(w, "requiredCohorts", summary.RequiredCohorts);
            w.WriteNumberOrNull("minCoverage", summary.MinCoverage);
            w.WriteNumber("required", summary.Required);
            w.WriteNumber("covered", summary.Covered);
            w.WriteNumberOrNull("coverage", summary.Coverage);
            TenantSummaryJson.WriteCohorts(w, "cohorts", summary.Cohorts, withCoverage: true);
            w.WriteStartArray("notCovered");
            foreach (CapabilityCoverage coverage in rollout.NotCovered)
            {
                Capability c = coverage.Capability;
                w.WriteStartObject();
                w.WriteString("id", c.Id);
                w.WriteNumberOrNull("cohort", c.Cohort);
                w.WriteString("risk", Names.Of(c.Risk));
                w.WriteString("channel", Names.Name(c.Channel));
                w.WriteString("owner", c.Owner);
                w.WriteString("state", Names.Name(coverage.State));
                w.WriteStartArray("missingScenarios");
                foreach (string scenario in coverage.MissingScenarios)
                {
                    w.WriteStringValue(scenario);
                }

                w.WriteEndArray();
                w.WriteString("why", coverage.Problem ?? string.Empty);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        ResultJson.WriteFindings(w, problems);
        w.WriteEndObject();
    }

    /// <summary>Each line escaped on its own (an escaped line break would join the table into one line).</summary>
    private static void WriteLines(StringBuilder text)
    {
        string all = text.ToString();
        foreach (string line in (all.EndsWith("\n", StringComparison.Ordinal) ? all.Substring(0, all.Length - 1) : all).Split('\n'))
        {
            Console.Out.WriteLine(MessageText.Escape(line));
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Count(int n, string one, string many) => $"{Number(n)} {(n == 1 ? one : many)}";

    /// <summary>A table cell: on one line, its pipes escaped.</summary>
    private static string Cell(string value) => value.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ').Replace("|", "\\|");
}
