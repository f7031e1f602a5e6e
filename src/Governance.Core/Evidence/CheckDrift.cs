namespace Governance.Core.Evidence;

/// <summary>A check whose outcome a replay does not reproduce: null <see cref="Before"/> for a check the run did not have, null <see cref="After"/> for one the replay no longer has.</summary>
public sealed record CheckDrift(string Id, string? Project, CheckState? Before, CheckState? After);
