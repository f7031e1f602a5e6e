using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Governance.Core.Diagnostics;
using Governance.Core.Inputs;
using Governance.Core.IO;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.References;

namespace Governance.Core.Json;

/// <summary>
/// JSON schemas a repository owns (for contract files and evidence), each loaded once per
/// evaluation. A schema may <c>$ref</c> other schema files by a path relative to itself, inside the
/// governance root; a reference to a URL or outside the root is refused, so a decision never rests
/// on a file the repository does not hold or on the network. Every schema file read is checked for
/// the shape of the keywords NJsonSchema would otherwise ignore or misread (a misspelt type makes a
/// schema that accepts everything), and a malformed one is GOV1001 with its line and column.
/// </summary>
public sealed class RepositorySchemas
{
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal) { "string", "number", "integer", "boolean", "object", "array", "null" };

    private static readonly string[] Counts = { "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties" };

    private static readonly string[] Numbers = { "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf" };

    private static readonly string[] SchemaMaps = { "properties", "patternProperties", "definitions", "$defs" };

    private static readonly string[] SchemaLists = { "allOf", "anyOf", "oneOf" };

    private static readonly string[] Schemas = { "not", "additionalProperties", "additionalItems", "contains", "propertyNames", "if", "then", "else" };

    private readonly string root;
    private readonly IGateInputs inputs;
    private readonly Dictionary<string, (JsonSchema? Schema, Diagnostic? Error, string? Sha256)> loaded = new(RepoPath.Comparer);

    /// <param name="governanceRoot">References must stay inside this folder.</param>
    /// <param name="inputs">Where schema files are read from (and recorded as read).</param>
    public RepositorySchemas(string governanceRoot, IGateInputs inputs)
    {
        root = Path.GetFullPath(governanceRoot);
        this.inputs = inputs;
    }

    /// <summary>
    /// The schema at <paramref name="path"/> (a full path) and the SHA-256 of the bytes it was read
    /// from (for the lineage), or null with the configuration error that says why not.
    /// </summary>
    public JsonSchema? Load(string path, out Diagnostic? error, out string? sha256)
    {
        if (!loaded.TryGetValue(path, out (JsonSchema? Schema, Diagnostic? Error, string? Sha256) entry))
        {
            entry = LoadUncached(path);
            loaded[path] = entry;
        }

        error = entry.Error;
        sha256 = entry.Sha256;
        return entry.Schema;
    }

    private (JsonSchema?, Diagnostic?, string?) LoadUncached(string path)
    {
        (Diagnostic? problem, string? sha256, string? text) = CheckFile(path, referencedFrom: null);
        if (problem is not null)
        {
            return (null, problem, null);
        }

        try
        {
            JsonSchema schema = Task.Run(() => JsonSchema.FromJsonAsync(text!, path, r => new LocalReferenceResolver(r, this), CancellationToken.None)).GetAwaiter().GetResult();
            return (schema, null, sha256);
        }
        catch (Exception ex) when (ex is SchemaFileException or InvalidOperationException or IOException or UnauthorizedAccessException or NotSupportedException or JsonException or ArgumentException)
        {
            // NJsonSchema wraps what a resolver throws; a checked file's own diagnostic says it best.
            for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
            {
                if (inner is SchemaFileException checkedFile)
                {
                    return (null, checkedFile.Diagnostic, null);
                }
            }

            return (null, new Diagnostic(Gov.SchemaViolation,
                $"The schema {RepoPath.Relative(root, path)} cannot be loaded: {DescribeReferenceFailure(ex)}. A $ref must name a file relative to the schema (optionally with #/json/pointer) that exists inside the repository; URLs are not fetched.",
                new SourceLocation(path)), null);
        }
    }

    /// <summary>
    /// Checks a schema file before NJsonSchema reads it: it exists, lies inside the root, is
    /// well-formed, and its keywords have the shapes the JSON Schema specification gives them.
    /// Returns the text read, so NJsonSchema parses exactly what was checked (and never reads the file itself).
    /// </summary>
    private (Diagnostic? Problem, string? Sha256, string? Text) CheckFile(string path, string? referencedFrom)
    {
        string shown = RepoPath.IsUnder(root, path) ? RepoPath.Relative(root, path) : Path.GetFileName(path);
        string via = referencedFrom is null ? string.Empty : $" (referenced by {RepoPath.Relative(root, referencedFrom)})";
        if (!RepoPath.IsUnder(root, path))
        {
            return (new Diagnostic(Gov.SchemaViolation,
                $"A schema reference{via} leads outside the repository, to {shown}. Keep schemas inside the governance root and reference them by a relative path.",
                new SourceLocation(referencedFrom ?? path)), null, null);
        }

        if (!inputs.FileExists(path))
        {
            return (new Diagnostic(Gov.UnreadableFile,
                $"The schema {shown}{via} does not exist. Create it, or correct the path (relative to the governance root in the policy, relative to the referencing schema in a $ref).",
                new SourceLocation(referencedFrom ?? path)), null, null);
        }

        using JsonInput input = JsonInput.Read(inputs, path, InputRole.Schema);
        if (input.Error is not null)
        {
            return (input.Error, null, null);
        }

        JToken token;
        using (var reader = new JsonTextReader(new StringReader(input.Text!)) { DateParseHandling = DateParseHandling.None })
        {
            token = JToken.ReadFrom(reader, new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Load, CommentHandling = CommentHandling.Ignore });
        }

        (string? shape, JToken? at) = ShapeProblem(token, "$");
        if (shape is null)
        {
            return (null, input.Sha256, input.Text);
        }

        var line = (IJsonLineInfo)(at ?? token);
        return (new Diagnostic(Gov.SchemaViolation,
            $"The schema {shown}{via} is not a valid JSON schema: {shape}. Correct it: a schema that misreads its own keywords would accept anything.",
            new SourceLocation(path, line.HasLineInfo() ? line.LineNumber : 0, line.HasLineInfo() ? line.LinePosition : 0)), null, null);
    }

    /// <summary>What is wrong with the shape of a schema's keywords, depth first, or null.</summary>
    private static (string? Problem, JToken? Where) ShapeProblem(JToken schema, string at)
    {
        if (schema.Type == JTokenType.Boolean)
        {
            return (null, null);
        }

        if (schema is not JObject obj)
        {
            return ($"{at} is {Describe(schema)}, and a schema is an object (or true/false)", schema);
        }

        foreach (JProperty property in obj.Properties())
        {
            (string? Problem, JToken? Where) found = (CheckKeyword(property, at), property.Value);
            if (found.Problem is null)
            {
                found = Nested(property, at);
            }

            if (found.Problem is not null)
            {
                return found;
            }
        }

        return (null, null);
    }

    /// <summary>The schemas nested under a keyword, checked in turn.</summary>
    private static (string? Problem, JToken? Where) Nested(JProperty property, string at)
    {
        string path = $"{at}.{property.Name}";
        IEnumerable<(JToken Schema, string At)> nested =
            property.Name == "items" && property.Value is JArray tuple ? tuple.Select((s, i) => ((JToken)s, $"{path}[{i}]")) :
            property.Name == "items" || Schemas.Contains(property.Name) ? new[] { (property.Value, path) } :
            SchemaMaps.Contains(property.Name) && property.Value is JObject map ? map.Properties().Select(e => (e.Value, $"{path}.{e.Name}")) :
            SchemaLists.Contains(property.Name) && property.Value is JArray list ? list.Select((s, i) => ((JToken)s, $"{path}[{i}]")) :
            Enumerable.Empty<(JToken, string)>();
        foreach ((JToken schema, string schemaAt) in nested)
        {
            (string? Problem, JToken? Where) found = ShapeProblem(schema, schemaAt);
            if (found.Problem is not null)
            {
                return found;
            }
        }

        return (null, null);
    }

    /// <summary>What is wrong with one keyword's own value, or null.</summary>
    private static string? CheckKeyword(JProperty property, string at)
    {
        {
            string path = $"{at}.{property.Name}";
            JToken value = property.Value;
            switch (property.Name)
            {
                case "type":
                    IEnumerable<JToken> names = value is JArray list ? list : new[] { value };
                    JToken? bad = names.FirstOrDefault(n => n.Type != JTokenType.String || !Types.Contains((string)n!));
                    if (bad is not null || (value is JArray empty && empty.Count == 0))
                    {
                        return $"{path} is {Describe(value)}; expected one of {string.Join(", ", Types.OrderBy(t => t, StringComparer.Ordinal))} (or an array of them)";
                    }

                    break;
                case "required":
                    if (value is not JArray required || required.Any(r => r.Type != JTokenType.String))
                    {
                        return $"{path} is {Describe(value)}; expected an array of property names";
                    }

                    break;
                case "enum":
                    if (value is not JArray)
                    {
                        return $"{path} is {Describe(value)}; expected an array of values";
                    }

                    break;
                case "pattern":
                    if (value.Type != JTokenType.String || !IsRegex((string)value!))
                    {
                        return $"{path} is {Describe(value)}; expected a valid regular expression";
                    }

                    break;
                case "$ref":
                    if (value.Type != JTokenType.String)
                    {
                        return $"{path} is {Describe(value)}; expected a string";
                    }

                    break;
                default:
                    if (Counts.Contains(property.Name) && !(value is JValue { Value: long count } && count >= 0))
                    {
                        return $"{path} is {Describe(value)}; expected a whole number, 0 or more";
                    }

                    if (Numbers.Contains(property.Name) && value.Type is not (JTokenType.Integer or JTokenType.Float) &&
                        !(value.Type == JTokenType.Boolean && property.Name.StartsWith("exclusive", StringComparison.Ordinal)))
                    {
                        return $"{path} is {Describe(value)}; expected a number";
                    }

                    if (SchemaMaps.Contains(property.Name) && value is not JObject)
                    {
                        return $"{path} is {Describe(value)}; expected an object of schemas";
                    }

                    if (SchemaLists.Contains(property.Name) && value is not JArray)
                    {
                        return $"{path} is {Describe(value)}; expected an array of schemas";
                    }

                    break;
            }
        }

        return null;
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string Describe(JToken token)
    {
        string text = token.ToString(Formatting.None);
        return text.Length > 40 ? text.Substring(0, 37) + "..." : text;
    }

    /// <summary>NJsonSchema's messages carry absolute paths; keep only the reference that failed.</summary>
    private static string DescribeReferenceFailure(Exception ex)
    {
        string message = ex.Message;
        int open = message.IndexOf('\'');
        int close = open < 0 ? -1 : message.IndexOf('\'', open + 1);
        return open >= 0 && close > open
            ? $"its reference '{message.Substring(open + 1, close - open - 1)}' cannot be resolved"
            : "one of its references cannot be resolved";
    }

    /// <summary>A referenced schema file that fails <see cref="CheckFile"/>: its diagnostic says why.</summary>
    private sealed class SchemaFileException : Exception
    {
        public SchemaFileException(Diagnostic diagnostic)
            : base(diagnostic.Message) => Diagnostic = diagnostic;

        public Diagnostic Diagnostic { get; }
    }

    /// <summary>Resolves file references from the text <see cref="CheckFile"/> read and checked; refuses URLs.</summary>
    private sealed class LocalReferenceResolver : JsonReferenceResolver
    {
        private readonly RepositorySchemas owner;
        private readonly JsonSchema rootSchema;

        public LocalReferenceResolver(JsonSchema root, RepositorySchemas owner)
            : base(new JsonSchemaAppender(root, new DefaultTypeNameGenerator()))
        {
            rootSchema = root;
            this.owner = owner;
        }

        public override Task<IJsonReference> ResolveFileReferenceAsync(string filePath, CancellationToken cancellationToken = default)
        {
            (Diagnostic? problem, _, string? text) = owner.CheckFile(Path.GetFullPath(filePath), rootSchema.DocumentPath);
            if (problem is not null)
            {
                throw new SchemaFileException(problem);
            }

            // What NJsonSchema's own resolver does, with the text already read instead of reading the file again.
            return ResolveText(text!, filePath, cancellationToken);
        }

        private async Task<IJsonReference> ResolveText(string text, string filePath, CancellationToken cancellationToken) =>
            await JsonSchema.FromJsonAsync(text, filePath, _ => this, cancellationToken).ConfigureAwait(false);

        public override Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"'{url}' is a URL");
    }
}
