using System;
using System.Collections.Generic;

namespace Governance.Core.Policy;

/// <summary>
/// A command run against an environment after its packages are published (<c>checks[]</c>, the
/// canary). It runs with a cleaned environment: the system basics, the promotion's own
/// <c>GOVERNANCE_*</c> variables and only the variables <see cref="Environment"/> lists, so a check
/// never sees a signing key or a feed key.
/// </summary>
/// <param name="Command">The command line, run by the shell from <see cref="WorkingDirectory"/>.</param>
/// <param name="Line">Line of the entry in the policy file, for diagnostics.</param>
public sealed record EnvironmentCheck(string Command, int Line)
{
    /// <summary>
    /// Variables no check may be given, whatever the policy lists (besides every environment's
    /// <c>apiKeyEnvironmentVariable</c>): the signing keys, and the store's credentials, which can
    /// write the ledgers a check is supposed to be judged by.
    /// </summary>
    public static IReadOnlyList<string> SecretVariables { get; } = new[]
    {
        "AZURE_STORAGE_CONNECTION_STRING", "GOVERNANCE_PREVIEW_SIGNING_KEY", "GOVERNANCE_SIGNING_KEY",
    };

    /// <summary>Seconds before the command is stopped and counts as failed (<c>timeoutSeconds</c>); null: the CLI's default.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>Where the command runs, relative to the governance root (<c>workingDirectory</c>); null: the repository root.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The names of the variables passed through to the command (<c>environment</c>), as listed.</summary>
    public IReadOnlyList<string> Environment { get; init; } = Array.Empty<string>();
}
