namespace Governance.Core.Policy;

/// <summary>The policy's <c>releaseNotes</c>: whether every package a blocking gate releases needs notes for its version, and where else they may be written.</summary>
/// <param name="Required">Notes are required (GOV2501 otherwise) on blocking runs.</param>
/// <param name="Path">
/// A Markdown file (relative to the governance root) whose <c>## &lt;version&gt;</c> sections hold
/// the notes, for projects that do not set <c>PackageReleaseNotes</c>; null: only that property counts.
/// </param>
/// <param name="Line">Line of <c>releaseNotes</c> in the policy file, for diagnostics.</param>
public sealed record ReleaseNotesPolicy(bool Required, string? Path, int Line)
{
    public static ReleaseNotesPolicy None { get; } = new(false, null, 0);
}
