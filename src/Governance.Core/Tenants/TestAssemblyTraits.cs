using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Governance.Core.Json;

namespace Governance.Core.Tenants;

/// <summary>
/// The traits one test assembly's metadata gives its test methods, keyed as TRX results name them:
/// the class as <c>TestMethod@className</c> writes it (<c>Ns.Outer+Inner</c>, the derived class for
/// an inherited method) and the method name. Read by <see cref="TestTraitReader"/>, and kept as JSON
/// (<see cref="ToJson"/>) in the evidence package, so a replay judges the same traits without the
/// assemblies. Only methods with at least one trait are listed; assembly-level categories apply to
/// every method.
/// </summary>
public sealed class TestAssemblyTraits
{
    /// <summary>The version of the JSON form <see cref="ToJson"/> writes and <see cref="FromJson"/> reads.</summary>
    public const string SchemaVersion = "1";

    // Written once: the inputs record these bytes and the matrix names their digest.
    private byte[]? json;

    private readonly IReadOnlyList<TestTrait> assemblyTraits;

    // Ordinal: the same class and method names the TRX writes, which are case-sensitive in .NET.
    private readonly Dictionary<(string Class, string Method), IReadOnlyList<TestTrait>> methods;

    // What For answers: each method's traits with the assembly's, merged once rather than per result.
    private readonly Dictionary<(string Class, string Method), IReadOnlyList<TestTrait>> answers;

    /// <param name="assembly">Full path of the assembly the traits were read from.</param>
    /// <param name="assemblyTraits">Traits on the assembly itself, which apply to every method.</param>
    /// <param name="methods">Each method's traits, its class's and its base classes' included.</param>
    internal TestAssemblyTraits(string assembly, IEnumerable<TestTrait> assemblyTraits, IEnumerable<KeyValuePair<(string Class, string Method), IEnumerable<TestTrait>>> methods)
    {
        Assembly = assembly;
        this.assemblyTraits = TestTrait.Canonical(assemblyTraits);
        this.methods = new Dictionary<(string, string), IReadOnlyList<TestTrait>>();
        foreach (KeyValuePair<(string Class, string Method), IEnumerable<TestTrait>> method in methods)
        {
            IReadOnlyList<TestTrait> traits = TestTrait.Canonical(method.Value);
            if (traits.Count > 0)
            {
                this.methods[method.Key] = traits;
            }
        }

        answers = this.assemblyTraits.Count == 0
            ? this.methods
            : this.methods.ToDictionary(m => m.Key, m => TestTrait.Canonical(m.Value.Concat(this.assemblyTraits)));
    }

    /// <summary>Full path of the test assembly (as the TRX names it).</summary>
    public string Assembly { get; }

    /// <summary>How many methods have traits of their own (beyond the assembly's).</summary>
    public int MethodCount => methods.Count;

    /// <summary>
    /// The traits of a test, sorted by name then value, or empty when it has none.
    /// <paramref name="methodName"/> may carry an NUnit case's arguments (<c>CaseRows(2,3)</c>, as
    /// TRX writes NUnit's <c>TestMethod@name</c>): a .NET method name has no <c>(</c>, so what follows it is cut.
    /// </summary>
    public IReadOnlyList<TestTrait> For(string className, string methodName)
    {
        if (answers.TryGetValue((className, methodName), out IReadOnlyList<TestTrait>? traits))
        {
            return traits;
        }

        string method = TestResultRow.WithoutArguments(methodName);
        return method.Length != methodName.Length && answers.TryGetValue((className, method), out traits)
            ? traits
            : assemblyTraits;
    }

    /// <summary>
    /// Canonical UTF-8 JSON (<see cref="CanonicalJson"/>): methods sorted by class then method,
    /// traits by name then value, and the assembly by file name only, so the bytes do not depend on
    /// the folder it was built in and the evidence package's digests mean the same on every machine.
    /// </summary>
    public byte[] ToJson() => json ??= CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("schemaVersion", SchemaVersion);
        w.WriteString("assembly", Path.GetFileName(Assembly));
        WriteTraits(w, "assemblyTraits", assemblyTraits);
        w.WriteStartArray("methods");
        foreach (KeyValuePair<(string Class, string Method), IReadOnlyList<TestTrait>> method in methods
            .OrderBy(m => m.Key.Class, StringComparer.Ordinal)
            .ThenBy(m => m.Key.Method, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("class", method.Key.Class);
            w.WriteString("method", method.Key.Method);
            WriteTraits(w, "traits", method.Value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>
    /// Reads what <see cref="ToJson"/> wrote for <paramref name="assembly"/> (its file name must be
    /// the one recorded). Throws <see cref="FormatException"/> for anything else: JSON that is not
    /// strict (<see cref="StrictJson"/>), another schema version, a missing, extra or mistyped
    /// property, an empty name, or a method listed twice. Traits that cannot be trusted whole are not used at all.
    /// </summary>
    public static TestAssemblyTraits FromJson(string assembly, byte[] json)
    {
        if (StrictJson.Check(json) is JsonFlaw flaw)
        {
            throw new FormatException($"The traits of {Path.GetFileName(assembly)}{flaw.Where} {flaw.Description}.");
        }

        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = ObjectOf(document.RootElement, "the document", "schemaVersion", "assembly", "assemblyTraits", "methods");
        string version = StringOf(root, "schemaVersion", allowEmpty: false);
        if (version != SchemaVersion)
        {
            throw new FormatException($"The traits of {Path.GetFileName(assembly)} have schemaVersion \"{version}\"; this version of Governance.Sdk reads \"{SchemaVersion}\".");
        }

        string recorded = StringOf(root, "assembly", allowEmpty: false);
        if (recorded != Path.GetFileName(assembly))
        {
            throw new FormatException($"The traits recorded for {recorded} were offered as those of {Path.GetFileName(assembly)}.");
        }

        var methods = new List<KeyValuePair<(string Class, string Method), IEnumerable<TestTrait>>>();
        var seen = new HashSet<(string, string)>();
        foreach (JsonElement item in ArrayOf(root, "methods"))
        {
            JsonElement method = ObjectOf(item, "a method", "class", "method", "traits");
            (string Class, string Method) key = (StringOf(method, "class", allowEmpty: false), StringOf(method, "method", allowEmpty: false));
            if (!seen.Add(key))
            {
                throw new FormatException($"The traits of {Path.GetFileName(assembly)} list {key.Class}.{key.Method} twice.");
            }

            IReadOnlyList<TestTrait> traits = Traits(method, "traits");
            if (traits.Count == 0)
            {
                throw new FormatException($"The traits of {Path.GetFileName(assembly)} list {key.Class}.{key.Method} without traits; only methods with traits are written.");
            }

            methods.Add(new KeyValuePair<(string, string), IEnumerable<TestTrait>>(key, traits));
        }

        return new TestAssemblyTraits(assembly, Traits(root, "assemblyTraits"), methods);
    }

    private static void WriteTraits(Utf8JsonWriter w, string name, IReadOnlyList<TestTrait> traits)
    {
        w.WriteStartArray(name);
        foreach (TestTrait trait in traits)
        {
            w.WriteStartObject();
            w.WriteString("name", trait.Name);
            w.WriteString("value", trait.Value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static IReadOnlyList<TestTrait> Traits(JsonElement parent, string name)
    {
        var traits = new List<TestTrait>();
        foreach (JsonElement item in ArrayOf(parent, name))
        {
            JsonElement trait = ObjectOf(item, "a trait", "name", "value");
            traits.Add(new TestTrait(StringOf(trait, "name", allowEmpty: false), StringOf(trait, "value", allowEmpty: true)));
        }

        return traits;
    }

    /// <summary>The element, when it is an object with exactly <paramref name="properties"/>.</summary>
    private static JsonElement ObjectOf(JsonElement element, string what, params string[] properties)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"Test traits JSON: {what} is {element.ValueKind}, not an object.");
        }

        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (Array.IndexOf(properties, property.Name) < 0)
            {
                throw new FormatException($"Test traits JSON: {what} has the unknown property '{property.Name}'.");
            }
        }

        foreach (string property in properties)
        {
            if (!element.TryGetProperty(property, out _))
            {
                throw new FormatException($"Test traits JSON: {what} has no '{property}'.");
            }
        }

        return element;
    }

    private static JsonElement.ArrayEnumerator ArrayOf(JsonElement parent, string name)
    {
        JsonElement value = parent.GetProperty(name);
        return value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new FormatException($"Test traits JSON: '{name}' is {value.ValueKind}, not an array.");
    }

    private static string StringOf(JsonElement parent, string name, bool allowEmpty)
    {
        JsonElement value = parent.GetProperty(name);
        string? text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return text is null ? throw new FormatException($"Test traits JSON: '{name}' is {value.ValueKind}, not a string.")
            : text.Length == 0 && !allowEmpty ? throw new FormatException($"Test traits JSON: '{name}' is empty.")
            : text;
    }
}
