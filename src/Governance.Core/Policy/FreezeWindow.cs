using System;

namespace Governance.Core.Policy;

/// <summary>A time in which nothing is promoted to an environment (<c>freeze[]</c>, GOV7010): from <see cref="From"/> up to, not including, <see cref="Until"/>.</summary>
/// <param name="Line">Line of the entry in the policy file, for diagnostics.</param>
public sealed record FreezeWindow(DateTimeOffset From, DateTimeOffset Until, string Reason, int Line)
{
    /// <summary>True when <paramref name="now"/> lies in the window.</summary>
    public bool Contains(DateTimeOffset now) => now >= From && now < Until;
}
