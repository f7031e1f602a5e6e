using System.Collections.Generic;
using Governance.Core.Inputs;
using Governance.Core.SourceControl;
using Governance.Core.Store;

namespace Governance.Core.Evaluation;

/// <summary>
/// Every answer an evaluation got from outside its request and its files: the environment
/// variables it asked for, what <c>.git</c> said, the store it read (or why it could not open it)
/// and the file-system questions it asked. With the files read, this is all a replay needs.
/// </summary>
/// <param name="Environment">Each variable asked for and its value (null when unset); a store location's URL query is left out, as it may hold a SAS token.</param>
/// <param name="GitHeads">Each folder whose <c>.git</c> was read, and what it said.</param>
/// <param name="WorkTrees">Each folder whose git work tree was looked for, and the root found.</param>
/// <param name="Store">What the decision read from the release store, or null when none was opened.</param>
/// <param name="StoreFailureKind"><c>location</c> or <c>unavailable</c> when the store could not be opened, else null.</param>
/// <param name="StoreFailureMessage">Why it could not be opened.</param>
/// <param name="Probes">The file-system questions answered without a read.</param>
public sealed record GateRecording(
    IReadOnlyDictionary<string, string?> Environment,
    IReadOnlyDictionary<string, SourceControlInfo?> GitHeads,
    IReadOnlyDictionary<string, string?> WorkTrees,
    StoreReads? Store,
    string? StoreFailureKind,
    string? StoreFailureMessage,
    IReadOnlyList<InputProbe> Probes)
{
    public const string StoreLocationFailure = "location";
    public const string StoreUnavailableFailure = "unavailable";
}
