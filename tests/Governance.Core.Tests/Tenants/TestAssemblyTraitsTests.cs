using System;
using System.IO;
using System.Linq;
using System.Text;
using Governance.Core.Tenants;
using Governance.Core.Tests.Tenants.Fixtures;

namespace Governance.Core.Tests.Tenants;

public class TestAssemblyTraitsTests
{
    private static readonly string OwnAssembly = typeof(XunitStyle).Assembly.Location;

    [Fact]
    public void JSON_round_trips_byte_for_byte_with_the_same_answers()
    {
        TestAssemblyTraits read = TestTraitReader.Read(OwnAssembly);
        byte[] json = read.ToJson();

        TestAssemblyTraits back = TestAssemblyTraits.FromJson(OwnAssembly, json);

        Assert.Equal(json, back.ToJson());
        Assert.Equal(read.MethodCount, back.MethodCount);
        Assert.Equal(OwnAssembly, back.Assembly);
        Assert.Equal(read.For("Governance.Core.Tests.Tenants.Fixtures.NUnitStyle", "CaseRows(2)"), back.For("Governance.Core.Tests.Tenants.Fixtures.NUnitStyle", "CaseRows(2)"));
        Assert.Equal(read.For("Anything", "At.All"), back.For("Anything", "At.All")); // the assembly's own traits
    }

    [Fact]
    public void JSON_names_the_assembly_by_file_name_only_and_does_not_depend_on_its_folder()
    {
        using var temp = new TempDirectory();
        string here = temp.Combine(Path.Combine("a", Path.GetFileName(OwnAssembly)));
        string there = temp.Combine(Path.Combine("b", "deeper", "folder", Path.GetFileName(OwnAssembly)));
        foreach (string copy in new[] { here, there })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(OwnAssembly, copy);
        }

        byte[] json = TestTraitReader.Read(here).ToJson();

        Assert.Equal(json, TestTraitReader.Read(there).ToJson());
        string text = Encoding.UTF8.GetString(json);
        Assert.StartsWith("{\n  \"schemaVersion\": \"1\",\n  \"assembly\": \"Governance.Core.Tests.dll\",\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(temp.Path, text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        Assert.False(json.Take(3).SequenceEqual(new byte[] { 0xEF, 0xBB, 0xBF }));
    }

    [Fact]
    public void Written_traits_are_sorted_whatever_order_they_were_read_in()
    {
        const string unsorted = """
            {"schemaVersion": "1", "assembly": "T.dll", "assemblyTraits": [],
             "methods": [
               {"class": "B", "method": "m", "traits": [{"name": "Isolation", "value": "x"}, {"name": "Capability", "value": "c"}]},
               {"class": "A", "method": "z", "traits": [{"name": "Capability", "value": "c"}]},
               {"class": "A", "method": "a", "traits": [{"name": "Capability", "value": "c"}, {"name": "Capability", "value": "c"}]}
             ]}
            """;

        TestAssemblyTraits traits = TestAssemblyTraits.FromJson("/bin/T.dll", Encoding.UTF8.GetBytes(unsorted));
        string json = Encoding.UTF8.GetString(traits.ToJson());

        Assert.True(json.IndexOf("\"A\"", StringComparison.Ordinal) < json.IndexOf("\"B\"", StringComparison.Ordinal));
        Assert.True(json.IndexOf("\"a\"", StringComparison.Ordinal) < json.IndexOf("\"z\"", StringComparison.Ordinal));
        Assert.Equal(new[] { "Capability", "Isolation" }, traits.For("B", "m").Select(t => t.Name));
        Assert.Single(traits.For("A", "a"));
        Assert.Equal(traits.ToJson(), TestAssemblyTraits.FromJson("/elsewhere/T.dll", traits.ToJson()).ToJson());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"schemaVersion\": \"1\", \"assembly\": \"T.dll\", \"assemblyTraits\": [], \"methods\": [],}")]
    [InlineData("{\"schemaVersion\": \"2\", \"assembly\": \"T.dll\", \"assemblyTraits\": [], \"methods\": []}")]
    [InlineData("{\"schemaVersion\": 1, \"assembly\": \"T.dll\", \"assemblyTraits\": [], \"methods\": []}")]
    [InlineData("{\"schemaVersion\": \"1\", \"assembly\": \"Other.dll\", \"assemblyTraits\": [], \"methods\": []}")]
    [InlineData("{\"schemaVersion\": \"1\", \"assembly\": \"/bin/T.dll\", \"assemblyTraits\": [], \"methods\": []}")]
    [InlineData("{\"schemaVersion\": \"1\", \"assembly\": \"T.dll\", \"methods\": []}")]
    [InlineData("{\"schemaVersion\": \"1\", \"assembly\": \"T.dll\", \"assemblyTraits\": [], \"methods\": [], \"extra\": 1}")]
    [InlineData("{\"schemaVersion\": \"1\", \"assembly\": \"T.dll\", \"assembly\": \"T.dll\", \"assemblyTraits\": [], \"methods\": []}")]
    [InlineData("{\"schemaVersion\": \"1\", \"assembly\": \"T.dll\", \"assemblyTraits\": {}, \"methods\": []}")]
    [InlineData("{\"schemaVersion\": \"1\", \"assembly\": \"T.dll\", \"assemblyTraits\": [{\"name\": \"\", \"value\": \"v\"}], \"methods\": []}")]
    [InlineData("{\"schemaVersion\": \"1\", \"assembly\": \"T.dll\", \"assemblyTraits\": [{\"name\": \"n\"}], \"methods\": []}")]
    [InlineData("{\"schemaVersion\": \"1\", \"assembly\": \"T.dll\", \"assemblyTraits\": [], \"methods\": [{\"class\": \"A\", \"method\": \"m\", \"traits\": []}]}")]
    [InlineData("{\"schemaVersion\": \"1\", \"assembly\": \"T.dll\", \"assemblyTraits\": [], \"methods\": [{\"class\": \"\", \"method\": \"m\", \"traits\": [{\"name\": \"n\", \"value\": \"v\"}]}]}")]
    [InlineData("{\"schemaVersion\": \"1\", \"assembly\": \"T.dll\", \"assemblyTraits\": [], \"methods\": [{\"class\": \"A\", \"method\": \"m\", \"traits\": [{\"name\": \"n\", \"value\": null}]}]}")]
    [InlineData("{\"schemaVersion\": \"1\", \"assembly\": \"T.dll\", \"assemblyTraits\": [], \"methods\": [{\"class\": \"A\", \"method\": \"m\", \"traits\": [{\"name\": \"n\", \"value\": \"v\"}]}, {\"class\": \"A\", \"method\": \"m\", \"traits\": [{\"name\": \"n\", \"value\": \"w\"}]}]}")]
    [InlineData("\uFEFF{\"schemaVersion\": \"1\", \"assembly\": \"T.dll\", \"assemblyTraits\": [], \"methods\": []}")]
    public void Anything_malformed_is_a_FormatException(string json)
    {
        Assert.Throws<FormatException>(() => TestAssemblyTraits.FromJson("/bin/T.dll", Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void The_smallest_valid_form_reads()
    {
        TestAssemblyTraits traits = TestAssemblyTraits.FromJson("/bin/T.dll", Encoding.UTF8.GetBytes("{\"schemaVersion\": \"1\", \"assembly\": \"T.dll\", \"assemblyTraits\": [], \"methods\": []}"));

        Assert.Equal(0, traits.MethodCount);
        Assert.Empty(traits.For("A", "m"));
    }
}
