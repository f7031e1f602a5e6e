using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Governance.Core.Json;

/// <summary>
/// The one writer for every JSON output the SDK produces (reports, lineage, fragments, SARIF):
/// UTF-8 without BOM, two-space indentation, LF line endings, a final newline, and properties in
/// the order the caller writes them. Callers write collections already sorted, so the same inputs
/// always give the same bytes — the precondition for digests that mean anything.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    /// <summary>Runs <paramref name="write"/> against a fresh writer and returns the canonical bytes.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        // The indented writer uses the platform newline before .NET 9. Raw CR/LF bytes can only be
        // structural whitespace (string content is always escaped), so normalising them is safe.
        string text = Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n") + "\n";
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
    }

    /// <summary>
    /// A double as the same text on every runtime: the shortest of 15 or 17 significant digits that
    /// reads back as the same value. ("R" differs between .NET Framework and .NET for some values,
    /// 2/3 for one, and both flavours of the tasks write reports and the release store.)
    /// </summary>
    public static string FormatNumber(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "JSON has no text for a number that is not finite.");
        }

        string shorter = value.ToString("G15", System.Globalization.CultureInfo.InvariantCulture);
        return double.Parse(shorter, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture) == value
            ? shorter
            : value.ToString("G17", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Writes a number with <see cref="FormatNumber"/>, or null.</summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter writer, string name, double? value)
    {
        writer.WritePropertyName(name);
        if (value is double number)
        {
            writer.WriteRawValue(FormatNumber(number));
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>Writes a property only when the value is present, keeping optional fields out of the bytes.</summary>
    public static void WriteOptionalString(this Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }
}
