using System;
using System.IO;
using System.Linq;
using System.Text;
using Governance.Core.Diagnostics;
using Governance.Core.Inputs;
using Governance.Core.IO;
using Governance.Core.Tenants;

namespace Governance.Core.Tests.Tenants;

public sealed class CapabilityRegistryEditorTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static string Edit(string registry, int cohort, params string[] ids) =>
        Encoding.UTF8.GetString(CapabilityRegistryEditor.SetCohort(Encoding.UTF8.GetBytes(registry), ids, cohort));

    /// <summary>Writes the registry, assigns the cohort through the file, and returns the file's text afterwards (checking it reads back valid).</summary>
    private string Assign(string registry, int cohort, params string[] ids)
    {
        string path = temp.Combine("capabilities.json");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(registry));
        CapabilityRegistryEdit edit = CapabilityRegistryEditor.Assign(path, Sha256.OfFile(path), ids, cohort);
        Assert.Empty(edit.Problems);
        Assert.True(edit.Written);
        Assert.Equal(Sha256.OfFile(path), edit.Sha256);
        CapabilityRegistryLoad load = CapabilityRegistryReader.Read(new FileSystemInputs(), path);
        Assert.Empty(load.Problems);
        Assert.All(ids, id => Assert.Equal(cohort, load.Registry!.Capabilities.Single(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase)).Cohort));
        return Encoding.UTF8.GetString(File.ReadAllBytes(path));
    }

    private const string Multiline =
        "{\n" +
        "  \"$schema\": \"schemas/governance-capabilities.schema.json\",\n" +
        "  \"capabilities\": [\n" +
        "    {\n" +
        "      \"id\": \"orders.read\",\n" +
        "      \"owner\": \"team-orders\",\n" +
        "      \"channel\": \"public\",\n" +
        "      \"risk\": \"high\",\n" +
        "      \"sameTenant\": \"pending\"\n" +
        "    },\n" +
        "    {\n" +
        "      \"id\": \"billing.list\",\n" +
        "      \"owner\": \"team-billing\",\n" +
        "      \"channel\": \"partner\",\n" +
        "      \"risk\": \"medium\",\n" +
        "      \"sameTenant\": \"pending\"\n" +
        "    }\n" +
        "  ]\n" +
        "}\n";

    [Fact]
    public void A_cohort_is_inserted_after_the_id_on_a_line_of_its_own_with_the_objects_indentation()
    {
        string expected = Multiline.Replace(
            "      \"id\": \"orders.read\",\n",
            "      \"id\": \"orders.read\",\n      \"cohort\": 3,\n");

        Assert.Equal(expected, Assign(Multiline, 3, "orders.read"));
    }

    [Fact]
    public void Only_the_chosen_capabilities_change_and_ids_compare_without_case()
    {
        string expected = Multiline
            .Replace("      \"id\": \"orders.read\",\n", "      \"id\": \"orders.read\",\n      \"cohort\": 2,\n")
            .Replace("      \"id\": \"billing.list\",\n", "      \"id\": \"billing.list\",\n      \"cohort\": 2,\n");

        Assert.Equal(expected, Assign(Multiline, 2, "ORDERS.read", "billing.list"));
        Assert.Equal(Multiline, Edit(Multiline, 2, "not.there"));
    }

    [Fact]
    public void CRLF_line_endings_are_kept_and_the_new_line_uses_them()
    {
        string crlf = Multiline.Replace("\n", "\r\n");
        string expected = crlf.Replace(
            "      \"id\": \"billing.list\",\r\n",
            "      \"id\": \"billing.list\",\r\n      \"cohort\": 4,\r\n");

        string written = Assign(crlf, 4, "billing.list");

        Assert.Equal(expected, written);
        Assert.DoesNotContain("\n", written.Replace("\r\n", string.Empty));
    }

    [Fact]
    public void The_byte_order_mark_is_kept()
    {
        byte[] bom = { 0xEF, 0xBB, 0xBF };
        string path = temp.Combine("capabilities.json");
        File.WriteAllBytes(path, bom.Concat(Encoding.UTF8.GetBytes(Multiline)).ToArray());

        CapabilityRegistryEdit edit = CapabilityRegistryEditor.Assign(path, Sha256.OfFile(path), new[] { "orders.read" }, 1);

        Assert.True(edit.Written);
        byte[] written = File.ReadAllBytes(path);
        Assert.Equal(bom, written.Take(3));
        Assert.Equal(Multiline.Replace("\"orders.read\",\n", "\"orders.read\",\n      \"cohort\": 1,\n"), Encoding.UTF8.GetString(written, 3, written.Length - 3));
    }

    [Fact]
    public void In_an_object_on_one_line_the_cohort_goes_on_that_line_in_its_style()
    {
        string registry =
            "{ \"capabilities\": [\n" +
            "  { \"id\": \"a\", \"owner\": \"o\", \"channel\": \"public\", \"risk\": \"high\", \"sameTenant\": \"pending\" },\n" +
            "  {\"id\":\"b\",\"owner\":\"o\",\"channel\":\"public\",\"risk\":\"low\",\"sameTenant\":\"pending\"},\n" +
            "  { \"owner\": \"o\", \"channel\": \"public\", \"risk\": \"low\", \"sameTenant\": \"pending\", \"id\": \"c\" },\n" +
            "  {\"owner\":\"o\",\"channel\":\"public\",\"risk\":\"low\",\"sameTenant\":\"pending\",\"id\":\"d\"}\n" +
            "] }";
        string expected =
            "{ \"capabilities\": [\n" +
            "  { \"id\": \"a\", \"cohort\": 5, \"owner\": \"o\", \"channel\": \"public\", \"risk\": \"high\", \"sameTenant\": \"pending\" },\n" +
            "  {\"id\":\"b\",\"cohort\":5,\"owner\":\"o\",\"channel\":\"public\",\"risk\":\"low\",\"sameTenant\":\"pending\"},\n" +
            "  { \"owner\": \"o\", \"channel\": \"public\", \"risk\": \"low\", \"sameTenant\": \"pending\", \"id\": \"c\", \"cohort\": 5 },\n" +
            "  {\"owner\":\"o\",\"channel\":\"public\",\"risk\":\"low\",\"sameTenant\":\"pending\",\"id\":\"d\",\"cohort\":5}\n" +
            "] }";

        Assert.Equal(expected, Assign(registry, 5, "a", "b", "c", "d"));
    }

    [Fact]
    public void An_existing_cohort_is_replaced_in_place_wherever_it_is()
    {
        string registry =
            "{\n\t\"capabilities\": [\n" +
            "\t\t{\n\t\t\t\"owner\": \"o\",\n\t\t\t\"cohort\":   12 ,\n\t\t\t\"id\": \"a\",\n\t\t\t\"channel\": \"public\",\n\t\t\t\"risk\": \"high\",\n\t\t\t\"sameTenant\": \"pending\"\n\t\t},\n" +
            "\t\t{ \"id\": \"b\", \"cohort\": 3, \"owner\": \"o\", \"channel\": \"public\", \"risk\": \"high\", \"sameTenant\": \"pending\" }\n" +
            "\t]\n}\n";
        string expected = registry.Replace("\"cohort\":   12 ,", "\"cohort\":   7 ,").Replace("\"cohort\": 3,", "\"cohort\": 7,");

        Assert.Equal(expected, Assign(registry, 7, "a", "b"));
    }

    [Fact]
    public void A_capability_already_in_the_cohort_is_left_as_it_is()
    {
        string registry = "{ \"capabilities\": [ { \"id\": \"a\", \"cohort\": 2, \"owner\": \"o\", \"channel\": \"public\", \"risk\": \"high\", \"sameTenant\": \"pending\" } ] }";
        string path = temp.Write("capabilities.json", registry);
        string digest = Sha256.OfFile(path);
        DateTime written = File.GetLastWriteTimeUtc(path);

        CapabilityRegistryEdit edit = CapabilityRegistryEditor.Assign(path, digest, new[] { "a" }, 2);

        Assert.False(edit.Written);
        Assert.Empty(edit.Problems);
        Assert.Equal(digest, edit.Sha256);
        Assert.Equal(registry, File.ReadAllText(path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void Comments_stay_where_they_are_and_the_new_line_goes_after_a_comment_that_ends_the_id_line()
    {
        string registry =
            "// The capabilities of the order service.\n" +
            "{\n" +
            "  /* one per endpoint */\n" +
            "  \"capabilities\": [\n" +
            "    {\n" +
            "      \"id\": \"orders.read\", // the GET endpoint\n" +
            "      // who to ask\n" +
            "      \"owner\": \"team-orders\",\n" +
            "      \"channel\": \"public\", \"risk\": \"high\",\n" +
            "      \"sameTenant\": \"pending\" /* not yet */\n" +
            "    },\n" +
            "    {\n" +
            "      \"owner\": \"team-orders\", \"channel\": \"public\", \"risk\": \"high\", \"sameTenant\": \"pending\",\n" +
            "      \"id\": \"orders.write\" // last, with a comment\n" +
            "    },\n" +
            "    { \"id\": \"orders.delete\", /* inline */ \"owner\": \"o\", \"channel\": \"public\", \"risk\": \"high\", \"sameTenant\": \"pending\" }\n" +
            "  ]\n" +
            "}\n";
        string expected = registry
            .Replace("\"id\": \"orders.read\", // the GET endpoint\n", "\"id\": \"orders.read\", // the GET endpoint\n      \"cohort\": 2,\n")
            .Replace("\"id\": \"orders.write\" // last, with a comment\n", "\"id\": \"orders.write\", // last, with a comment\n      \"cohort\": 2\n")
            .Replace("\"id\": \"orders.delete\", /* inline */", "\"id\": \"orders.delete\", \"cohort\": 2, /* inline */");

        Assert.Equal(expected, Assign(registry, 2, "orders.read", "orders.write", "orders.delete"));
    }

    [Fact]
    public void The_id_as_the_last_property_gets_a_comma_and_the_cohort_on_the_next_line()
    {
        string registry =
            "{\r\n  \"capabilities\": [\r\n    {\r\n      \"owner\": \"o\",\r\n      \"channel\": \"internal\",\r\n      \"risk\": \"low\",\r\n      \"sameTenant\": \"pending\",\r\n      \"id\": \"a\"\r\n    }\r\n  ]\r\n}";
        string expected = registry.Replace("      \"id\": \"a\"\r\n", "      \"id\": \"a\",\r\n      \"cohort\": 1\r\n");

        Assert.Equal(expected, Assign(registry, 1, "a"));
    }

    [Fact]
    public void An_id_that_does_not_start_its_line_takes_the_indentation_of_the_other_properties()
    {
        string registry =
            "{ \"capabilities\": [\n" +
            "  { \"id\": \"a\",\n" +
            "    \"owner\": \"o\",\n" +
            "    \"channel\": \"internal\", \"risk\": \"low\", \"sameTenant\": \"pending\" }\n" +
            "] }\n";
        string expected = registry.Replace("{ \"id\": \"a\",\n", "{ \"id\": \"a\",\n    \"cohort\": 6,\n");

        Assert.Equal(expected, Assign(registry, 6, "a"));
    }

    [Fact]
    public void Multi_byte_text_and_escapes_before_the_edit_do_not_shift_it()
    {
        string registry =
            "{ \"capabilities\": [\n" +
            "  { \"id\": \"a.read\", \"owner\": \"Zo\\u00eb Ångström 👩‍💻\", \"channel\": \"internal\", \"risk\": \"low\", \"sameTenant\": \"pending\" },\n" +
            "  { \"owner\": \"Zoë\", \"id\": \"b\", \"channel\": \"internal\", \"risk\": \"low\", \"sameTenant\": \"pending\" }\n" +
            "] }\n";
        string expected = registry.Replace("\"id\": \"b\",", "\"id\": \"b\", \"cohort\": 1,");

        Assert.Equal(expected, Assign(registry, 1, "b"));
    }

    [Fact]
    public void A_registry_changed_since_it_was_read_is_not_written()
    {
        string path = temp.Write("capabilities.json", Multiline);
        string planned = Sha256.OfFile(path);
        string changed = Multiline.Replace("team-billing", "team-payments");
        File.WriteAllText(path, changed);

        CapabilityRegistryEdit edit = CapabilityRegistryEditor.Assign(path, planned, new[] { "orders.read" }, 1);

        Assert.False(edit.Written);
        Assert.Null(edit.Sha256);
        Diagnostic problem = Assert.Single(edit.Problems);
        Assert.Equal(Gov.UnreadableFile.Code, problem.Code);
        Assert.Contains("changed after it was read", problem.Message, StringComparison.Ordinal);
        Assert.Equal(changed, File.ReadAllText(path));
    }

    [Fact]
    public void An_edit_that_would_make_the_registry_invalid_is_not_written()
    {
        string path = temp.Write("capabilities.json", Multiline);

        CapabilityRegistryEdit edit = CapabilityRegistryEditor.Assign(path, Sha256.OfFile(path), new[] { "orders.read" }, 2_000_000);

        Assert.False(edit.Written);
        Diagnostic problem = Assert.Single(edit.Problems);
        Assert.Equal(Gov.SchemaViolation.Code, problem.Code);
        Assert.StartsWith("Cohort 2000000 was not assigned and capabilities.json was not changed", problem.Message, StringComparison.Ordinal);
        Assert.Equal(Multiline, File.ReadAllText(path));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp"));
    }

    [Fact]
    public void A_registry_saved_as_UTF16_is_read_but_not_edited()
    {
        string path = temp.Combine("capabilities.json");
        File.WriteAllText(path, Multiline, Encoding.Unicode);
        byte[] before = File.ReadAllBytes(path);
        Assert.NotNull(CapabilityRegistryReader.Read(new FileSystemInputs(), path).Registry);

        CapabilityRegistryEdit edit = CapabilityRegistryEditor.Assign(path, Sha256.OfBytes(before), new[] { "orders.read" }, 1);

        Assert.False(edit.Written);
        Diagnostic problem = Assert.Single(edit.Problems);
        Assert.Equal(Gov.MalformedJson.Code, problem.Code);
        Assert.Contains("saved as UTF-8", problem.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_capability_the_registry_does_not_list_is_refused()
    {
        string path = temp.Write("capabilities.json", Multiline);

        CapabilityRegistryEdit edit = CapabilityRegistryEditor.Assign(path, Sha256.OfFile(path), new[] { "orders.read", "gone" }, 1);

        Assert.False(edit.Written);
        Assert.Contains("gone", Assert.Single(edit.Problems).Message, StringComparison.Ordinal);
        Assert.Equal(Multiline, File.ReadAllText(path));
    }

    [Fact]
    public void A_link_to_the_registry_stays_a_link_and_its_target_is_edited()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string target = temp.Write("data/capabilities.json", Multiline);
        string link = temp.Combine("capabilities.json");
        File.CreateSymbolicLink(link, target);

        CapabilityRegistryEdit edit = CapabilityRegistryEditor.Assign(link, Sha256.OfFile(target), new[] { "orders.read" }, 1);

        Assert.True(edit.Written);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Contains("\"cohort\": 1,", File.ReadAllText(target), StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_text_is_a_json_exception_for_the_pure_edit()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => Edit("{ \"capabilities\": [ { \"id\": \"a\", } ] }", 1, "a"));
    }
}
