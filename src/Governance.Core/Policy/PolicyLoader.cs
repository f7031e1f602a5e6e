using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Identity;
using Governance.Core.Inputs;
using Governance.Core.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Governance.Core.Policy;

/// <summary>
/// The outcome of loading a policy: the policy, or the diagnostics that explain why there is none,
/// and the digest of the file's bytes whenever it could be read (an invalid policy is still an input).
/// </summary>
public sealed record PolicyLoadResult(GovernancePolicy? Policy, IReadOnlyList<Diagnostic> Diagnostics, string? Sha256 = null)
{
    public bool Succeeded => Policy is not null;
}

/// <summary>
/// Finds, parses and validates <c>governance.json</c>: GOV1001 for malformed JSON, GOV1003 for a
/// <c>policyVersion</c> this SDK does not read, GOV1002 for every schema violation and for an
/// exception approver that names nobody.
/// </summary>
public static class PolicyLoader
{
    public const string FileName = "governance.json";
    public const string SchemaFileName = "governance-policy.schema.json";
    public const string SupportedVersion = "1";

    /// <summary>Walks up from <paramref name="startDirectory"/> to the nearest <c>governance.json</c>.</summary>
    public static string? Discover(string startDirectory) => Discover(startDirectory, File.Exists);

    /// <summary>As <see cref="Discover(string)"/>, asking <paramref name="fileExists"/> (the evaluation's inputs, so the answers are recorded).</summary>
    public static string? Discover(string startDirectory, Func<string, bool> fileExists)
    {
        for (DirectoryInfo? directory = new(Path.GetFullPath(startDirectory)); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, FileName);
            if (fileExists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static PolicyLoadResult Load(string path) => Load(new FileSystemInputs(), path);

    /// <summary>Loads the policy at <paramref name="path"/> through the evaluation's inputs.</summary>
    public static PolicyLoadResult Load(IGateInputs inputs, string path)
    {
        if (!inputs.FileExists(path))
        {
            string problem = inputs.DirectoryExists(path) ? "is a directory, not a file" : "does not exist";
            return Fail(new Diagnostic(
                Gov.UnreadableFile,
                $"The policy file {Path.GetFileName(path)} {problem}. Point GovernancePolicyFile at the policy file (relative paths are relative to the project), or clear it to use the nearest governance.json.",
                new SourceLocation(path)));
        }

        using JsonInput input = JsonInput.Read(inputs, path, InputRole.Policy);
        if (input.Error is not null)
        {
            return Fail(input.Error, input.Sha256);
        }

        JsonElement root = input.Document!.RootElement;
        if (root.ValueKind == JsonValueKind.Object &&
            root.TryGetProperty("policyVersion", out JsonElement version) &&
            !(version.ValueKind == JsonValueKind.String && version.GetString() == SupportedVersion))
        {
            string found = version.ValueKind == JsonValueKind.String ? $"\"{version.GetString()}\"" : version.GetRawText();
            (int line, int column) = LocateProperty(input.Text!, "policyVersion");
            return Fail(new Diagnostic(
                Gov.UnsupportedSchemaVersion,
                $"{Path.GetFileName(path)} has policyVersion {found}, but this version of Governance.Sdk reads policyVersion \"{SupportedVersion}\". " +
                "Use \"1\", or update Governance.Sdk in global.json to a version that reads this policy.",
                new SourceLocation(path, line, column)), input.Sha256);
        }

        IReadOnlyList<Diagnostic> violations = SchemaValidator.Validate(path, input.Text!, SchemaFileName, out JToken? token);
        if (violations.Count > 0)
        {
            return new PolicyLoadResult(null, RenamedKeyHints(path, token, violations), input.Sha256);
        }

        // NuGet ids ignore case, so two baseline keys differing only in case would be one package with two baselines.
        if (token!["versioning"]?["baseline"] is JObject baselines &&
            baselines.Properties().GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is IGrouping<string, JProperty> twice)
        {
            JProperty second = twice.Skip(1).First();
            return new PolicyLoadResult(null, new[]
            {
                new Diagnostic(Gov.SchemaViolation,
                    $"{Path.GetFileName(path)} gives versioning.baseline for '{twice.First().Name}' and '{second.Name}', one package (NuGet ids ignore case). Keep one of them.",
                    new SourceLocation(path, ((IJsonLineInfo)second).LineNumber, ((IJsonLineInfo)second).LinePosition)),
            }, input.Sha256);
        }

        var problems = new List<Diagnostic>(TrustedKeyProblems(path, (JObject)token!));
        ExceptionApprovers approvers = ReadApprovers(path, token!["approvers"] as JObject, problems);
        IReadOnlyList<EnvironmentPolicy> environments = EnvironmentPolicyReader.Read(path, (JObject)token!, problems);
        if (problems.Count > 0)
        {
            return new PolicyLoadResult(null, problems, input.Sha256);
        }

        GovernancePolicy policy = Map(path, (JObject)token!, input.Sha256!) with
        {
            ExceptionApprovers = approvers,
            Environments = environments,
            BundlesRequireSignature = (bool?)token!["bundles"]?["requireSignature"],
            NotEnforced = UnenforcedPolicyKeys.Find(path, (JObject)token!),
        };
        return new PolicyLoadResult(policy, Array.Empty<Diagnostic>(), input.Sha256);
    }

    /// <summary>
    /// The exception approvers by scope; every scope must be named and every approver must be a
    /// person (<see cref="PersonIdentity"/>), else GOV1002 at the entry: an allow-list that cannot
    /// be read must not quietly allow nobody or everybody.
    /// </summary>
    private static ExceptionApprovers ReadApprovers(string path, JObject? section, List<Diagnostic> problems)
    {
        if (section is null)
        {
            return ExceptionApprovers.None;
        }

        Diagnostic Problem(JToken at, string message) =>
            new(Gov.SchemaViolation, $"{Path.GetFileName(path)}: {message}", new SourceLocation(path, ((IJsonLineInfo)at).LineNumber, ((IJsonLineInfo)at).LinePosition));

        var byScope = new Dictionary<string, IReadOnlyList<PersonIdentity>>(StringComparer.Ordinal);
        foreach (JProperty scope in section.Properties())
        {
            string name = scope.Name.Trim();
            if (name.Length == 0)
            {
                problems.Add(Problem(scope, "approvers has a list under a blank scope. Name the scope it is for: \"*\", or a project's name or path as exceptions give it."));
                continue;
            }

            var people = new List<PersonIdentity>();
            foreach (JToken entry in scope.Value.Children())
            {
                string text = (string)entry!;
                if (PersonIdentity.TryParse(text, out string? why) is PersonIdentity person)
                {
                    people.Add(person);
                }
                else
                {
                    problems.Add(Problem(entry, $"approvers[\"{name}\"] names '{PersonIdentity.Show(text.Trim())}', who cannot be an approver: the name {why}. Correct the name, or remove it."));
                }
            }

            byScope[name] = byScope.TryGetValue(name, out IReadOnlyList<PersonIdentity>? earlier) ? earlier.Concat(people).ToArray() : people;
        }

        return new ExceptionApprovers(byScope);
    }

    /// <summary>
    /// What the schema cannot say about <c>trustedKeys[]</c>: <c>validFrom</c> and <c>validUntil</c>
    /// are RFC 3339 times with an offset (a time without one would mean another moment on every
    /// machine), and the window they make holds at least one moment. Each problem is GOV1002 at the value.
    /// </summary>
    private static IReadOnlyList<Diagnostic> TrustedKeyProblems(string path, JObject root)
    {
        var problems = new List<Diagnostic>();
        JToken[] keys = (root["trustedKeys"] as JArray)?.ToArray() ?? Array.Empty<JToken>();
        for (int i = 0; i < keys.Length; i++)
        {
            DateTimeOffset? from = null, until = null;
            foreach (string name in new[] { "validFrom", "validUntil" })
            {
                if (keys[i][name] is not JToken value)
                {
                    continue;
                }

                if (!GateClock.TryParseRfc3339((string)value!, out DateTimeOffset time))
                {
                    problems.Add(At(path, value,
                        $"{Path.GetFileName(path)} does not satisfy its schema at $.trustedKeys[{i}].{name} (line {LineOf(value)}, column {ColumnOf(value)}): '{(string)value!}' is not an RFC 3339 time with an offset. Write it as 2026-01-01T00:00:00Z (UTC) or with a numeric offset such as +01:00."));
                }
                else if (name == "validFrom")
                {
                    from = time;
                }
                else
                {
                    until = time;
                }
            }

            if (from is DateTimeOffset start && until is DateTimeOffset end && start >= end)
            {
                JToken value = keys[i]["validUntil"]!;
                problems.Add(At(path, value,
                    $"{Path.GetFileName(path)} does not satisfy its schema at $.trustedKeys[{i}].validUntil (line {LineOf(value)}, column {ColumnOf(value)}): the key '{(string)keys[i]["id"]!}' would never be valid, since validUntil {GateClock.Format(end)} is not after validFrom {GateClock.Format(start)}. Correct one of them: validUntil is the first moment the key no longer signs."));
            }
        }

        return problems;
    }

    /// <summary>
    /// The schema's violations, with the one for a key this version renamed replaced by a message
    /// that names the new key: <c>environments[].source</c> is <c>feed</c> since promotion publishes
    /// to folders as well as NuGet sources.
    /// </summary>
    private static IReadOnlyList<Diagnostic> RenamedKeyHints(string path, JToken? token, IReadOnlyList<Diagnostic> violations)
    {
        JToken[] renamed = (token?["environments"] as JArray)?.Select(e => e["source"]).Where(s => s is not null).Select(s => s!.Parent!).ToArray() ?? Array.Empty<JToken>();
        if (renamed.Length == 0)
        {
            return violations;
        }

        var hints = renamed.Select(p => new Diagnostic(Gov.SchemaViolation,
            $"{Path.GetFileName(path)} does not satisfy its schema at $.{p.Path} (line {LineOf(p)}, column {ColumnOf(p)}): an environment's 'source' is now 'feed' (a folder or a NuGet v3 source). Rename the key to feed.",
            new SourceLocation(path, LineOf(p), ColumnOf(p)))).ToArray();
        return violations.Where(v => !hints.Any(h => h.Location!.Line == v.Location?.Line)).Concat(hints)
            .OrderBy(d => d.Location?.Line ?? 0).ThenBy(d => d.Location?.Column ?? 0).ToArray();
    }

    private static Diagnostic At(string path, JToken value, string message) =>
        new(Gov.SchemaViolation, message, new SourceLocation(path, LineOf(value), ColumnOf(value)));

    /// <summary>Maps a schema-valid policy; the schema guarantees every shape read here.</summary>
    private static GovernancePolicy Map(string path, JObject root, string sha256)
    {
        PolicyProfile? profile = Names.TryParse((string?)root["profile"], out PolicyProfile named) ? named : null;

        string[] blocking = root["gate"]?["blockingBranches"]?.Values<string>().Select(b => b!).ToArray() ?? Array.Empty<string>();
        string[] allowOverrides = root["gate"]?["allowOverrides"]?.Values<string>().Select(b => b!).ToArray() ?? Array.Empty<string>();

        EvidenceRequirement[] evidence = (root["evidence"] as JArray ?? new JArray())
            .Select(item => new EvidenceRequirement(
                (string)item["kind"]!,
                (string)item["path"]!,
                (double?)item["maxAgeDays"],
                SeverityOf(item),
                LineOf(item))
            {
                SchemaPath = (string?)item["schema"],
                BranchProtection = item["require"] is JObject require
                    ? new BranchProtectionRequirement(
                        (int?)require["minApprovals"] ?? BranchProtectionRequirement.Default.MinApprovals,
                        require["statusChecks"]?.Values<string>().Select(c => c!).ToArray() ?? Array.Empty<string>(),
                        (bool?)require["blockForcePushes"] ?? BranchProtectionRequirement.Default.BlockForcePushes,
                        (bool?)require["blockDeletions"] ?? BranchProtectionRequirement.Default.BlockDeletions)
                    : null,
            })
            .ToArray();

        ContractRequirement[] contracts = (root["contracts"] as JArray ?? new JArray())
            .Select(item => new ContractRequirement((string)item["files"]!, (string)item["schema"]!, SeverityOf(item), LineOf(item)))
            .ToArray();

        VersioningPolicy versioning = root["versioning"] is JObject versions
            ? new VersioningPolicy(
                (bool?)versions["stableOnBlockingBranches"] ?? false,
                versions["baseline"]?.Type == JTokenType.String ? (string?)versions["baseline"] : null,
                versions["baseline"] is JObject perPackage
                    ? perPackage.Properties().ToDictionary(p => p.Name, p => (string)p.Value!, StringComparer.OrdinalIgnoreCase)
                    : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
                LineOf(versions))
            : VersioningPolicy.None;

        ReleaseNotesPolicy releaseNotes = root["releaseNotes"] is JObject notes
            ? new ReleaseNotesPolicy((bool?)notes["required"] ?? false, (string?)notes["path"], LineOf(notes))
            : ReleaseNotesPolicy.None;

        SarifPolicy sarif = SarifPolicy.Default;
        if (root["sarif"] is JObject sarifSection)
        {
            var levels = SarifPolicy.Default.Levels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
            foreach (JProperty level in (sarifSection["levels"] as JObject)?.Properties() ?? Enumerable.Empty<JProperty>())
            {
                levels[level.Name] = Names.Parse<Severity>((string)level.Value!);
            }

            var rules = ((sarifSection["rules"] as JObject)?.Properties() ?? Enumerable.Empty<JProperty>())
                .ToDictionary(p => p.Name, p => Names.Parse<Severity>((string)p.Value!), StringComparer.Ordinal);
            sarif = new SarifPolicy(levels, rules, sarifSection["failAt"] is JToken failAt ? Names.Parse<Severity>((string)failAt!) : SarifPolicy.Default.FailAt);
        }

        SloDefinition[] slos = (root["slos"] as JArray ?? new JArray())
            .Select(item => new SloDefinition(
                (string)item["id"]!,
                (string)item["metric"]!,
                Names.Parse<SloDirection>((string)item["direction"]!),
                (double?)item["warn"],
                (double?)item["softFail"],
                (double?)item["hardFail"],
                (int?)item["window"],
                (int?)item["maxBreaches"],
                SeverityOf(item),
                LineOf(item)))
            .ToArray();

        TrustedKey[] trustedKeys = (root["trustedKeys"] as JArray ?? new JArray())
            .Select(item => new TrustedKey((string)item["id"]!, (string)item["publicKey"]!, LineOf(item))
            {
                ValidFrom = TimeOrNull(item["validFrom"]),
                ValidUntil = TimeOrNull(item["validUntil"]),
                Compromised = (bool?)item["compromised"] ?? false,
                Use = item["use"] is JToken use ? Names.Parse<KeyUse>((string)use!) : KeyUse.Release,
            })
            .ToArray();

        TenantIsolationPolicy? tenantIsolation = root["tenantIsolation"] is JObject tenants
            ? new TenantIsolationPolicy(
                (string)tenants["registry"]!,
                tenants["requiredCohorts"]?.Values<int>().ToArray() ?? Array.Empty<int>(),
                (double?)tenants["minCoverage"] ?? TenantIsolationPolicy.DefaultMinCoverage,
                tenants["testResults"]?.Values<string>().Select(g => g!).ToArray(),
                LineOf(tenants))
            : null;

        return new GovernancePolicy
        {
            FilePath = path,
            Sha256 = sha256,
            PolicyVersion = SupportedVersion,
            Profile = profile,
            BlockingBranches = blocking,
            AllowOverrides = allowOverrides,
            Evidence = evidence,
            Contracts = contracts,
            Versioning = versioning,
            ReleaseNotes = releaseNotes,
            Sarif = sarif,
            Metrics = root["metrics"]?.Values<string>().Select(m => m!).ToArray() ?? Array.Empty<string>(),
            Slos = slos,
            TenantIsolation = tenantIsolation,
            ExceptionsPath = (string?)root["exceptions"],
            Store = (string?)root["store"],
            ExceptionsLine = root["exceptions"] is JToken exceptions ? LineOf(exceptions) : 0,
            ExceptionMaxDays = (double?)root["exceptionMaxDays"],
            TrustedKeys = trustedKeys,
        };
    }

    private static Severity SeverityOf(JToken item) => item["severity"] is JToken severity ? Names.Parse<Severity>((string)severity!) : Severity.High;

    private static int LineOf(JToken item) => ((IJsonLineInfo)item).LineNumber;

    private static int ColumnOf(JToken item) => ((IJsonLineInfo)item).LinePosition;

    /// <summary>A time <see cref="TrustedKeyProblems"/> has already checked, or null when absent.</summary>
    private static DateTimeOffset? TimeOrNull(JToken? value) =>
        value is null ? null : GateClock.TryParseRfc3339((string)value!, out DateTimeOffset time) ? time.ToUniversalTime() : throw new FormatException("unchecked time");


    private static PolicyLoadResult Fail(Diagnostic diagnostic, string? sha256 = null) => new(null, new[] { diagnostic }, sha256);

    private static (int Line, int Column) LocateProperty(string text, string name)
    {
        int index = text.IndexOf("\"" + name + "\"", StringComparison.Ordinal);
        return index < 0 ? (0, 0) : LineColumn(text, index);
    }

    private static (int Line, int Column) LineColumn(string text, int index)
    {
        int line = 1, lineStart = 0;
        for (int i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
    }
}
