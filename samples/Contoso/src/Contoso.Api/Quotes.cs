using Contoso.Core;

namespace Contoso.Api;

public static class Quotes
{
    public static decimal Quote(decimal net) => Pricing.WithTax(net, 0.2m);
}
