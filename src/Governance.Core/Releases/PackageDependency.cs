namespace Governance.Core.Releases;

/// <summary>A package's dependency as its .nuspec declares it: the id and the version range (NuGet syntax, <c>[1.4.0, )</c> or <c>1.4.0</c>).</summary>
public sealed record PackageDependency(string Id, string Range);
