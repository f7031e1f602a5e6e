using System.Collections.Generic;

namespace Governance.Core.Inputs;

/// <summary>
/// A question the evaluation asked of the file system without reading a file (does it exist, what
/// does a glob match, what is its digest when it is missing), with the answer it got: a replay must
/// get the same answers, and they decide as much as the files read do.
/// </summary>
/// <param name="Kind">One of <see cref="InputProbeKind"/>.</param>
/// <param name="Path">Full path of the file or folder asked about (the glob's root for a glob).</param>
/// <param name="Exists">The answer to an existence question; for a glob, whether the pattern stays in its root.</param>
/// <param name="Pattern">The glob's pattern, else null.</param>
/// <param name="Matches">What the glob matched (full paths), else null.</param>
/// <param name="Failure">For <see cref="InputProbeKind.Unreadable"/>: why the read failed (<see cref="ReadFailure"/>), else null.</param>
public sealed record InputProbe(string Kind, string Path, bool Exists, string? Pattern = null, IReadOnlyList<string>? Matches = null, string? Failure = null);
