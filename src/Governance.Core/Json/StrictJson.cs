using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Governance.Core.Diagnostics;

namespace Governance.Core.Json;

/// <summary>
/// A strict reading of JSON that is signed or carries a signature (DSSE envelopes, in-toto
/// statements), where two readers must never see two different documents. System.Text.Json, like
/// many readers, lets the last of two properties with one name win while others take the first:
/// a signer and a consumer could then act on different payloads, so a name given twice in one
/// object is refused. A string escape that is not text (a lone surrogate such as <c>"\ud800"</c>)
/// cannot be read as a string at all and makes readers throw, so it is refused too, with its
/// place, instead of crashing whatever reads the value later.
/// </summary>
public static class StrictJson
{
    /// <summary>Null when <paramref name="utf8"/> is well-formed JSON with neither problem; else what is wrong and where.</summary>
    public static JsonFlaw? Check(byte[] utf8)
    {
        byte[] bytes = WithoutBom(utf8);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 });

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
                        // Compared unescaped: "a" and "\u0061" are one name to every reader.
                        string? name = Text(ref reader);
                        if (name is null)
                        {
                            return NotText(bytes, reader.TokenStartIndex);
                        }

                        if (!open.Peek()!.Add(name))
                        {
                            (int line, int column) = Position(bytes, reader.TokenStartIndex);
                            return new JsonFlaw($"names the property '{UntrustedText.Show(name)}' twice in one object, so readers disagree about which one counts", line, column);
                        }

                        break;
                    case JsonTokenType.String:
                        if (Text(ref reader) is null)
                        {
                            return NotText(bytes, reader.TokenStartIndex);
                        }

                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            return new JsonFlaw("is not well-formed JSON", (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1);
        }

        return null;
    }

    /// <summary>The bytes after a UTF-8 byte order mark, which some editors write and which is not part of the JSON.</summary>
    public static byte[] WithoutBom(byte[] utf8) =>
        utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF ? utf8.AsSpan(3).ToArray() : utf8;

    /// <summary>The unescaped string, or null when it is not text (a lone surrogate, invalid UTF-8).</summary>
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

    private static JsonFlaw NotText(byte[] bytes, long offset)
    {
        (int line, int column) = Position(bytes, offset);
        return new JsonFlaw("holds a string that is not text (an escaped lone surrogate such as \\ud800, or bytes that are not UTF-8)", line, column);
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
