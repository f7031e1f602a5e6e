using System;
using System.IO;
using System.Linq;
using Governance.Core.Tenants;
using Governance.Core.Tests.Tenants.Fixtures;

namespace Governance.Core.Tests.Tenants;

/// <summary>Traits read from metadata: this assembly's fixtures (TraitFixtures.cs) and the real lab assemblies in TestData.</summary>
public class TestTraitReaderTests
{
    private const string Ns = "Governance.Core.Tests.Tenants.Fixtures.";

    // On this assembly (TraitFixtures.cs), so every method has it.
    private const string Suite = "Suite=governance-core";

    private static readonly Lazy<TestAssemblyTraits> Own = new(() => TestTraitReader.Read(typeof(XunitStyle).Assembly.Location));

    private static string[] TraitsOf(string className, string methodName) =>
        Own.Value.For(Ns + className, methodName).Select(t => $"{t.Name}={t.Value}").ToArray();

    [Fact]
    public void xUnit_traits_on_a_method_are_read_sorted()
    {
        Assert.Equal(new[] { "Capability=orders.read", "Isolation=cross-tenant-read", Suite }, TraitsOf("XunitStyle", "ReadOrders_IsIsolated"));
        Assert.Equal(typeof(XunitStyle).Assembly.Location, Own.Value.Assembly);
    }

    [Fact]
    public void Overloads_share_their_name_and_so_their_traits()
    {
        Assert.Equal(new[] { "Capability=orders.read", "Isolation=listing-leak", "Isolation=paging-leak", Suite }, TraitsOf("XunitStyle", "TheoryRows"));
    }

    [Fact]
    public void Class_traits_apply_to_every_public_method_of_the_class()
    {
        Assert.Equal(new[] { "Capability=orders.write", "Isolation=cross-tenant-write", Suite }, TraitsOf("ClassLevel", "WriteOrders"));
        Assert.Equal(new[] { "Capability=orders.write", Suite }, TraitsOf("ClassLevel", "Untagged"));
    }

    [Fact]
    public void Nested_classes_are_named_with_a_plus_as_TRX_names_them()
    {
        Assert.Equal(new[] { "Capability=orders.nested", Suite }, TraitsOf("XunitStyle+Nested", "NestedFact"));
        Assert.Equal(new[] { Suite }, TraitsOf("XunitStyle.Nested", "NestedFact"));
    }

    [Fact]
    public void Inherited_methods_appear_under_the_derived_class_with_the_base_class_traits()
    {
        Assert.Equal(new[] { "Capability=billing", "Isolation=cross-tenant-read", Suite }, TraitsOf("DerivedFixture", "InheritedFact"));
        // An override keeps the traits of the method it overrides, as the frameworks' attribute inheritance does.
        Assert.Equal(new[] { "Capability=billing", "Isolation=base-scenario", "Isolation=derived-scenario", Suite }, TraitsOf("DerivedFixture", "Overridden"));
        Assert.Equal(new[] { "Capability=generic", Suite }, TraitsOf("ClosedGeneric", "FromGenericBase"));
    }

    [Fact]
    public void Abstract_classes_never_run_and_are_not_listed()
    {
        Assert.Equal(new[] { Suite }, TraitsOf("BaseFixture", "InheritedFact"));
    }

    [Fact]
    public void MSTest_and_NUnit_categories_written_as_name_value_are_traits_and_others_are_not()
    {
        Assert.Equal(new[] { "Capability=orders.read", "Isolation=listing-leak", Suite }, TraitsOf("MSTestStyle", "ListOrders"));
        Assert.Equal(new[] { "Capability=payments", "Isolation=cross-tenant-write", Suite }, TraitsOf("NUnitStyle", "CaseRows"));
    }

    [Theory]
    [InlineData("CaseRows(1)")]
    [InlineData("CaseRows (1)")]
    [InlineData("CaseRows(\"a(b)\")")]
    public void A_method_name_with_NUnit_case_arguments_finds_the_method(string trxName)
    {
        Assert.Equal(new[] { "Capability=payments", "Isolation=cross-tenant-write", Suite }, TraitsOf("NUnitStyle", trxName));
    }

    [Fact]
    public void Look_alike_attributes_non_public_methods_and_unknown_tests_have_only_the_assembly_traits()
    {
        Assert.Equal(new[] { Suite }, TraitsOf("LookAlikeStyle", "LookAlikesOnly"));
        Assert.Equal(new[] { Suite }, TraitsOf("XunitStyle", "NotPublic"));
        Assert.Equal(new[] { Suite }, TraitsOf("XunitStyle", "Untagged"));
        Assert.Equal(new[] { Suite }, TraitsOf("NoSuchClass", "NoSuchMethod"));
    }

    [Fact]
    public void Only_methods_with_traits_are_listed()
    {
        string json = System.Text.Encoding.UTF8.GetString(Own.Value.ToJson());
        string[] fixtures = json.Split('\n').Where(l => l.Contains("\"class\": \"" + Ns, StringComparison.Ordinal)).ToArray();

        // XunitStyle 2, its Nested 1, ClassLevel 2, DerivedFixture 2, GenericBase`1 and ClosedGeneric 1 each, MSTestStyle 1, NUnitStyle 1.
        Assert.Equal(11, fixtures.Length);
        Assert.True(Own.Value.MethodCount >= fixtures.Length);
        Assert.Contains("\"class\": \"" + Ns + "GenericBase`1\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("LookAlikeStyle", json, StringComparison.Ordinal);
        Assert.DoesNotContain("BaseFixture\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("XunitLab.dll", "Lab.Xunit.WriteTests", "WriteOrders_IsIsolated", "Capability=orders.write,Isolation=cross-tenant-write")]
    [InlineData("XunitLab.dll", "Lab.Xunit.OrderTests", "TheoryRows", "")]
    [InlineData("MstestLab.dll", "Lab.Mstest.OrderTests", "ListOrders_DoesNotLeak", "Capability=orders.read,Isolation=listing-leak")]
    [InlineData("Mstest4Lab.dll", "Lab.Mstest4.OrderTests", "ListOrders_DoesNotLeak", "Capability=orders.read,Isolation=listing-leak")]
    [InlineData("NunitLab.dll", "Lab.Nunit.ClassCategoryTests", "ClassLevelCategory", "Capability=orders.write")]
    [InlineData("NunitLab.dll", "Lab.Nunit.OrderTests", "PropertyProbe", "")]
    public void Real_test_assemblies_reference_the_attributes_of_their_framework(string assembly, string className, string methodName, string expected)
    {
        TestAssemblyTraits traits = TestTraitReader.Read(TenantTestData.Lab(assembly));

        Assert.Equal(expected, string.Join(",", traits.For(className, methodName).Select(t => $"{t.Name}={t.Value}")));
    }

    [Fact]
    public void The_JSON_form_of_a_real_assembly()
    {
        byte[] json = TestTraitReader.Read(TenantTestData.Lab("XunitLab.dll")).ToJson();

        Assert.Equal(
            """
            {
              "schemaVersion": "1",
              "assembly": "XunitLab.dll",
              "assemblyTraits": [],
              "methods": [
                {
                  "class": "Lab.Xunit.CategoryProbeTests",
                  "method": "CategoryNamedTraits",
                  "traits": [
                    {
                      "name": "Category",
                      "value": "smoke"
                    },
                    {
                      "name": "TestCategory",
                      "value": "probe"
                    }
                  ]
                },
                {
                  "class": "Lab.Xunit.OrderTests",
                  "method": "ReadOrders_IsIsolated",
                  "traits": [
                    {
                      "name": "Capability",
                      "value": "orders.read"
                    },
                    {
                      "name": "Isolation",
                      "value": "cross-tenant-read"
                    }
                  ]
                },
                {
                  "class": "Lab.Xunit.WriteTests",
                  "method": "WriteOrders_IsIsolated",
                  "traits": [
                    {
                      "name": "Capability",
                      "value": "orders.write"
                    },
                    {
                      "name": "Isolation",
                      "value": "cross-tenant-write"
                    }
                  ]
                }
              ]
            }

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            System.Text.Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_a_bad_image_naming_it()
    {
        using var temp = new TempDirectory();
        string text = temp.Write("notes.dll", "not an assembly at all, just text that is long enough to look like a header");
        string empty = temp.Write("empty.dll", string.Empty);
        byte[] real = File.ReadAllBytes(TenantTestData.Lab("XunitLab.dll"));
        string cut = temp.Combine("cut.dll");
        File.WriteAllBytes(cut, real.Take(1024).ToArray());

        foreach (string file in new[] { text, empty, cut })
        {
            BadImageFormatException ex = Assert.Throws<BadImageFormatException>(() => TestTraitReader.Read(file));
            Assert.StartsWith(Path.GetFileName(file) + " is not a .NET assembly", ex.Message, StringComparison.Ordinal);
            Assert.Equal(file, ex.FileName);
        }
    }

    [Fact]
    public void A_missing_assembly_is_not_found_rather_than_bad()
    {
        using var temp = new TempDirectory();

        Assert.Throws<FileNotFoundException>(() => TestTraitReader.Read(temp.Combine("gone.dll")));
    }
}
