using Contoso.Core;
using Xunit;

namespace Contoso.Tests;

// The tenant-isolation tests of the quotes capabilities (docs/tenant-isolation.md): each names its
// capability with the trait Capability and the scenario it proves with the trait Isolation.
[Trait("Capability", "quotes.read")]
public class QuoteReadIsolationTests
{
    [Fact]
    [Trait("Isolation", "cross-tenant-read")]
    public void Another_tenants_quote_is_not_found()
    {
        var book = new QuoteBook();
        book.Save("fabrikam", "Q-1", 120m);

        Assert.Null(book.Find("contoso", "Q-1"));
        Assert.Equal(120m, book.Find("fabrikam", "Q-1"));
    }

    [Theory]
    [Trait("Isolation", "listing-leak")]
    [InlineData("contoso")]
    [InlineData("fabrikam")]
    public void A_listing_shows_only_the_callers_quotes(string tenant)
    {
        var book = new QuoteBook();
        book.Save("contoso", "C-1", 10m);
        book.Save("fabrikam", "F-1", 20m);

        Assert.All(book.List(tenant), id => Assert.StartsWith(tenant.Substring(0, 1).ToUpperInvariant(), id));
    }
}

[Trait("Capability", "quotes.save")]
public class QuoteSaveIsolationTests
{
    [Fact]
    [Trait("Isolation", "cross-tenant-write")]
    public void Saving_under_one_tenant_leaves_another_tenants_quote_alone()
    {
        var book = new QuoteBook();
        book.Save("contoso", "Q-1", 10m);
        book.Save("fabrikam", "Q-1", 20m);

        Assert.Equal(10m, book.Find("contoso", "Q-1"));
        Assert.Equal(20m, book.Find("fabrikam", "Q-1"));
    }
}
