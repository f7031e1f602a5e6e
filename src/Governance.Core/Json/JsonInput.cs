using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using Governance.Core.Diagnostics;

namespace Governance.Core.Json;

/// <summary>The text and parsed document of a JSON input file, or the diagnostic that says why there is none.</summary>
public sealed class JsonInput : IDisposable
{
    private JsonInput(string path, string? text, string? sha256, JsonDocument? document, Diagnostic? error)
    {
        Path = path;
        Text = text;
        Sha256 = sha256;
        Document = document;
        Error = error;
    }

    public string Path { get; }

    public string? Text { get; }

    /// <summary>SHA-256 of the file's bytes as read, or null when it could not be read: callers that
    /// record the digest need not read the file a second time.</summary>
    public string? Sha256 { get; }

    public JsonDocument? Document { get; }

    public Diagnostic? Error { get; }

    /// <summary>
    /// Reads and parses a JSON file strictly (comments are allowed, trailing commas are not), so a
    /// file that another tool would read differently is reported instead of guessed at.
    /// </summary>
    public static JsonInput Read(string path) => Read(new Inputs.FileSystemInputs(), path, Inputs.InputRole.Other);

    /// <summary>As <see cref="Read(string)"/>, through the evaluation's inputs, which record the read and its <paramref name="role"/>.</summary>
    public static JsonInput Read(Inputs.IGateInputs inputs, string path, string role)
    {
        byte[] bytes;
        try
        {
            bytes = inputs.ReadAllBytes(path, role);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new JsonInput(path, null, null, null, new Diagnostic(
                Gov.UnreadableFile,
                $"{System.IO.Path.GetFileName(path)} cannot be read: {IO.RepoPath.DescribeFailure(ex)}. Check that the file exists and is readable.",
                new SourceLocation(path)));
        }

        return FromBytes(path, bytes);
    }

    /// <summary>As <see cref="Read"/>, for bytes already read (so what is checked is exactly what was read).</summary>
    public static JsonInput FromBytes(string path, byte[] bytes)
    {
        string text;
        using (var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true))
        {
            text = reader.ReadToEnd();
        }

        return Parse(path, text, IO.Sha256.OfBytes(bytes));
    }

    private static JsonInput Parse(string path, string text, string sha256)
    {
        try
        {
            var document = JsonDocument.Parse(text, new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = false,
                MaxDepth = 64,
            });
            if (FindBrokenString(text) is (int line, int column))
            {
                document.Dispose();
                return new JsonInput(path, text, sha256, null, new Diagnostic(
                    Gov.MalformedJson,
                    $"{System.IO.Path.GetFileName(path)} has a string at line {line}, column {column} that is not text: it escapes half of a UTF-16 surrogate pair (\\uD800 to \\uDFFF) without the other half. Write the character itself, or both halves of the pair (for example \\ud83d\\ude00).",
                    new SourceLocation(path, line, column)));
            }

            return new JsonInput(path, text, sha256, document, null);
        }
        catch (JsonException ex)
        {
            int line = (int)(ex.LineNumber ?? 0) + 1;
            int column = (int)(ex.BytePositionInLine ?? 0) + 1;
            if (text.Trim().Length == 0)
            {
                return new JsonInput(path, text, sha256, null, new Diagnostic(
                    Gov.MalformedJson,
                    $"{System.IO.Path.GetFileName(path)} is empty. Write the JSON it should hold into it (its format is in the docs of what reads it).",
                    new SourceLocation(path, 1, 1)));
            }

            string detail = Describe(ex.Message);
            string hint = detail.IndexOf("',' ", StringComparison.Ordinal) >= 0 || detail.IndexOf("trailing comma", StringComparison.OrdinalIgnoreCase) >= 0
                ? " (trailing commas are not allowed)"
                : string.Empty;
            return new JsonInput(path, text, sha256, null, new Diagnostic(
                Gov.MalformedJson,
                $"{System.IO.Path.GetFileName(path)} is not well-formed JSON at line {line}, column {column}: {detail} Fix the syntax at that position{hint}.",
                new SourceLocation(path, line, column)));
        }
    }

    /// <summary>
    /// Where a string or property name escapes a lone surrogate (<c>"\ud800"</c>), or null. JSON's
    /// grammar allows it, but it is no text: reading it as a string throws, it cannot be
    /// normalised or compared as a name, and no report could be written with it. So it is refused
    /// here, once, for every JSON input.
    /// </summary>
    private static (int Line, int Column)? FindBrokenString(string text)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped)
            {
                continue;
            }

            try
            {
                reader.GetString();
            }
            catch (InvalidOperationException)
            {
                int offset = (int)reader.TokenStartIndex;
                int lineStart = Array.LastIndexOf(utf8, (byte)'\n', Math.Max(0, offset - 1)) + 1;
                int line = 1;
                for (int i = 0; i < lineStart; i++)
                {
                    line += utf8[i] == (byte)'\n' ? 1 : 0;
                }

                return (line, Encoding.UTF8.GetCharCount(utf8, lineStart, offset - lineStart) + 1);
            }
        }

        return null;
    }

    /// <summary>Keeps the reader's explanation, dropping its position suffix and advice meant for programmers.</summary>
    internal static string Describe(string message)
    {
        foreach (string marker in new[] { " LineNumber:", " Path:" })
        {
            int cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message.Substring(0, cut);
            }
        }

        return message.Replace(" Change the reader options.", string.Empty).Trim();
    }

    /// <summary>
    /// Checks an input in one of Governance.Sdk's own versioned formats: well-formed (GOV1001),
    /// the <c>schemaVersion</c> this version reads (GOV1003, followed by <paramref name="remedy"/>)
    /// and valid against its schema (GOV1002). No diagnostics means <see cref="Document"/> has the
    /// schema's shape.
    /// </summary>
    public IReadOnlyList<Diagnostic> ValidateVersioned(string schemaVersion, string schemaFileName, string remedy)
    {
        if (Error is not null)
        {
            return new[] { Error };
        }

        JsonElement root = Document!.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("schemaVersion", out JsonElement version) &&
            !(version.ValueKind == JsonValueKind.String && version.GetString() == schemaVersion))
        {
            return new[]
            {
                new Diagnostic(Gov.UnsupportedSchemaVersion,
                    $"{System.IO.Path.GetFileName(Path)} has schemaVersion {version.GetRawText()}; this version of Governance.Sdk reads \"{schemaVersion}\". {remedy}",
                    new SourceLocation(Path)),
            };
        }

        return SchemaValidator.Validate(Path, Text!, schemaFileName);
    }

    public void Dispose() => Document?.Dispose();
}
