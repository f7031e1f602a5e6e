using System.Collections.Generic;

namespace Governance.Cli.Publishing;

/// <summary>One of an environment's <c>checks[]</c> in the policy: a command run after the release is published there.</summary>
/// <param name="Command">A shell command line (<c>/bin/sh -c</c>; <c>cmd /c</c> on Windows).</param>
/// <param name="TimeoutSeconds">How long it may run before its process tree is killed; null: <see cref="DefaultTimeoutSeconds"/>.</param>
/// <param name="WorkingDirectory">Relative to the repository root; null: the repository root.</param>
/// <param name="Environment">Names of the caller's environment variables the check may see, beyond the basics.</param>
public sealed record CanaryCheck(string Command, int? TimeoutSeconds, string? WorkingDirectory, IReadOnlyList<string> Environment)
{
    /// <summary>Ten minutes: a smoke suite's order of magnitude, and no check waits forever.</summary>
    public const int DefaultTimeoutSeconds = 600;
}
