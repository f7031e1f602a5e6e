using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using NJsonSchema;
using NJsonSchema.References;

namespace Governance.Core.Json;

/// <summary>
/// JSON schemas a repository owns (for contract files and evidence), each loaded once per
/// evaluation. A schema may <c>$ref</c> other schema files by a path relative to itself; a
/// reference to a URL is refused, so a gate never depends on the network.
/// </summary>
public sealed class RepositorySchemas
{
    private readonly Dictionary<string, (JsonSchema? Schema, Diagnostic? Error)> loaded = new(RepoPath.Comparer);

    /// <summary>The schema at <paramref name="path"/> (a full path), or null with the configuration error that says why not.</summary>
    public JsonSchema? Load(string path, out Diagnostic? error)
    {
        if (!loaded.TryGetValue(path, out (JsonSchema? Schema, Diagnostic? Error) entry))
        {
            entry = LoadUncached(path);
            loaded[path] = entry;
        }

        error = entry.Error;
        return entry.Schema;
    }

    private static (JsonSchema?, Diagnostic?) LoadUncached(string path)
    {
        string name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            return (null, new Diagnostic(Gov.UnreadableFile,
                $"The schema {name} does not exist. Create it, or correct the schema path in the policy (relative to the governance root).",
                new SourceLocation(path)));
        }

        // Well-formedness first, for a line and column; NJsonSchema then resolves the references.
        using (JsonInput input = JsonInput.Read(path))
        {
            if (input.Error is not null)
            {
                return (null, input.Error);
            }
        }

        try
        {
            JsonSchema schema = Task.Run(() => JsonSchema.FromFileAsync(path, root => new LocalReferenceResolver(root), CancellationToken.None)).GetAwaiter().GetResult();
            return (schema, null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or NotSupportedException or Newtonsoft.Json.JsonException or ArgumentException)
        {
            return (null, new Diagnostic(Gov.SchemaViolation,
                $"The schema {name} cannot be loaded: {DescribeReferenceFailure(ex)}. A $ref must name a file relative to the schema (optionally with #/json/pointer) that exists; URLs are not fetched.",
                new SourceLocation(path)));
        }
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

    /// <summary>Resolves file references as NJsonSchema does, and refuses URLs.</summary>
    private sealed class LocalReferenceResolver : JsonReferenceResolver
    {
        public LocalReferenceResolver(JsonSchema root)
            : base(new JsonSchemaAppender(root, new DefaultTypeNameGenerator()))
        {
        }

        public override Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"'{url}' is a URL");
    }
}
