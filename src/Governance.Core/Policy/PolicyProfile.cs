namespace Governance.Core.Policy;

/// <summary>How strictly failures of lower severity are treated (docs/policy.md).</summary>
public enum PolicyProfile
{
    Strict,
    Transitional,
}
