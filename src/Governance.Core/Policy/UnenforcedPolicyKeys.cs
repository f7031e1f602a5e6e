using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Diagnostics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Governance.Core.Policy;

/// <summary>
/// The parts of the contract's reference policy that the schema accepts (so a policy written for
/// the whole contract loads) but nothing in this version enforces yet. Each present one is a
/// GOV0003 warning at its line: a policy that says "prod requires a blocking go" while nothing
/// checks it is worse than one that says nothing.
/// </summary>
public static class UnenforcedPolicyKeys
{
    /// <summary>Top-level key and what will enforce it, in the order of the reference policy.</summary>
    private static readonly (string Key, string EnforcedBy)[] Keys =
    {
        ("preview", "governance preview"),
    };

    public static IReadOnlyList<Diagnostic> Find(string path, JObject policy) => Keys
        .Where(k => policy[k.Key] is not null)
        .Select(k =>
        {
            var line = (IJsonLineInfo)policy.Property(k.Key)!;
            return new Diagnostic(Gov.PolicyNotEnforced,
                $"{Path.GetFileName(path)} sets '{k.Key}', which this version of Governance.Sdk accepts but does not enforce yet ({k.EnforcedBy}): do not rely on it. Remove it to silence this warning, or keep it for when it is enforced.",
                new SourceLocation(path, line.LineNumber, line.LinePosition));
        })
        .ToArray();
}
