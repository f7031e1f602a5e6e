namespace Governance.Core.Policy;

/// <summary>Which way an SLO's metric is good.</summary>
public enum SloDirection
{
    /// <summary>Bigger is better: a value below a threshold is beyond it.</summary>
    Higher,

    /// <summary>Smaller is better: a value above a threshold is beyond it.</summary>
    Lower,
}
