using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Governance.Core.Diagnostics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Governance.Core.Json;

/// <summary>
/// Validates JSON inputs against the schemas shipped in <c>schemas/</c> (embedded in this
/// assembly) and turns every violation into a GOV1002 diagnostic with file, line, JSON path and
/// what was expected.
/// </summary>
public static class SchemaValidator
{
    private static readonly ConcurrentDictionary<string, Lazy<JsonSchema>> Schemas = new(StringComparer.Ordinal);

    /// <summary>Loads an embedded schema by file name, for example <c>governance-policy.schema.json</c>.</summary>
    public static JsonSchema GetSchema(string fileName) =>
        Schemas.GetOrAdd(fileName, name => new Lazy<JsonSchema>(() => LoadEmbedded(name))).Value;

    /// <summary>Returns the embedded schema text, as packed in <c>schemas/</c>.</summary>
    public static string GetSchemaText(string fileName)
    {
        using Stream stream = typeof(SchemaValidator).Assembly.GetManifestResourceStream("Governance.Schemas." + fileName)
            ?? throw new InvalidOperationException($"Schema '{fileName}' is not embedded in {typeof(SchemaValidator).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Validates <paramref name="text"/>, the content of <paramref name="path"/>, which must already
    /// be well-formed (see <see cref="JsonInput"/>). Returns no diagnostics when it is valid.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Validate(string path, string text, string schemaFileName) =>
        Validate(path, text, schemaFileName, out _);

    /// <summary>
    /// As <see cref="Validate(string, string, string)"/>, also returning the parsed token with line
    /// information so callers can point diagnostics at the entry they come from.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Validate(string path, string text, string schemaFileName, out JToken? parsed) =>
        Validate(path, text, GetSchema(schemaFileName), Gov.SchemaViolation, out parsed);

    /// <summary>
    /// Validates <paramref name="text"/> against a loaded schema, reporting each violation as
    /// <paramref name="rule"/> (GOV1002 for Governance.Sdk's own inputs, GOV2101 for contract files).
    /// Each message starts with <paramref name="violates"/> ("contracts/a.json violates its contract
    /// x.schema.json"), by default "&lt;file name&gt; does not satisfy its schema".
    /// </summary>
    public static IReadOnlyList<Diagnostic> Validate(string path, string text, JsonSchema schema, DiagnosticDescriptor rule, out JToken? parsed, string? violates = null)
    {
        violates ??= $"{Path.GetFileName(path)} does not satisfy its schema";
        parsed = null;
        JToken token;
        try
        {
            // Dates stay strings: Json.NET would otherwise turn them into local times, and what a
            // pattern sees (and what a message shows) would depend on the machine's time zone.
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
            token = JToken.ReadFrom(reader, new JsonLoadSettings
            {
                LineInfoHandling = LineInfoHandling.Load,
                CommentHandling = CommentHandling.Ignore,
                DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
            });
        }
        catch (JsonReaderException ex)
        {
            // System.Text.Json accepted the syntax; the one thing left that Json.NET refuses here is
            // a property named twice, which would make the file mean two things.
            return new[]
            {
                new Diagnostic(
                    rule.IsConfigurationError ? Gov.MalformedJson : rule,
                    $"{Path.GetFileName(path)} is ambiguous at line {ex.LineNumber}, column {ex.LinePosition}: {FirstSentence(ex.Message)} Remove the duplicate.",
                    new SourceLocation(path, ex.LineNumber, ex.LinePosition)),
            };
        }

        parsed = token;
        Diagnostic[] unreadable = HugeIntegers(path, token, rule, violates).ToArray();
        if (unreadable.Length > 0)
        {
            // The schema validator cannot compare such a number with anything (it throws), and no
            // reader of the value could hold it either: report it before validation.
            return unreadable;
        }

        ICollection<ValidationError> errors;
        try
        {
            errors = schema.Validate(token);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.Text.RegularExpressions.RegexMatchTimeoutException or FormatException)
        {
            // A repository's schema can be unusable in ways loading does not notice: an invalid
            // pattern, a reference cycle. That is the schema's fault, not the file's.
            string schemaName = string.IsNullOrEmpty(schema.DocumentPath) ? "its schema" : "the schema " + Path.GetFileName(schema.DocumentPath);
            return new[]
            {
                new Diagnostic(Gov.SchemaViolation,
                    $"{Path.GetFileName(path)} cannot be checked: {schemaName} cannot be applied ({FirstSentence(ex.Message)}). Fix the schema: an invalid \"pattern\" or a $ref that refers to itself are the usual causes.",
                    new SourceLocation(string.IsNullOrEmpty(schema.DocumentPath) ? path : schema.DocumentPath!)),
            };
        }

        return Flatten(errors)
            .GroupBy(error => error.Path ?? string.Empty, StringComparer.Ordinal)
            .SelectMany(PreferTypeErrors)
            .Select(error => ToDiagnostic(path, error, rule, violates))
            .Distinct()
            .OrderBy(d => d.Location?.Line ?? 0)
            .ThenBy(d => d.Location?.Column ?? 0)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>
    /// Whole numbers beyond 64 bits, which Json.NET reads as a BigInteger (a number with a
    /// fraction or an exponent is a double, and the schema's bounds apply to it as usual).
    /// </summary>
    private static IEnumerable<Diagnostic> HugeIntegers(string path, JToken token, DiagnosticDescriptor rule, string violates) =>
        (token is JContainer container ? container.DescendantsAndSelf() : new[] { token })
            .OfType<JValue>()
            .Where(value => value.Value is System.Numerics.BigInteger)
            .Select(value =>
            {
                // Json.NET places a value at its last character; the number starts its digits earlier.
                string digits = value.ToString(Formatting.None);
                int line = ((IJsonLineInfo)value).LineNumber;
                int column = Math.Max(1, ((IJsonLineInfo)value).LinePosition - digits.Length + 1);
                return new Diagnostic(rule,
                    $"{violates} at {ToJsonPath(value.Path)} (line {line}, column {column}): the number {Describe(value)} is too large to be read (a whole number must lie between -9223372036854775808 and 9223372036854775807). Correct the value to one the schema allows.",
                    new SourceLocation(path, line, column));
            });

    private static JsonSchema LoadEmbedded(string fileName) =>
        JsonSchema.FromJsonAsync(GetSchemaText(fileName)).GetAwaiter().GetResult();

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (ValidationError error in errors)
        {
            IEnumerable<ValidationError> children = error switch
            {
                ChildSchemaValidationError child => child.Errors.SelectMany(e => e.Value),
                MultiTypeValidationError multi => multi.Errors.SelectMany(e => e.Value),
                _ => Enumerable.Empty<ValidationError>(),
            };
            List<ValidationError> leaves = Flatten(children).ToList();
            if (leaves.Count == 0)
            {
                yield return error;
            }
            else
            {
                foreach (ValidationError leaf in leaves)
                {
                    yield return leaf;
                }
            }
        }
    }

    /// <summary>
    /// A value of the wrong type also fails every other rule at its path (an enum, a pattern);
    /// reporting "expected a string" alone says what to fix.
    /// </summary>
    private static IEnumerable<ValidationError> PreferTypeErrors(IEnumerable<ValidationError> atOnePath)
    {
        List<ValidationError> all = atOnePath.ToList();
        List<ValidationError> typeErrors = all.Where(e => TypeErrorKinds.Contains(e.Kind)).ToList();
        return typeErrors.Count > 0 ? typeErrors : all;
    }

    private static readonly HashSet<ValidationErrorKind> TypeErrorKinds = new()
    {
        ValidationErrorKind.StringExpected, ValidationErrorKind.NumberExpected, ValidationErrorKind.IntegerExpected,
        ValidationErrorKind.BooleanExpected, ValidationErrorKind.ObjectExpected, ValidationErrorKind.ArrayExpected,
        ValidationErrorKind.NullExpected,
    };

    private static Diagnostic ToDiagnostic(string path, ValidationError error, DiagnosticDescriptor rule, string violates)
    {
        string jsonPath = ToJsonPath(error.Path);
        string found = error.Token is null ? string.Empty : $" Found {Describe(error.Token)}.";
        string message =
            $"{violates} at {jsonPath}" +
            (error.HasLineInfo ? $" (line {error.LineNumber}, column {error.LinePosition})" : string.Empty) +
            $": {Expected(error)}.{found} Correct the value to match the schema.";
        var location = error.HasLineInfo
            ? new SourceLocation(path, error.LineNumber, error.LinePosition)
            : new SourceLocation(path);
        return new Diagnostic(rule, message, location);
    }

    private static string Expected(ValidationError error)
    {
        JsonSchema? schema = error.Schema;
        string property = error.Property ?? string.Empty;
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => $"the required property '{property}' is missing",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => $"the property '{property}' is not allowed here (check its spelling)",
            ValidationErrorKind.NotInEnumeration when schema is not null =>
                "expected one of " + string.Join(", ", schema.Enumeration.Select(v => JsonConvert.SerializeObject(v))),
            ValidationErrorKind.StringExpected => "expected a string",
            ValidationErrorKind.NumberExpected => "expected a number",
            ValidationErrorKind.IntegerExpected => "expected an integer",
            ValidationErrorKind.BooleanExpected => "expected true or false",
            ValidationErrorKind.ObjectExpected => "expected an object",
            ValidationErrorKind.ArrayExpected => "expected an array",
            ValidationErrorKind.NullExpected => "expected null",
            ValidationErrorKind.StringTooShort when schema?.MinLength is int min => $"expected a string of at least {min} character(s)",
            ValidationErrorKind.NumberTooSmall when schema?.Minimum is decimal min =>
                $"expected a number {(schema.IsExclusiveMinimum ? "greater than" : "at least")} {min}",
            ValidationErrorKind.NumberTooBig when schema?.Maximum is decimal max =>
                $"expected a number {(schema.IsExclusiveMaximum ? "less than" : "at most")} {max}",
            ValidationErrorKind.NumberTooSmall when schema?.ExclusiveMinimum is decimal min => $"expected a number greater than {min}",
            ValidationErrorKind.NumberTooBig when schema?.ExclusiveMaximum is decimal max => $"expected a number less than {max}",
            ValidationErrorKind.NumberNotMultipleOf when schema?.MultipleOf is decimal step => $"expected a multiple of {step}",
            ValidationErrorKind.StringTooLong when schema?.MaxLength is int max => $"expected a string of at most {max} character(s)",
            ValidationErrorKind.TooFewItems when schema?.MinItems is int min => $"expected at least {min} item(s)",
            ValidationErrorKind.TooManyItems when schema?.MaxItems is int max => $"expected at most {max} item(s)",
            ValidationErrorKind.TooFewProperties when schema?.MinProperties is int min => $"expected at least {min} propert(ies)",
            ValidationErrorKind.TooManyProperties when schema?.MaxProperties is int max => $"expected at most {max} propert(ies)",
            ValidationErrorKind.NotAnyOf => "expected a value matching at least one of the schema's anyOf alternatives",
            ValidationErrorKind.NotOneOf => "expected a value matching exactly one of the schema's oneOf alternatives",
            ValidationErrorKind.ExcludedSchemaValidates => "expected a value that does not match the schema's \"not\"",
            ValidationErrorKind.ItemsNotUnique => "expected unique items",
            ValidationErrorKind.PatternMismatch when schema?.Pattern is string pattern => $"expected a value matching {pattern}",
            ValidationErrorKind.DateTimeExpected => "expected an RFC 3339 date-time such as 2026-11-01T00:00:00Z",
            _ => $"the value violates the schema rule '{error.Kind}'",
        };
    }

    private static string Describe(JToken token)
    {
        string text = token.ToString(Formatting.None);
        return text.Length > 60 ? text.Substring(0, 57) + "..." : text;
    }

    /// <summary>NJsonSchema reports "#/gate.blockingBranches[0]"; users read "$.gate.blockingBranches[0]".</summary>
    private static string ToJsonPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "#" || path == "#/")
        {
            return "$";
        }

        string trimmed = path!.StartsWith("#/", StringComparison.Ordinal) ? path.Substring(2) : path;
        return trimmed.StartsWith("[", StringComparison.Ordinal) ? "$" + trimmed : "$." + trimmed;
    }

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(". Path", StringComparison.Ordinal);
        return cut > 0 ? message.Substring(0, cut + 1) : message;
    }
}
