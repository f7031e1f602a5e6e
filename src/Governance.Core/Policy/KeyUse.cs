namespace Governance.Core.Policy;

/// <summary>What a trusted key may vouch for (<c>trustedKeys[].use</c>).</summary>
public enum KeyUse
{
    /// <summary>Release bundles (the default).</summary>
    Release,

    /// <summary>Preview evidence for pull requests only: never a release bundle, so a preview key in a pull request's CI cannot sign a release.</summary>
    Preview,
}
