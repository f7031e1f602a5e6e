namespace Governance.Cli.Publishing;

/// <summary>The result of publishing one staged package.</summary>
/// <param name="Package">What was published.</param>
/// <param name="Outcome">Whether it was pushed, already there, or relisted.</param>
/// <param name="SymbolsPublished">Whether the <c>.snupkg</c> is on the feed (false when there is none, or the source has no symbol endpoint).</param>
/// <param name="Note">Anything the operator should know (a symbol package the source could not take), else null.</param>
public sealed record PublishResult(StagedPackage Package, PublishOutcome Outcome, bool SymbolsPublished, string? Note);
