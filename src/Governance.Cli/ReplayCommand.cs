using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using Governance.Core.Diagnostics;
using Governance.Core.Evidence;
using Governance.Core.Json;

namespace Governance.Cli;

/// <summary>
/// <c>governance replay &lt;release-evidence.zip | report.json | bundle.json&gt;</c>: re-evaluates a recorded gate
/// decision with this version's engine over the package's inputs, clock and settings, and says
/// whether it decides the same (docs/replay.md). Reads nothing but the package.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var package = new Argument<FileInfo>("package") { Description = $"The evidence package ({EvidencePackageLayout.FileName}), a gate report with the package beside it, or a bundle manifest (<PackageId>.<Version>.bundle.json), which carries the package of the gate run that judged it." };
        var json = new Option<bool>("--json") { Description = "Write the result as JSON on standard output." };
        var command = new Command("replay", $"Replay a recorded release decision with this version's engine. Exit 0 no drift, 1 drift ({Gov.ReplayDrift.Code}) or an incomplete or altered package ({Gov.EvidenceIncomplete.Code}), 2 a format this version does not read ({Gov.UnsupportedSchemaVersion.Code}).");
        command.Arguments.Add(package);
        command.Options.Add(json);
        command.SetAction(parse => Run(parse.GetValue(package)!, parse.GetValue(json)));
        return command;
    }

    private static int Run(FileInfo package, bool json)
    {
        string file = EvidenceReplay.PackageFor(package.FullName);
        ReplayResult result;
        try
        {
            result = EvidenceReplay.Replay(package.FullName);
        }
        catch (EvidenceIncompleteException ex)
        {
            return Refuse(json, file, Gov.EvidenceIncomplete, ex.Message + $" (docs/{Gov.EvidenceIncomplete.HelpPage})", Program.PolicyRefused);
        }
        catch (EvidenceVersionException ex)
        {
            return Refuse(json, file, Gov.UnsupportedSchemaVersion, ex.Message, Program.UsageError);
        }

        if (json)
        {
            Console.Out.Write(Encoding.UTF8.GetString(ToJson(result)));
        }

        if (!result.HasDrift)
        {
            if (!json)
            {
                Console.Out.WriteLine(MessageText.Escape($"replayed {result.Checks} checks, no drift ({result.DecisionBefore}): {file}"));
            }

            return Program.Success;
        }

        if (!json)
        {
            Console.Error.WriteLine(MessageText.Escape($"{file}: error {Gov.ReplayDrift.Code}: {Describe(result)} If the change is deliberate, say so in the release notes of this version; else the engine changed a past decision (docs/{Gov.ReplayDrift.HelpPage})."));
            foreach (string line in Lines(result))
            {
                Console.Error.WriteLine(MessageText.Escape("  " + line));
            }
        }

        return Program.PolicyRefused;
    }

    private static string Describe(ReplayResult result) =>
        (result.DecisionBefore == result.DecisionAfter
            ? $"the replay decides {result.DecisionAfter} as recorded, but "
            : $"the decision was {result.DecisionBefore} and is now {result.DecisionAfter}; ") +
        $"{result.Drifts.Count} of {result.Checks} check(s) drifted.";

    private static IEnumerable<string> Lines(ReplayResult result) => result.Drifts.Select(d =>
        $"{d.Id}{(d.Project is null ? string.Empty : " (" + d.Project + ")")}: {State(d.Before)} -> {State(d.After)}");

    private static string State(CheckState? state) => state is null ? "(none)" : $"{state.Code} {state.Status} {state.Severity} \"{state.Message}\"";

    private static int Refuse(bool json, string file, DiagnosticDescriptor code, string message, int exitCode)
    {
        if (json)
        {
            Console.Out.Write(Encoding.UTF8.GetString(CanonicalJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("package", file);
                w.WriteBoolean("replayed", false);
                w.WriteNumber("exitCode", exitCode);
                Operations.ResultJson.WriteFindings(w, new[] { new Diagnostic(code, message, new SourceLocation(file)) });
                w.WriteEndObject();
            })));
        }
        else
        {
            Console.Error.WriteLine(MessageText.Escape($"error {code.Code}: {message}"));
        }

        return exitCode;
    }

    private static byte[] ToJson(ReplayResult result) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("package", result.Package);
        w.WriteBoolean("replayed", true);
        w.WriteBoolean("drift", result.HasDrift);
        w.WriteNumber("exitCode", result.HasDrift ? Program.PolicyRefused : Program.Success);
        w.WriteNumber("checks", result.Checks);
        w.WriteString("decisionBefore", result.DecisionBefore);
        w.WriteString("decisionAfter", result.DecisionAfter);
        w.WriteStartArray("drifts");
        foreach (CheckDrift drift in result.Drifts)
        {
            w.WriteStartObject();
            w.WriteString("id", drift.Id);
            w.WriteOptionalString("project", drift.Project);
            State(w, "before", drift.Before);
            State(w, "after", drift.After);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        IEnumerable<Diagnostic> findings = result.HasDrift ? new[] { new Diagnostic(Gov.ReplayDrift, Describe(result), new SourceLocation(result.Package)) } : Array.Empty<Diagnostic>();
        Operations.ResultJson.WriteFindings(w, findings);
        w.WriteEndObject();
    });

    private static void State(System.Text.Json.Utf8JsonWriter w, string name, CheckState? state)
    {
        if (state is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteString("code", state.Code);
        w.WriteString("status", state.Status);
        w.WriteString("severity", state.Severity);
        w.WriteString("message", state.Message);
        w.WriteEndObject();
    }
}
