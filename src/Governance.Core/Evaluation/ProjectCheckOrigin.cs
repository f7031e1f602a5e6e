namespace Governance.Core.Evaluation;

/// <summary>Where a project-reported check result came from, which decides its GOV code.</summary>
public enum ProjectCheckOrigin
{
    /// <summary>A target named in <c>GovernanceCheckTargets</c> returned it (GOV2401).</summary>
    Target,

    /// <summary>A <c>GovernanceCommandCheck</c> item's command produced it (GOV2402).</summary>
    Command,
}
