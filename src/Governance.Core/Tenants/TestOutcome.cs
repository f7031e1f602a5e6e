namespace Governance.Core.Tenants;

/// <summary>How one test result (one row of a theory) ended, as far as isolation is concerned.</summary>
public enum TestOutcome
{
    Passed,

    /// <summary>Failed, errored, timed out or aborted.</summary>
    Failed,

    /// <summary>Skipped, inconclusive or not executed: proves nothing either way.</summary>
    NotRun,
}
