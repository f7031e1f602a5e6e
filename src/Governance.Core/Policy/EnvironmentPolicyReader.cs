using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Identity;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Governance.Core.Policy;

/// <summary>
/// Reads <c>environments[]</c> and <c>bundles</c> of a schema-valid policy, with what the schema
/// cannot say, each a GOV1002 at the value: names unique without case; every <c>after</c> names
/// another environment and the order has no cycle; freeze times are RFC 3339 with an offset and
/// <c>from</c> is before <c>until</c>; approvers are people, listed once, and only where approval is
/// required; a soak needs an environment to soak in; a required signature needs a trusted key; and
/// no check is given a secret. A promotion rule that cannot mean what it says must not load.
/// </summary>
internal static class EnvironmentPolicyReader
{
    /// <summary>The environments, in policy order (empty when problems were added).</summary>
    public static IReadOnlyList<EnvironmentPolicy> Read(string path, JObject root, List<Diagnostic> problems)
    {
        int before = problems.Count;
        string file = Path.GetFileName(path);
        bool hasTrustedKeys = (root["trustedKeys"] as JArray)?.Count > 0;
        if ((bool?)root["bundles"]?["requireSignature"] == true && !hasTrustedKeys)
        {
            JToken value = root["bundles"]!["requireSignature"]!;
            problems.Add(At(path, value, $"{Where(file, value)}: bundles.requireSignature is true, but trustedKeys lists no key, so no bundle could ever be verified as signed. List the release signing key's public key in trustedKeys, or remove requireSignature."));
        }

        JToken[] entries = (root["environments"] as JArray)?.ToArray() ?? Array.Empty<JToken>();
        var byName = new Dictionary<string, JToken>(EnvironmentPolicy.NameComparer);
        foreach (JToken entry in entries)
        {
            JToken name = entry["name"]!;
            if (byName.TryGetValue((string)name!, out JToken? first))
            {
                problems.Add(At(path, name, $"{Where(file, name)}: the environment '{(string)name!}' is already defined at line {LineOf(first)} (names compare without case). Give each environment one entry."));
            }
            else
            {
                byName[(string)name!] = entry;
            }
        }

        // Variables that hold a secret: no check may be given one, whatever it lists.
        var secrets = new HashSet<string>(EnvironmentCheck.SecretVariables, StringComparer.OrdinalIgnoreCase);
        foreach (JToken entry in entries)
        {
            if (entry["apiKeyEnvironmentVariable"] is JToken key)
            {
                secrets.Add((string)key!);
            }
        }

        var environments = new List<EnvironmentPolicy>();
        foreach (JToken entry in entries)
        {
            environments.Add(ReadOne(path, file, entry, byName, secrets, hasTrustedKeys, problems));
        }

        CheckCycles(path, file, entries, byName, problems);
        return problems.Count > before ? Array.Empty<EnvironmentPolicy>() : environments;
    }

    private static EnvironmentPolicy ReadOne(
        string path, string file, JToken entry, Dictionary<string, JToken> byName, HashSet<string> secrets, bool hasTrustedKeys, List<Diagnostic> problems)
    {
        string name = (string)entry["name"]!;
        if (entry["after"] is JToken after && !byName.ContainsKey((string)after!))
        {
            problems.Add(At(path, after, $"{Where(file, after)}: the environment '{name}' comes after '{(string)after!}', which the policy does not define (it defines {Listed(byName.Keys)}). Correct the name, or add that environment."));
        }

        if (entry["minSoakMinutes"] is JToken soak && (int)soak! > 0 && entry["after"] is null)
        {
            problems.Add(At(path, soak, $"{Where(file, soak)}: the environment '{name}' sets minSoakMinutes but comes after no environment, so there is nowhere a release could soak first. Add after, or remove minSoakMinutes."));
        }

        if ((bool?)entry["requireSignature"] == true && !hasTrustedKeys)
        {
            JToken value = entry["requireSignature"]!;
            problems.Add(At(path, value, $"{Where(file, value)}: the environment '{name}' requires signed bundles, but trustedKeys lists no key, so no bundle could ever be verified as signed. List the release signing key's public key in trustedKeys, or remove requireSignature."));
        }

        var approvers = new List<EnvironmentApprover>();
        var seen = new Dictionary<PersonIdentity, JToken>();
        JToken[] approverEntries = (entry["approvers"] as JArray)?.ToArray() ?? Array.Empty<JToken>();
        if (approverEntries.Length > 0 && (bool?)entry["requireApproval"] != true)
        {
            JToken list = entry["approvers"]!;
            problems.Add(At(path, list, $"{Where(file, list)}: the environment '{name}' lists approvers but does not set requireApproval, so no approval would ever be asked for. Set \"requireApproval\": true, or remove approvers."));
        }

        foreach (JToken approver in approverEntries)
        {
            JToken id = approver["id"]!;
            if (PersonIdentity.TryParse((string)id!, out string? why) is not PersonIdentity person)
            {
                problems.Add(At(path, id, $"{Where(file, id)}: the approver '{PersonIdentity.Show(((string)id!).Trim())}' of '{name}' cannot be an approver: the name {why}. Correct the name."));
                continue;
            }

            if (seen.TryGetValue(person, out JToken? earlier))
            {
                problems.Add(At(path, id, $"{Where(file, id)}: the approver '{person}' of '{name}' is already listed at line {LineOf(earlier)} (names compare as people, without case or invisible characters). List each approver once."));
                continue;
            }

            seen[person] = id;
            approvers.Add(new EnvironmentApprover(person.Written, (string)approver["publicKey"]!, LineOf(approver)));
        }

        var checks = new List<EnvironmentCheck>();
        foreach (JToken check in (entry["checks"] as JArray)?.ToArray() ?? Array.Empty<JToken>())
        {
            string[] variables = check["environment"]?.Values<string>().Select(v => v!).ToArray() ?? Array.Empty<string>();
            foreach (JToken variable in (check["environment"] as JArray)?.ToArray() ?? Array.Empty<JToken>())
            {
                if (secrets.Contains((string)variable!))
                {
                    problems.Add(At(path, variable, $"{Where(file, variable)}: a check of '{name}' would see {(string)variable!}, which holds a secret (a signing key, a feed key or the store's credentials): checks run without them, so a canary can never publish, sign or write the ledger. Remove it from environment."));
                }
            }

            checks.Add(new EnvironmentCheck((string)check["command"]!, LineOf(check))
            {
                TimeoutSeconds = (int?)check["timeoutSeconds"],
                WorkingDirectory = (string?)check["workingDirectory"],
                Environment = variables,
            });
        }

        var freeze = new List<FreezeWindow>();
        foreach (JToken window in (entry["freeze"] as JArray)?.ToArray() ?? Array.Empty<JToken>())
        {
            DateTimeOffset? from = Time(path, file, window["from"]!, problems);
            DateTimeOffset? until = Time(path, file, window["until"]!, problems);
            if (from is DateTimeOffset start && until is DateTimeOffset end)
            {
                if (start >= end)
                {
                    JToken value = window["until"]!;
                    problems.Add(At(path, value, $"{Where(file, value)}: the freeze of '{name}' would never hold, since until {GateClock.Format(end)} is not after from {GateClock.Format(start)}. Correct one of them: until is the first moment promotions are allowed again."));
                }
                else
                {
                    freeze.Add(new FreezeWindow(start, end, (string)window["reason"]!, LineOf(window)));
                }
            }
        }

        return new EnvironmentPolicy(name, LineOf(entry))
        {
            // As the environment it names spells itself, so consumers compare one spelling.
            After = entry["after"] is JToken named && byName.TryGetValue((string)named!, out JToken? target) ? (string)target["name"]! : null,
            Feed = (string?)entry["feed"],
            ApiKeyEnvironmentVariable = (string?)entry["apiKeyEnvironmentVariable"],
            Checks = checks,
            RequireBlockingGo = (bool?)entry["requireBlockingGo"] ?? false,
            RequireApproval = (bool?)entry["requireApproval"] ?? false,
            Approvers = approvers,
            MinSoakMinutes = (int?)entry["minSoakMinutes"],
            Freeze = freeze,
            RequireSignature = (bool?)entry["requireSignature"],
        };
    }

    /// <summary>
    /// Each cycle of <c>after</c> once, at the entry of its environment that comes first in the
    /// file: a release could never enter a cycle, since each environment would wait for another.
    /// </summary>
    private static void CheckCycles(string path, string file, JToken[] entries, Dictionary<string, JToken> byName, List<Diagnostic> problems)
    {
        var reported = new HashSet<string>(EnvironmentPolicy.NameComparer);
        foreach (JToken entry in entries)
        {
            string start = (string)entry["name"]!;
            var chain = new List<string> { start };
            string? next = (string?)entry["after"];
            while (next is not null && byName.TryGetValue(next, out JToken? following))
            {
                string name = (string)following["name"]!;
                int at = chain.FindIndex(n => EnvironmentPolicy.NameComparer.Equals(n, name));
                if (at >= 0)
                {
                    List<string> cycle = chain.Skip(at).ToList();
                    if (cycle.All(n => !reported.Contains(n)))
                    {
                        cycle.ForEach(n => reported.Add(n));
                        JToken first = entries.First(e => cycle.Any(n => EnvironmentPolicy.NameComparer.Equals(n, (string)e["name"]!)));
                        JToken value = first["after"]!;
                        string described = cycle.Count == 1
                            ? $"the environment '{cycle[0]}' comes after itself"
                            : $"the environments come after each other in a cycle ({string.Join(" after ", RotateTo(cycle, (string)first["name"]!).Append((string)first["name"]!).Select(n => $"'{n}'"))})";
                        problems.Add(At(path, value, $"{Where(file, value)}: {described}, so no release could ever enter them. Make the order a line, e.g. dev, then staging after dev, then prod after staging."));
                    }

                    break;
                }

                chain.Add(name);
                next = (string?)following["after"];
            }
        }
    }

    private static IEnumerable<string> RotateTo(List<string> cycle, string first)
    {
        int at = cycle.FindIndex(n => EnvironmentPolicy.NameComparer.Equals(n, first));
        return cycle.Skip(at).Concat(cycle.Take(at));
    }

    private static DateTimeOffset? Time(string path, string file, JToken value, List<Diagnostic> problems)
    {
        if (GateClock.TryParseRfc3339((string)value!, out DateTimeOffset time))
        {
            return time.ToUniversalTime();
        }

        problems.Add(At(path, value, $"{Where(file, value)}: '{(string)value!}' is not an RFC 3339 time with an offset. Write it as 2026-12-20T00:00:00Z (UTC) or with a numeric offset such as +01:00."));
        return null;
    }

    private static string Listed(IEnumerable<string> names)
    {
        string[] all = names.Select(n => $"'{n}'").ToArray();
        return all.Length == 0 ? "none" : string.Join(", ", all);
    }

    private static string Where(string file, JToken value) =>
        $"{file} does not satisfy its schema at {ToJsonPath(value.Path)} (line {LineOf(value)}, column {ColumnOf(value)})";

    private static string ToJsonPath(string path) => path.Length == 0 ? "$" : "$." + path;

    private static Diagnostic At(string path, JToken value, string message) =>
        new(Gov.SchemaViolation, message, new SourceLocation(path, LineOf(value), ColumnOf(value)));

    private static int LineOf(JToken token) => ((IJsonLineInfo)token).LineNumber;

    private static int ColumnOf(JToken token) => ((IJsonLineInfo)token).LinePosition;
}
