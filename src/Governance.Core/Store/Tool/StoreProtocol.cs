using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Governance.Core.Json;

namespace Governance.Core.Store.Tool;

/// <summary>
/// One store operation as JSON, between a process that cannot load a backend (the MSBuild tasks,
/// for <c>azblob:</c>) and the <c>governance</c> tool that can (<c>governance store call</c>).
/// Request: <c>{"op": "read-record" | "create-record" | "list-records" | "list-streams" |
/// "read-stream" | "try-append", "key", "prefix", "stream", "sequence", "content" (base64)}</c>.
/// Response: the result, or <c>{"error": {"kind": "integrity" | "unavailable" | "location" |
/// "argument", "message", "location"}}</c>, which the caller turns back into the exception.
/// </summary>
public static class StoreProtocol
{
    /// <summary>Runs <paramref name="request"/> against <paramref name="store"/> (the tool's side).</summary>
    public static byte[] Handle(IReleaseStore store, byte[] request)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(request);
            JsonElement r = document.RootElement;
            string op = r.GetProperty("op").GetString()!;
            switch (op)
            {
                case "read-record":
                    return Record(store.ReadRecord(r.GetProperty("key").GetString()!));
                case "create-record":
                    return Record(store.CreateRecord(r.GetProperty("key").GetString()!, r.GetProperty("content").GetBytesFromBase64()));
                case "list-records":
                    return Strings(store.ListRecords(r.GetProperty("prefix").GetString()!));
                case "list-streams":
                    return Strings(store.ListStreams());
                case "read-stream":
                    return CanonicalJson.Write(w =>
                    {
                        w.WriteStartObject();
                        w.WriteStartArray("entries");
                        foreach (StreamEntry entry in store.ReadStream(r.GetProperty("stream").GetString()!))
                        {
                            w.WriteStartObject();
                            w.WriteNumber("sequence", entry.Sequence);
                            w.WriteBase64String("content", entry.Content);
                            w.WriteString("location", entry.Location);
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    });
                case "try-append":
                    bool appended = store.TryAppend(r.GetProperty("stream").GetString()!, r.GetProperty("sequence").GetInt64(), r.GetProperty("content").GetBytesFromBase64());
                    return CanonicalJson.Write(w =>
                    {
                        w.WriteStartObject();
                        w.WriteBoolean("appended", appended);
                        w.WriteEndObject();
                    });
                default:
                    return Error("argument", $"'{op}' is not a store operation", null);
            }
        }
        catch (StoreIntegrityException ex)
        {
            return Error("integrity", ex.Message, ex.Location);
        }
        catch (StoreUnavailableException ex)
        {
            return Error("unavailable", ex.Message, null);
        }
        catch (StoreLocationException ex)
        {
            return Error("location", ex.Message, null);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            return Error("argument", ex.Message, null);
        }
    }

    public static byte[] Request(string op, Action<Utf8JsonWriter> arguments) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("op", op);
        arguments(w);
        w.WriteEndObject();
    });

    /// <summary>The response as a document, or the exception the tool reported.</summary>
    /// <exception cref="StoreIntegrityException">The tool found the store tampered.</exception>
    /// <exception cref="StoreUnavailableException">The tool could not reach it, or answered nonsense.</exception>
    /// <exception cref="StoreLocationException">The location is malformed.</exception>
    public static JsonDocument Response(byte[] response, string description)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(response);
        }
        catch (JsonException)
        {
            throw new StoreUnavailableException($"The governance tool answered for the release store {description} with something that is not a store response; update the tool to the SDK's version.");
        }

        if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out JsonElement error))
        {
            string kind = error.GetProperty("kind").GetString()!;
            string message = error.GetProperty("message").GetString()!;
            string? location = error.TryGetProperty("location", out JsonElement at) && at.ValueKind == JsonValueKind.String ? at.GetString() : null;
            document.Dispose();
            throw kind switch
            {
                "integrity" => new StoreIntegrityException(message, location ?? description),
                "location" => new StoreLocationException(message),
                "argument" => new ArgumentException(message),
                _ => (Exception)new StoreUnavailableException(message),
            };
        }

        return document;
    }

    private static byte[] Record(StoreRecord? record) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        if (record is null)
        {
            w.WriteNull("record");
        }
        else
        {
            w.WriteStartObject("record");
            w.WriteString("key", record.Key);
            w.WriteBase64String("content", record.Content);
            w.WriteString("sha256", record.Sha256);
            w.WriteString("location", record.Location);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    });

    private static byte[] Strings(IEnumerable<string> values) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("names");
        foreach (string value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static byte[] Error(string kind, string message, string? location) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("kind", kind);
        w.WriteString("message", message);
        if (location is not null)
        {
            w.WriteString("location", location);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    });

    internal static IReadOnlyList<string> Names(JsonDocument response) =>
        response.RootElement.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToArray();
}
