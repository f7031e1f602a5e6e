using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Identity;

namespace Governance.Core.Policy;

/// <summary>
/// Who may approve exceptions (the policy's <c>approvers</c>), by exception scope: a list under a
/// project's name or path applies to exceptions scoped to that project, and the list under
/// <c>*</c> to exceptions scoped <c>*</c> and to every project without a list of its own. Without
/// <c>approvers</c>, anyone other than the requester may approve.
/// </summary>
public sealed class ExceptionApprovers
{
    public const string AnyScope = "*";

    private readonly IReadOnlyDictionary<string, IReadOnlyList<PersonIdentity>> byScope;

    public ExceptionApprovers(IReadOnlyDictionary<string, IReadOnlyList<PersonIdentity>> byScope) => this.byScope = byScope;

    /// <summary>No allow-list: the policy has no <c>approvers</c>.</summary>
    public static ExceptionApprovers None { get; } = new(new Dictionary<string, IReadOnlyList<PersonIdentity>>());

    public bool IsRestricted => !ReferenceEquals(this, None);

    /// <summary>
    /// Whether <paramref name="approver"/> may approve an exception with <paramref name="scope"/>;
    /// <paramref name="listed"/> says which list decided (for example <c>approvers["*"]: alice, bob</c>).
    /// </summary>
    public bool Allows(string scope, PersonIdentity approver, out string listed)
    {
        listed = string.Empty;
        if (!IsRestricted)
        {
            return true;
        }

        // A project is named by its path or by its name; either spelling in the exception or the
        // policy finds the same list, so the '*' list cannot be reached by respelling the scope.
        var lists = byScope.Where(l => scope == AnyScope ? l.Key == AnyScope : l.Key != AnyScope && SameProject(l.Key, scope)).ToArray();
        if (lists.Length == 0)
        {
            lists = byScope.Where(l => l.Key == AnyScope).ToArray();
        }

        if (lists.Length == 0)
        {
            listed = $"the policy's approvers list nobody for scope {scope} and have no \"{AnyScope}\" list";
            return false;
        }

        listed = string.Join("; ", lists.Select(l => $"approvers[\"{l.Key}\"]: {string.Join(", ", l.Value)}"));
        return lists.Any(l => l.Value.Contains(approver));
    }

    private static bool SameProject(string a, string b) => string.Equals(ProjectName(a), ProjectName(b), StringComparison.OrdinalIgnoreCase);

    /// <summary><c>src/Contoso.Api/Contoso.Api.csproj</c>, <c>Contoso.Api.csproj</c> and <c>Contoso.Api</c> all name Contoso.Api.</summary>
    private static string ProjectName(string scope)
    {
        string name = scope.Trim().Replace('\\', '/');
        name = name.Substring(name.LastIndexOf('/') + 1);
        return Path.GetExtension(name).EndsWith("proj", StringComparison.OrdinalIgnoreCase) ? Path.GetFileNameWithoutExtension(name) : name;
    }
}
