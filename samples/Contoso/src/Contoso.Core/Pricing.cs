namespace Contoso.Core;

public static class Pricing
{
    public static decimal WithTax(decimal net, decimal rate) => decimal.Round(net * (1 + rate), 2);
}
