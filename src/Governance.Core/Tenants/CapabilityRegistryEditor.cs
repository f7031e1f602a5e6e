using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Json;

namespace Governance.Core.Tenants;

/// <summary>
/// Assigns capabilities to a cohort in <c>capabilities.json</c> by editing its text, not by writing
/// the JSON again: every byte outside the edits stays as it was (formatting, key order, comments,
/// line endings, the byte order mark), so the change reviews as a one-line diff per capability. A
/// <c>cohort</c> value is replaced in place; a capability without one gets <c>"cohort": N</c> after
/// its <c>id</c>, on the same line in an object written on one line, else on a line of its own with
/// the object's indentation and the line ending of the line it follows.
/// </summary>
public static class CapabilityRegistryEditor
{
    private const string CohortProperty = "cohort";

    /// <summary>
    /// Sets <c>"cohort": <paramref name="cohort"/></c> on each capability of <paramref name="ids"/>
    /// (compared without case) and writes the registry atomically: only if it still has the digest
    /// <paramref name="expectedSha256"/> it was planned from (else nothing is written: someone changed
    /// it in between), and only if the result reads back through <see cref="CapabilityRegistryReader"/>
    /// as the same registry with just those cohorts changed.
    /// </summary>
    public static CapabilityRegistryEdit Assign(string path, string expectedSha256, IReadOnlyCollection<string> ids, int cohort)
    {
        string name = Path.GetFileName(path);
        string target = WriteTarget(path);
        if (!TryRead(target, out byte[] before, out Diagnostic? unreadable))
        {
            return CapabilityRegistryEdit.Refused(unreadable!);
        }

        if (Sha256.OfBytes(before) != expectedSha256)
        {
            return CapabilityRegistryEdit.Refused(Changed(path, name));
        }

        CapabilityRegistryLoad old = CapabilityRegistryReader.FromBytes(path, before);
        if (old.Registry is null)
        {
            return new CapabilityRegistryEdit(false, null, old.Problems);
        }

        string[] missing = ids.Where(id => !old.Registry.Capabilities.Any(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (missing.Length > 0)
        {
            return CapabilityRegistryEdit.Refused(new Diagnostic(Gov.SchemaViolation,
                $"{name} does not list the capabilit{(missing.Length == 1 ? "y" : "ies")} {string.Join(", ", missing)}, so no cohort was assigned and nothing was written.",
                new SourceLocation(path)));
        }

        byte[] after;
        try
        {
            after = SetCohort(before, ids, cohort);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // What the reader accepts but the UTF-8 editor cannot walk: a UTF-16 or UTF-32 file, or bytes that are not UTF-8.
            return CapabilityRegistryEdit.Refused(new Diagnostic(Gov.MalformedJson,
                $"Cohort {cohort} was not assigned and {name} was not changed: --write edits registries saved as UTF-8, and this one is not ({JsonInput.Describe(ex.Message)}). Save it as UTF-8 and run the plan again.",
                new SourceLocation(path)));
        }
        if (after.AsSpan().SequenceEqual(before))
        {
            return new CapabilityRegistryEdit(false, expectedSha256, Array.Empty<Diagnostic>());
        }

        // Prove the result before it replaces the file: valid, and the same registry but for the cohorts set.
        CapabilityRegistryLoad edited = CapabilityRegistryReader.FromBytes(path, after);
        if (edited.Registry is null)
        {
            return new CapabilityRegistryEdit(false, null, edited.Problems
                .Select(p => p with { Message = $"Cohort {cohort} was not assigned and {name} was not changed: the edited registry would not be valid. {p.Message}" })
                .ToArray());
        }

        if (Difference(old.Registry, edited.Registry, ids, cohort) is string difference)
        {
            return CapabilityRegistryEdit.Refused(new Diagnostic(Gov.SchemaViolation,
                $"Cohort {cohort} was not assigned and {name} was not changed: the edit would have changed more than the cohorts ({difference}), which is a fault in Governance.Sdk. Assign the cohort by hand, and report the file's layout.",
                new SourceLocation(path)));
        }

        // The narrowest window this can give without a lock: the file is compared again just before it is replaced.
        if (!TryRead(target, out byte[] now, out unreadable))
        {
            return CapabilityRegistryEdit.Refused(unreadable!);
        }

        if (!now.AsSpan().SequenceEqual(before))
        {
            return CapabilityRegistryEdit.Refused(Changed(path, name));
        }

        AtomicFile.WriteAllBytes(target, after);
        return new CapabilityRegistryEdit(true, Sha256.OfBytes(after), Array.Empty<Diagnostic>());
    }

    /// <summary>
    /// The registry's bytes with <c>"cohort": <paramref name="cohort"/></c> set on each capability of
    /// <paramref name="ids"/> (compared without case), and nothing else changed. The registry may
    /// have comments; ids it does not list are ignored. Throws <see cref="JsonException"/> when it
    /// is not well-formed JSON.
    /// </summary>
    public static byte[] SetCohort(byte[] registry, IReadOnlyCollection<string> ids, int cohort)
    {
        var wanted = new HashSet<string>(ids, StringComparer.OrdinalIgnoreCase);
        string value = cohort.ToString(CultureInfo.InvariantCulture);
        int start = BomLength(registry);
        var edits = new List<Edit>();
        var reader = new Utf8JsonReader(registry.AsSpan(start), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return registry;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool capabilities = reader.ValueTextEquals("capabilities");
            reader.Read();
            if (!capabilities || reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                JsonObjectText capability = JsonObjectText.Read(ref reader, start);
                if (capability.Id is string id && wanted.Contains(id))
                {
                    edits.AddRange(EditsFor(registry, capability, value));
                }
            }
        }

        return Apply(registry, edits);
    }

    private static IEnumerable<Edit> EditsFor(byte[] text, JsonObjectText capability, string value)
    {
        JsonPropertyText[] cohorts = capability.Properties.Where(p => p.Name == CohortProperty).ToArray();
        if (cohorts.Length > 0)
        {
            return cohorts
                .Where(p => Encoding.UTF8.GetString(text, p.ValueStart, p.ValueEnd - p.ValueStart) != value)
                .Select(p => new Edit(p.ValueStart, p.ValueEnd - p.ValueStart, value))
                .ToArray();
        }

        JsonPropertyText id = capability.Properties.First(p => p.Name == "id");
        string between = Encoding.UTF8.GetString(text, id.NameEnd, id.ValueStart - id.NameEnd);
        string colon = between.Trim() == ":" && between.IndexOfAny(new[] { '\r', '\n' }) < 0 ? between : ": ";
        string property = "\"" + CohortProperty + "\"" + colon + value;

        int after = SkipTrivia(text, id.ValueEnd, out int lineEnd);
        if (text[after] == (byte)',')
        {
            int next = SkipTrivia(text, after + 1, out int newline);
            if (newline >= 0)
            {
                // "id": "a",⏎  "owner": … → "id": "a",⏎  "cohort": N,⏎  "owner": …
                return new[] { new Edit(newline, 0, LineEnding(text, newline) + Indent(text, capability, id) + property + ",") };
            }

            // { "id": "a", "owner": … } → { "id": "a", "cohort": N, "owner": … }
            return new[] { new Edit(after + 1, 0, Gap(text, after + 1, next) + property + ",") };
        }

        // The id is the last property.
        if (lineEnd >= 0)
        {
            return new[]
            {
                new Edit(id.ValueEnd, 0, ","),
                new Edit(lineEnd, 0, LineEnding(text, lineEnd) + Indent(text, capability, id) + property),
            };
        }

        return new[] { new Edit(id.ValueEnd, 0, "," + Gap(text, id.ValueEnd, after) + property) };
    }

    /// <summary>
    /// The position of the first byte from <paramref name="position"/> that is neither white space
    /// nor in a comment, and in <paramref name="newline"/> the first line break on the way that is
    /// not inside a block comment (-1 when there is none): where a new line can be inserted.
    /// </summary>
    private static int SkipTrivia(byte[] text, int position, out int newline)
    {
        newline = -1;
        int i = position;
        while (i < text.Length)
        {
            byte b = text[i];
            if (b is (byte)'\r' or (byte)'\n')
            {
                newline = newline < 0 ? i : newline;
                i++;
            }
            else if (b is (byte)' ' or (byte)'\t')
            {
                i++;
            }
            else if (b == (byte)'/' && i + 1 < text.Length && text[i + 1] == (byte)'/')
            {
                while (i < text.Length && text[i] is not ((byte)'\r' or (byte)'\n'))
                {
                    i++;
                }
            }
            else if (b == (byte)'/' && i + 1 < text.Length && text[i + 1] == (byte)'*')
            {
                int close = text.AsSpan(i + 2).IndexOf("*/"u8);
                i = close < 0 ? text.Length : i + 2 + close + 2;
            }
            else
            {
                return i;
            }
        }

        return i;
    }

    /// <summary>The line break at <paramref name="position"/>: CRLF, LF or CR, as the file has it there.</summary>
    private static string LineEnding(byte[] text, int position) =>
        text[position] == (byte)'\r' ? (position + 1 < text.Length && text[position + 1] == (byte)'\n' ? "\r\n" : "\r") : "\n";

    /// <summary>The blanks between two tokens on one line when there are only blanks, else one space.</summary>
    private static string Gap(byte[] text, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            if (text[i] is not ((byte)' ' or (byte)'\t'))
            {
                return " ";
            }
        }

        return Encoding.UTF8.GetString(text, from, to - from);
    }

    /// <summary>
    /// The indentation of the object's properties: the id's when it starts its line, else that of the
    /// first property that does, else the indentation of the object's line and two spaces more.
    /// </summary>
    private static string Indent(byte[] text, JsonObjectText capability, JsonPropertyText id) =>
        IndentBefore(text, id.NameStart)
        ?? capability.Properties.Select(p => IndentBefore(text, p.NameStart)).FirstOrDefault(i => i is not null)
        ?? LineIndent(text, capability.Start) + "  ";

    private static string? IndentBefore(byte[] text, int position)
    {
        int lineStart = LineStart(text, position);
        for (int i = lineStart; i < position; i++)
        {
            if (text[i] is not ((byte)' ' or (byte)'\t'))
            {
                return null;
            }
        }

        return Encoding.UTF8.GetString(text, lineStart, position - lineStart);
    }

    private static string LineIndent(byte[] text, int position)
    {
        int lineStart = LineStart(text, position);
        int i = lineStart;
        while (i < position && text[i] is (byte)' ' or (byte)'\t')
        {
            i++;
        }

        return Encoding.UTF8.GetString(text, lineStart, i - lineStart);
    }

    private static int LineStart(byte[] text, int position)
    {
        int i = position;
        int first = BomLength(text);
        while (i > first && text[i - 1] is not ((byte)'\n' or (byte)'\r'))
        {
            i--;
        }

        return i;
    }

    private static int BomLength(byte[] text) => text.Length >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF ? 3 : 0;

    private static byte[] Apply(byte[] text, List<Edit> edits)
    {
        if (edits.Count == 0)
        {
            return text;
        }

        var result = new MemoryStream(text.Length + (edits.Count * 16));
        int copied = 0;
        foreach (Edit edit in edits.Select((e, order) => (e, order)).OrderBy(x => x.e.Position).ThenBy(x => x.order).Select(x => x.e))
        {
            result.Write(text, copied, edit.Position - copied);
            byte[] insert = Encoding.UTF8.GetBytes(edit.Insert);
            result.Write(insert, 0, insert.Length);
            copied = edit.Position + edit.Remove;
        }

        result.Write(text, copied, text.Length - copied);
        return result.ToArray();
    }

    /// <summary>Null when <paramref name="after"/> is <paramref name="before"/> with only the cohorts of <paramref name="ids"/> set to <paramref name="cohort"/>; else what differs.</summary>
    private static string? Difference(CapabilityRegistry before, CapabilityRegistry after, IReadOnlyCollection<string> ids, int cohort)
    {
        var wanted = new HashSet<string>(ids, StringComparer.OrdinalIgnoreCase);
        if (before.Capabilities.Count != after.Capabilities.Count)
        {
            return $"{before.Capabilities.Count} capabilities became {after.Capabilities.Count}";
        }

        for (int i = 0; i < before.Capabilities.Count; i++)
        {
            Capability was = before.Capabilities[i];
            Capability now = after.Capabilities[i];
            int? expected = wanted.Contains(was.Id) ? cohort : was.Cohort;
            if (was.Id != now.Id || now.Cohort != expected || was.Owner != now.Owner || was.Channel != now.Channel || was.Risk != now.Risk ||
                was.SameTenant != now.SameTenant || !was.Tests.SequenceEqual(now.Tests) || !was.Scenarios.SequenceEqual(now.Scenarios) ||
                (was.Exemption is null) != (now.Exemption is null) ||
                (was.Exemption is not null && (was.Exemption.Reason != now.Exemption!.Reason || was.Exemption.ApprovedBy != now.Exemption.ApprovedBy || was.Exemption.Expires != now.Exemption.Expires)))
            {
                return $"capability {i + 1}, '{was.Id}'";
            }
        }

        return null;
    }

    /// <summary>Where the new bytes go: the file itself, or the file a link at that path ends at (a link is not replaced by a copy).</summary>
    private static string WriteTarget(string path)
    {
#if NET
        return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
#else
        return path;
#endif
    }

    private static bool TryRead(string path, out byte[] bytes, out Diagnostic? problem)
    {
        try
        {
            RegularFile.RefuseSpecial(path);
            bytes = File.ReadAllBytes(path);
            problem = null;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            bytes = Array.Empty<byte>();
            problem = new Diagnostic(Gov.UnreadableFile, $"{Path.GetFileName(path)} cannot be read: {RepoPath.DescribeFailure(ex)}. Nothing was written.", new SourceLocation(path));
            return false;
        }
    }

    private static Diagnostic Changed(string path, string name) => new(Gov.UnreadableFile,
        $"{name} changed after it was read for the plan, so the plan may no longer fit it: nothing was written. Run `governance tenants plan` again and check the new plan before writing it.",
        new SourceLocation(path));

    private readonly record struct Edit(int Position, int Remove, string Insert);

    private sealed record JsonPropertyText(string Name, int NameStart, int NameEnd, int ValueStart, int ValueEnd);

    /// <summary>Where one object's properties are in the text (byte offsets into the whole file), and its id.</summary>
    private sealed record JsonObjectText(int Start, IReadOnlyList<JsonPropertyText> Properties, string? Id)
    {
        /// <summary>Reads the object whose <c>{</c> the reader is at, leaving the reader at its <c>}</c>.</summary>
        public static JsonObjectText Read(ref Utf8JsonReader reader, int offset)
        {
            int start = offset + (int)reader.TokenStartIndex;
            var properties = new List<JsonPropertyText>();
            string? id = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                int nameStart = offset + (int)reader.TokenStartIndex;
                int nameEnd = nameStart + reader.ValueSpan.Length + 2;
                reader.Read();
                int valueStart = offset + (int)reader.TokenStartIndex;
                int valueEnd;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                    valueEnd = offset + (int)reader.TokenStartIndex + 1;
                }
                else
                {
                    if (name == "id" && reader.TokenType == JsonTokenType.String)
                    {
                        id = reader.GetString();
                    }

                    valueEnd = valueStart + reader.ValueSpan.Length + (reader.TokenType == JsonTokenType.String ? 2 : 0);
                }

                properties.Add(new JsonPropertyText(name, nameStart, nameEnd, valueStart, valueEnd));
            }

            return new JsonObjectText(start, properties, id);
        }
    }
}

/// <summary>What <see cref="CapabilityRegistryEditor.Assign"/> did.</summary>
/// <param name="Written">True when the registry was replaced; false when nothing needed to change or it was refused.</param>
/// <param name="Sha256">The registry's digest now, or null when it was refused.</param>
/// <param name="Problems">Why it was refused (nothing was written), or empty.</param>
public sealed record CapabilityRegistryEdit(bool Written, string? Sha256, IReadOnlyList<Diagnostic> Problems)
{
    internal static CapabilityRegistryEdit Refused(Diagnostic problem) => new(false, null, new[] { problem });
}
