using System.Collections.Generic;
using Governance.Core.Diagnostics;

namespace Governance.Core.Tenants;

/// <summary>
/// The rows of one TRX file, or why it cannot be used. A file with a problem gives no rows at all:
/// half a file would make the tests left out look as if they never ran, and the problem is a
/// configuration error the gate reports anyway.
/// </summary>
/// <param name="Rows">The results in file order; empty when <paramref name="Problem"/> is set.</param>
/// <param name="Problem">A <see cref="Gov.MalformedXml"/> diagnostic at the place that is wrong, or null.</param>
public sealed record TrxRead(IReadOnlyList<TestResultRow> Rows, Diagnostic? Problem);
