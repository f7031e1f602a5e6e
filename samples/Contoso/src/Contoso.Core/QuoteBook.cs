using System.Collections.Generic;
using System.Linq;

namespace Contoso.Core;

/// <summary>Saved quotes, each owned by one tenant: every read and write is held to the caller's tenant (same_tenant).</summary>
public sealed class QuoteBook
{
    private readonly List<(string Tenant, string Id, decimal Amount)> quotes = new();

    public void Save(string tenant, string id, decimal amount) => quotes.Add((tenant, id, amount));

    /// <summary>The quote, or null when the caller's tenant has none with that id (another tenant's quote is not found, not forbidden: its existence is not disclosed).</summary>
    public decimal? Find(string tenant, string id) =>
        quotes.Where(q => q.Tenant == tenant && q.Id == id).Select(q => (decimal?)q.Amount).FirstOrDefault();

    public IReadOnlyList<string> List(string tenant) => quotes.Where(q => q.Tenant == tenant).Select(q => q.Id).ToArray();
}
