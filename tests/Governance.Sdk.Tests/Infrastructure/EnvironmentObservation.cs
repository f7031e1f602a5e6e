using System.Collections.Generic;

namespace Governance.Sdk.Tests.Infrastructure;

/// <summary>What an environment holds after a promotion or rollback: its state as a line (current versions, digests, ledger length) and its feed's files, comparable across runs.</summary>
public sealed record EnvironmentObservation(string State, SortedDictionary<string, string> Feed);
