using System;

namespace Governance.Cli.Publishing;

/// <summary>The outcome of one canary check.</summary>
/// <param name="Check">The check as the policy gave it.</param>
/// <param name="Status">How it ended.</param>
/// <param name="ExitCode">Its exit code; null when it timed out or never started.</param>
/// <param name="Duration">Wall-clock time from start to exit (or kill).</param>
/// <param name="OutputTail">The last lines of its standard output and error, interleaved as written (at most <see cref="CanaryRunner.TailLines"/> lines).</param>
/// <param name="Message">One sentence for the operator: what happened and, on failure, what to do.</param>
public sealed record CanaryCheckResult(CanaryCheck Check, CanaryCheckStatus Status, int? ExitCode, TimeSpan Duration, string OutputTail, string Message)
{
    public bool Passed => Status == CanaryCheckStatus.Passed;
}
