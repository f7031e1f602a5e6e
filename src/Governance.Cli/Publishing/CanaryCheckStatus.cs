namespace Governance.Cli.Publishing;

/// <summary>How a canary check ended.</summary>
public enum CanaryCheckStatus
{
    /// <summary>Exit code 0 within its time.</summary>
    Passed,

    /// <summary>Another exit code.</summary>
    Failed,

    /// <summary>Still running at its timeout: its process tree was killed.</summary>
    TimedOut,

    /// <summary>Never ran: its working directory is missing, it asks for a secret, or the shell could not start.</summary>
    NotStarted,
}
