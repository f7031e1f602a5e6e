namespace Governance.Core.Slos;

/// <summary>How far an SLO's value is from its objective.</summary>
public enum SloTier
{
    Ok,
    Warn,
    SoftFail,
    HardFail,
    NoData,
}
