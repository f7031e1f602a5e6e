using System;
using System.Collections.Generic;
using System.Text;

namespace Governance.Cli.Publishing;

/// <summary>
/// The last lines a process wrote, in bounded memory: a smoke suite may print megabytes, and only
/// its end (the failure summary) belongs in the report. A line longer than
/// <see cref="MaxLineLength"/> is cut. Safe to write from the stdout and stderr pumps at once.
/// </summary>
internal sealed class OutputTail
{
    public const int MaxLineLength = 2000;

    private readonly object gate = new();
    private readonly Queue<string> lines = new();
    private readonly StringBuilder current = new();
    private readonly int maxLines;

    public OutputTail(int maxLines) => this.maxLines = maxLines;

    public void Append(ReadOnlySpan<char> text)
    {
        lock (gate)
        {
            foreach (char c in text)
            {
                if (c == '\n')
                {
                    EndLine();
                }
                else if (c != '\r' && current.Length < MaxLineLength)
                {
                    current.Append(c);
                }
            }
        }
    }

    /// <summary>The kept lines, joined with <c>\n</c>, including an unfinished last line.</summary>
    public override string ToString()
    {
        lock (gate)
        {
            var all = new List<string>(lines);
            if (current.Length > 0)
            {
                all.Add(current.ToString());
            }

            int skip = Math.Max(0, all.Count - maxLines);
            return string.Join("\n", all.GetRange(skip, all.Count - skip));
        }
    }

    private void EndLine()
    {
        lines.Enqueue(current.ToString());
        current.Clear();
        while (lines.Count > maxLines)
        {
            lines.Dequeue();
        }
    }
}
