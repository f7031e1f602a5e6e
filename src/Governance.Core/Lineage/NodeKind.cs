using System.Collections.Generic;

namespace Governance.Core.Lineage;

/// <summary>The node kinds of the lineage model (docs/lineage.md).</summary>
public static class NodeKind
{
    /// <summary>A file the build compiled or packed: <c>Compile</c>, <c>EmbeddedResource</c>, the project file, the repository's imported props and targets.</summary>
    public const string Source = "source";

    /// <summary>Something consumed that is not a source: a package from restore, the policy, a custom input.</summary>
    public const string Input = "input";

    /// <summary>A check result.</summary>
    public const string Check = "check";

    /// <summary>A file a build produced: assembly, symbols, reference assembly, package, bundle manifest.</summary>
    public const string Artifact = "artifact";

    /// <summary>A file a check looked at as evidence (branch protection, release notes, ...).</summary>
    public const string Evidence = "evidence";

    /// <summary>The release decision.</summary>
    public const string Decision = "decision";

    public static IReadOnlyList<string> All { get; } = new[] { Artifact, Check, Decision, Evidence, Input, Source };
}
