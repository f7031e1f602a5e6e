using System;
using System.Text.Json;
using Governance.Core.Diagnostics;

namespace Governance.Core.Store;

/// <summary>
/// An entry a run wants appended to a hash-chained stream, kept until the run's outputs are
/// written. Its content is written by <see cref="WritePayload"/> after the chain's own fields, so
/// it is placed after whatever the stream's head is when it is finally appended.
/// </summary>
/// <param name="Stream">The stream's '/'-separated name.</param>
/// <param name="SchemaVersion">The entry format's version, which readers check.</param>
/// <param name="WritePayload">Writes the entry's own properties (after <c>schemaVersion</c>, <c>sequence</c> and <c>previous</c>).</param>
/// <param name="IsAlreadyRecorded">True when the stream's newest entry already records this run (a rerun): nothing is appended then.</param>
/// <param name="IntegrityRule">The code a broken or unwritable stream is reported with.</param>
/// <param name="Description">What the stream is, for messages ("the SLO history of 'Contoso'").</param>
public sealed record StreamAppend(
    string Stream, string SchemaVersion, Action<Utf8JsonWriter> WritePayload, Func<ChainEntry, bool> IsAlreadyRecorded,
    DiagnosticDescriptor IntegrityRule, string Description);
