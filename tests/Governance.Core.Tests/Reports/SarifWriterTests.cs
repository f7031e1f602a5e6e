using Governance.Core.Reports;

namespace Governance.Core.Tests.Reports;

public class SarifWriterTests
{
    /// <summary>SARIF's uri is a URI reference: a space, '#', '%' or '?' in a file name must not end or change the path.</summary>
    [Theory]
    [InlineData("src/Lib/Api.cs", "src/Lib/Api.cs")]
    [InlineData("docs/release notes.md", "docs/release%20notes.md")]
    [InlineData("evidence/#1?.json", "evidence/%231%3F.json")]
    [InlineData("100%.txt", "100%25.txt")]
    [InlineData("src/Zürich.cs", "src/Z%C3%BCrich.cs")]
    public void Paths_are_percent_encoded_as_uri_references(string path, string uri)
    {
        Assert.Equal(uri, SarifWriter.UriReference(path));
        Assert.Equal(path, System.Uri.UnescapeDataString(uri));
    }
}
