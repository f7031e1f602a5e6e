using Governance.Core.Diagnostics;

namespace Governance.Core.Releases;

/// <summary>The release a rollback goes back to, or why there is none (GOV7009).</summary>
/// <param name="Target">The newest release that was successfully current, never rolled back from and not current; null when there is none.</param>
/// <param name="Problem">Why there is none (no such release; <c>--to</c> names one that is current, was rolled back from or never was current); null with a target.</param>
public sealed record LastKnownGood(ReleaseHistory? Target, Diagnostic? Problem);
