namespace Governance.Cli.Publishing;

/// <summary>The two layouts NuGet reads a folder source in.</summary>
public enum FolderFeedLayout
{
    /// <summary>
    /// <c>&lt;Id&gt;.&lt;Version&gt;.nupkg</c> side by side: what <c>dotnet nuget push &lt;pkg&gt; -s &lt;folder&gt;</c>
    /// writes into a new or empty folder, and into any folder that already has a <c>.nupkg</c> at its top.
    /// </summary>
    Flat,

    /// <summary>
    /// <c>&lt;id&gt;/&lt;version&gt;/</c> with the <c>.nupkg</c>, its <c>.sha512</c> and the <c>.nuspec</c>
    /// (lower case): what <c>nuget add</c> and <c>dotnet nuget push</c> write into a folder already in this layout.
    /// </summary>
    Hierarchical,
}
