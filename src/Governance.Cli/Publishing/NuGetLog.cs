using System.Collections.Generic;
using System.Threading.Tasks;
using NuGet.Common;

namespace Governance.Cli.Publishing;

/// <summary>
/// Receives what NuGet's client logs during a feed operation. Nothing is printed: the feed turns
/// failures into its own messages, and quotes NuGet's last warning or error when that says more.
/// Every message is scrubbed of the API key first, so no path from NuGet to the console can show it.
/// </summary>
internal sealed class NuGetLog : LoggerBase
{
    private readonly object gate = new();
    private readonly List<string> problems = new();
    private readonly string? secret;

    public NuGetLog(string? secret)
        : base(LogLevel.Warning) => this.secret = string.IsNullOrEmpty(secret) ? null : secret;

    /// <summary>NuGet's last warning or error, scrubbed, or null.</summary>
    public string? LastProblem
    {
        get
        {
            lock (gate)
            {
                return problems.Count == 0 ? null : problems[^1];
            }
        }
    }

    public override void Log(ILogMessage message)
    {
        if (message.Level >= LogLevel.Warning)
        {
            lock (gate)
            {
                problems.Add(Scrub(message.Message));
            }
        }
    }

    public override Task LogAsync(ILogMessage message)
    {
        Log(message);
        return Task.CompletedTask;
    }

    /// <summary><paramref name="text"/> with the API key, wherever it occurs, replaced.</summary>
    public string Scrub(string text) => secret is null ? text : text.Replace(secret, "***", System.StringComparison.Ordinal);
}
