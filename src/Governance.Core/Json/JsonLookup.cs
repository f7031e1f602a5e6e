using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Governance.Core.Json;

/// <summary>
/// Lookups in JSON that other tools wrote (GitHub responses, SARIF logs, bundle manifests being
/// explained), where any property may be missing or of another type. Each answers "nothing" instead
/// of throwing, so a reader of such input fails closed on what it did not find, never with a crash.
/// </summary>
public static class JsonLookup
{
    /// <summary>The named property when it is a string, else null.</summary>
    public static string? StringOrNull(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The named property when it is a number that fits an int, else 0.</summary>
    public static int IntOrZero(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) ? number : 0;

    /// <summary>The named property when it is an object, else an undefined element (every lookup on it finds nothing).</summary>
    public static JsonElement ObjectOrUndefined(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Object ? value : default;

    /// <summary>The items of the named property when it is an array, else none.</summary>
    public static IEnumerable<JsonElement> ArrayItems(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : Enumerable.Empty<JsonElement>();
}
