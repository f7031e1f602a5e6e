using System;
using System.Collections.Generic;
using System.Text.Json;
using Governance.Core.Diagnostics;

namespace Governance.Core.Json;

/// <summary>
/// The one form of JSON that Governance.Sdk's signed and recorded files take: UTF-8 without a
/// byte-order mark, no comments, no trailing commas, no property name twice in an object, no
/// string that is not valid Unicode (a lone surrogate), and numbers that fit the types they are
/// read into. Two readers can disagree about any of these (which duplicate wins, what a BOM or an
/// invalid byte means), so a file that relies on one is refused rather than read one way here and
/// another way by whoever checks it next.
/// </summary>
public static class StrictJson
{
    private static readonly byte[] ByteOrderMark = { 0xEF, 0xBB, 0xBF };

    /// <summary>Null when <paramref name="bytes"/> is strict JSON, else a GOV1001 naming the line and column.</summary>
    public static Diagnostic? Check(string path, byte[] bytes)
    {
        string name = System.IO.Path.GetFileName(path);
        if (bytes.Length >= 3 && bytes[0] == ByteOrderMark[0] && bytes[1] == ByteOrderMark[1] && bytes[2] == ByteOrderMark[2])
        {
            return new Diagnostic(Gov.MalformedJson,
                $"{name} starts with a byte-order mark. Governance.Sdk writes this file as UTF-8 without one; it was re-saved by another tool. Restore the file as it was written.",
                new SourceLocation(path, 1, 1));
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false, MaxDepth = 64 });
        var names = new Stack<HashSet<string>>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        names.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.EndObject:
                        names.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        string? property = Text(ref reader);
                        if (property is null)
                        {
                            return Refuse(path, bytes, reader.TokenStartIndex, "a property name is not valid Unicode (a lone surrogate escape such as \\ud800)");
                        }

                        if (!names.Peek().Add(property))
                        {
                            return Refuse(path, bytes, reader.TokenStartIndex, $"the property \"{MessageText.Escape(property)}\" appears twice in one object, and readers disagree about which one counts");
                        }

                        break;
                    case JsonTokenType.String when Text(ref reader) is null:
                        return Refuse(path, bytes, reader.TokenStartIndex, "a string is not valid Unicode (a lone surrogate escape such as \\ud800)");
                    case JsonTokenType.Number when !FitsItsType(ref reader):
                        return Refuse(path, bytes, reader.TokenStartIndex, "a number is too large to be read (integers must fit in 64 bits)");
                }
            }
        }
        catch (JsonException ex)
        {
            // The reader's own position: invalid UTF-8, a comment, a trailing comma, a syntax error.
            int line = (int)(ex.LineNumber ?? 0) + 1;
            int column = (int)(ex.BytePositionInLine ?? 0) + 1;
            return new Diagnostic(Gov.MalformedJson,
                $"{name} is not well-formed JSON at line {line}, column {column}: {JsonInput.Describe(ex.Message)} Governance.Sdk writes this file as plain UTF-8 JSON without comments; restore it as it was written.",
                new SourceLocation(path, line, column));
        }

        return null;
    }

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

    private static Diagnostic Refuse(string path, byte[] bytes, long offset, string why)
    {
        (int line, int column) = Position(bytes, offset);
        return new Diagnostic(Gov.MalformedJson,
            $"{System.IO.Path.GetFileName(path)} cannot be read unambiguously at line {line}, column {column}: {why}. Governance.Sdk never writes such a file; it was edited or forged. Restore it as it was written.",
            new SourceLocation(path, line, column));
    }

    /// <summary>The 1-based line and byte column of <paramref name="offset"/>, counted as System.Text.Json counts them.</summary>
    private static (int Line, int Column) Position(byte[] bytes, long offset)
    {
        int line = 1;
        long lineStart = 0;
        for (long i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, (int)(offset - lineStart) + 1);
    }
}
