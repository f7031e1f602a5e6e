using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Governance.Core.Diagnostics;

namespace Governance.Core.Json;

/// <summary>
/// The one form of JSON that Governance.Sdk's signed and recorded documents take (bundle
/// manifests, DSSE envelopes, in-toto statements, store records): UTF-8 without a byte-order mark,
/// no comments, no trailing commas, no property name twice in an object (compared unescaped:
/// <c>"a"</c> and <c>"\u0061"</c> are one name), no string that is not text (an escaped lone
/// surrogate such as <c>"\ud800"</c>, which makes readers throw), and numbers that fit the types
/// they are read into. Two readers can disagree about each of these (which duplicate wins, what a
/// BOM or an invalid byte means), so a signer and a consumer could act on different documents: a
/// file that relies on one is refused, with its place, rather than read one way here and another
/// way by whoever checks it next.
/// </summary>
public static class StrictJson
{
    /// <summary>Null when <paramref name="utf8"/> is strict JSON; else what is wrong and where.</summary>
    public static JsonFlaw? Check(byte[] utf8)
    {
        if (utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF)
        {
            return new JsonFlaw("starts with a byte-order mark, which Governance.Sdk never writes (another tool re-saved it)", 1, 1);
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false, MaxDepth = 64 });

        // The property names of each open object; null for an open array.
        var open = new Stack<HashSet<string>?>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        open.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.StartArray:
                        open.Push(null);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        open.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        string? name = Text(ref reader);
                        if (name is null)
                        {
                            return At(utf8, reader.TokenStartIndex, NotText);
                        }

                        if (!open.Peek()!.Add(name))
                        {
                            return At(utf8, reader.TokenStartIndex, $"names the property '{MessageText.Value(name)}' twice in one object, so readers disagree about which one counts");
                        }

                        break;
                    case JsonTokenType.String when Text(ref reader) is null:
                        return At(utf8, reader.TokenStartIndex, NotText);
                    case JsonTokenType.Number when !FitsItsType(ref reader):
                        return At(utf8, reader.TokenStartIndex, "holds a number too large to be read (an integer must fit in 64 bits)");
                }
            }
        }
        catch (JsonException ex)
        {
            // The reader's own account: invalid UTF-8, a comment, a trailing comma, a syntax error.
            return new JsonFlaw($"is not well-formed JSON: {JsonInput.Describe(ex.Message)}", (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1);
        }

        return null;
    }

    /// <summary>As <see cref="Check"/>, as the GOV1001 of <paramref name="path"/>, or null.</summary>
    public static Diagnostic? Diagnose(string path, byte[] utf8) => Check(utf8) is JsonFlaw flaw
        ? new Diagnostic(Gov.MalformedJson,
            $"{System.IO.Path.GetFileName(path)}{flaw.Where} {flaw.Description}. Governance.Sdk writes this file as plain UTF-8 JSON; it was edited or forged. Restore it as it was written, or make it again.",
            new SourceLocation(path, flaw.Line, flaw.Column))
        : null;

    private const string NotText = "holds a string that is not text (an escaped lone surrogate such as \\ud800)";

    /// <summary>The unescaped string, or null when it is not text.</summary>
    private static string? Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>An integer must fit a long, any other number a finite double: what the readers of these formats use.</summary>
    private static bool FitsItsType(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.ValueSpan; // one contiguous buffer: never a sequence
        bool integer = raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;
        return integer ? reader.TryGetInt64(out _) : reader.TryGetDouble(out double value) && !double.IsInfinity(value);
    }

    private static JsonFlaw At(byte[] bytes, long offset, string description)
    {
        (int line, int column) = Position(bytes, offset);
        return new JsonFlaw(description, line, column);
    }

    /// <summary>The 1-based line and column (in characters) of a byte offset.</summary>
    private static (int Line, int Column) Position(byte[] bytes, long offset)
    {
        int line = 1, lineStart = 0;
        for (int i = 0; i < offset; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, Encoding.UTF8.GetCharCount(bytes, lineStart, (int)offset - lineStart) + 1);
    }
}
