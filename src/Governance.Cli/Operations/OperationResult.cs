using System;
using System.Collections.Generic;
using System.Linq;
using Governance.Cli.Publishing;
using Governance.Core.Diagnostics;
using Governance.Core.Json;
using Governance.Core.Releases;

namespace Governance.Cli.Operations;

/// <summary>What a promotion or rollback did, for the console and for <c>--json</c>.</summary>
internal sealed class OperationResult
{
    public OperationResult(string command, string environment)
    {
        Command = command;
        Environment = environment;
    }

    public string Command { get; }

    public string Environment { get; }

    public string? By { get; set; }

    public Release? Release { get; set; }

    public PromotionDecision? Checks { get; set; }

    public List<string> Published { get; } = new();

    public CanaryReport? Canary { get; set; }

    public RecordedLedgerEntry? Entry { get; set; }

    public string? Note { get; set; }

    public List<string> Warnings { get; } = new();

    public IReadOnlyList<Diagnostic> Problems { get; private set; } = Array.Empty<Diagnostic>();

    public int ExitCode => Program.ExitCodeOf(Problems);

    public OperationResult Refused(params Diagnostic[] problems)
    {
        // Several checks read the same broken ledger: say each problem once.
        Problems = problems.GroupBy(p => (p.Code, p.Message, p.Location?.Path)).Select(g => g.First()).ToArray();
        return this;
    }

    public OperationResult Succeeded() => this;

    public void WriteHuman(OperatorSetup setup)
    {
        foreach (Diagnostic problem in Problems)
        {
            Console.Error.WriteLine(MessageText.Escape(DiagnosticText.Format(problem)));
        }

        foreach (string warning in Warnings)
        {
            Console.Error.WriteLine(MessageText.Escape("warning: " + warning));
        }

        foreach (string line in setup.Describe())
        {
            Console.Out.WriteLine(MessageText.Escape(line));
        }
        foreach (string published in Published)
        {
            Console.Out.WriteLine(MessageText.Escape("Published " + published + "."));
        }

        foreach (CanaryCheckResult check in Canary?.Checks ?? Array.Empty<CanaryCheckResult>())
        {
            Console.Out.WriteLine(MessageText.Escape($"Check '{check.Check.Command}': {check.Status} ({check.Duration.TotalSeconds:0.0} s)."));
        }

        if (Note is not null)
        {
            Console.Out.WriteLine(MessageText.Escape(Note));
        }
        else if (Problems.Count == 0 && Entry is not null)
        {
            Console.Out.WriteLine(MessageText.Escape($"{Verb(Entry.Entry.Action)} {Entry.Entry.Release} in '{Environment}' (ledger entry {Entry.Sequence}, {Entry.Digest.Substring(0, 12)}), by {Entry.Entry.By}."));
        }
        else if (Problems.Count > 0)
        {
            Console.Out.WriteLine(MessageText.Escape($"Refused ({Command}, '{Environment}'{(Release is null ? string.Empty : ", " + Release)}): {Problems.Count} finding(s)."));
        }
    }

    public byte[] ToJson() => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("command", Command);
        w.WriteString("environment", Environment);
        w.WriteNumber("exitCode", ExitCode);
        w.WriteOptionalString("by", By);
        ResultJson.WriteRelease(w, Release);
        w.WriteStartArray("published");
        foreach (string published in Published)
        {
            w.WriteStringValue(published);
        }

        w.WriteEndArray();
        w.WriteStartArray("checks");
        foreach (CanaryCheckResult check in Canary?.Checks ?? Array.Empty<CanaryCheckResult>())
        {
            w.WriteStartObject();
            w.WriteString("command", check.Check.Command);
            w.WriteString("status", check.Status.ToString().ToLowerInvariant());
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (Entry is null)
        {
            w.WriteNull("entry");
        }
        else
        {
            w.WriteStartObject("entry");
            w.WriteNumber("seq", Entry.Sequence);
            w.WriteString("action", Governance.Core.Names.Name(Entry.Entry.Action));
            w.WriteString("digest", Entry.Digest);
            w.WriteEndObject();
        }

        w.WriteOptionalString("note", Note);
        ResultJson.WriteFindings(w, Problems);
        w.WriteEndObject();
    });

    /// <summary>What publishing did, in words: <c>published</c>, <c>already there</c>, <c>relisted</c>.</summary>
    public static string Describe(PublishOutcome outcome) => outcome switch
    {
        PublishOutcome.AlreadyPresent => "already there",
        PublishOutcome.Relisted => "relisted",
        _ => "published",
    };

    private static string Verb(LedgerAction action) => action switch
    {
        LedgerAction.Rollback => "Rolled back to",
        _ => "Promoted",
    };
}
