using System;
using System.IO;
using System.Text.Json;
using Governance.Core.Diagnostics;

namespace Governance.Core.Json;

/// <summary>The text and parsed document of a JSON input file, or the diagnostic that says why there is none.</summary>
public sealed class JsonInput : IDisposable
{
    private JsonInput(string path, string? text, JsonDocument? document, Diagnostic? error)
    {
        Path = path;
        Text = text;
        Document = document;
        Error = error;
    }

    public string Path { get; }

    public string? Text { get; }

    public JsonDocument? Document { get; }

    public Diagnostic? Error { get; }

    /// <summary>
    /// Reads and parses a JSON file strictly (comments are allowed, trailing commas are not), so a
    /// file that another tool would read differently is reported instead of guessed at.
    /// </summary>
    public static JsonInput Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new JsonInput(path, null, null, new Diagnostic(
                Gov.UnreadableFile,
                $"{System.IO.Path.GetFileName(path)} cannot be read: {IO.RepoPath.DescribeFailure(ex)}. Check that the file exists and is readable.",
                new SourceLocation(path)));
        }

        return Parse(path, text);
    }

    /// <summary>Parses <paramref name="text"/> as the content of <paramref name="path"/>.</summary>
    public static JsonInput Parse(string path, string text)
    {
        try
        {
            var document = JsonDocument.Parse(text, new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = false,
                MaxDepth = 64,
            });
            return new JsonInput(path, text, document, null);
        }
        catch (JsonException ex)
        {
            int line = (int)(ex.LineNumber ?? 0) + 1;
            int column = (int)(ex.BytePositionInLine ?? 0) + 1;
            string detail = Describe(ex.Message);

            return new JsonInput(path, text, null, new Diagnostic(
                Gov.MalformedJson,
                $"{System.IO.Path.GetFileName(path)} is not well-formed JSON at line {line}, column {column}: {detail} Fix the syntax at that position (trailing commas are not allowed).",
                new SourceLocation(path, line, column)));
        }
    }

    /// <summary>Keeps the reader's explanation, dropping its position suffix and advice meant for programmers.</summary>
    private static string Describe(string message)
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

    public void Dispose() => Document?.Dispose();
}
