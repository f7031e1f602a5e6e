using System.Linq;
using Governance.Core.Checks;
using Governance.Core.Evaluation;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Policy;

namespace Governance.Core.Tests.Checks;

public class ContractCheckerTests
{
    private static CheckResult[] Check(TempDirectory dir, string files = "contracts/*.json", string schema = "contracts/schemas/order.schema.json") =>
        ContractChecker.Check(new ContractRequirement(files, schema, Severity.High, 9), dir.Path, dir.Combine("governance.json"), new Governance.Core.Inputs.FileSystemInputs(), new RepositorySchemas(dir.Path, new Governance.Core.Inputs.FileSystemInputs())).ToArray();

    private static void WriteSchemas(TempDirectory dir)
    {
        dir.Write("contracts/schemas/order.schema.json", """
            { "type": "object", "required": ["id", "lines"],
              "properties": { "id": { "type": "string" }, "lines": { "type": "array", "items": { "$ref": "line.schema.json" } } },
              "additionalProperties": false }
            """);
        dir.Write("contracts/schemas/line.schema.json", """
            { "type": "object", "required": ["qty"], "properties": { "qty": { "type": "integer", "minimum": 1 }, "price": { "$ref": "money.schema.json#/definitions/amount" } } }
            """);
        dir.Write("contracts/schemas/money.schema.json", """{ "definitions": { "amount": { "type": "number", "minimum": 0 } } }""");
    }

    [Fact]
    public void Valid_files_pass_each_as_its_own_check()
    {
        using var dir = new TempDirectory();
        WriteSchemas(dir);
        dir.Write("contracts/a.json", """{ "id": "A", "lines": [ { "qty": 1, "price": 2.5 } ] }""");
        dir.Write("contracts/b.json", """{ "id": "B", "lines": [] }""");

        CheckResult[] results = Check(dir);

        Assert.Equal(new[] { "contract:contracts/a.json", "contract:contracts/b.json" }, results.Select(r => r.Id));
        Assert.All(results, r => Assert.Equal(("GOV2101", CheckStatus.Pass), (r.Code, r.Status)));
        Assert.All(results, r => Assert.Equal(2, r.Evidence.Count));
    }

    [Fact]
    public void Each_violation_through_a_relative_ref_is_one_GOV2101_with_line_path_expected_and_found()
    {
        using var dir = new TempDirectory();
        WriteSchemas(dir);
        dir.Write("contracts/a.json", "{\n  \"id\": \"A\",\n  \"lines\": [\n    { \"qty\": 0, \"price\": \"free\" }\n  ]\n}");

        CheckResult[] results = Check(dir);

        Assert.Equal(2, results.Length);
        Assert.All(results, r => Assert.Equal(("GOV2101", CheckStatus.Fail, 4), (r.Code, r.Status, r.Locations[0].Line)));
        CheckResult qty = Assert.Single(results, r => r.Message.Contains("$.lines[0].qty"));
        Assert.Contains("expected a number at least 1", qty.Message);
        Assert.Contains("Found 0", qty.Message);
        Assert.Contains("violates its contract contracts/schemas/order.schema.json", qty.Message);
        Assert.Contains(results, r => r.Message.Contains("$.lines[0].price") && r.Message.Contains("expected a number") && r.Message.Contains("Found \"free\""));
    }

    [Fact]
    public void A_malformed_contract_file_fails_its_contract_with_line_and_column()
    {
        using var dir = new TempDirectory();
        WriteSchemas(dir);
        dir.Write("contracts/a.json", "{\n  \"id\": \"A\",,\n}");

        CheckResult result = Assert.Single(Check(dir));

        Assert.Equal(("GOV2101", CheckStatus.Fail, 2), (result.Code, result.Status, result.Locations[0].Line));
        Assert.Contains("not well-formed", result.Message);
    }

    [Fact]
    public void A_glob_that_matches_nothing_fails_rather_than_passing_silently()
    {
        using var dir = new TempDirectory();
        WriteSchemas(dir);

        CheckResult result = Assert.Single(Check(dir, files: "contract/*.json"));

        Assert.Equal(("GOV2101", CheckStatus.Fail), (result.Code, result.Status));
        Assert.Contains("matches no file", result.Message);
        Assert.Equal((dir.Combine("governance.json"), 9), (result.Locations[0].Path, result.Locations[0].Line));
    }

    [Theory]
    [InlineData("{ \"$ref\": \"missing.schema.json\" }", "GOV1005", "missing.schema.json")]
    [InlineData("{ \"$ref\": \"../../../outside.schema.json\" }", "GOV1002", "leads outside the repository")]
    [InlineData("{ \"type\": \"objekt\" }", "GOV1002", "$.type is \"objekt\"; expected one of")]
    [InlineData("{ \"type\": 5 }", "GOV1002", "$.type is 5")]
    [InlineData("[]", "GOV1002", "a schema is an object")]
    [InlineData("{ \"required\": \"id\" }", "GOV1002", "$.required is \"id\"; expected an array")]
    [InlineData("{ \"properties\": { \"id\": { \"minLength\": \"x\" } } }", "GOV1002", "$.properties.id.minLength is \"x\"")]
    [InlineData("{ \"minLength\": 99999999999999999999999 }", "GOV1002", "$.minLength is 99999999999999999999999; expected a whole number")]
    [InlineData("{ \"properties\": { \"id\": { \"pattern\": \"([\" } } }", "GOV1002", "expected a valid regular expression")]
    [InlineData("{ \"$ref\": \"common.schema.json\" }", "GOV1001", "common.schema.json is not well-formed")]
    [InlineData("{ \"$ref\": \"https://example.com/order.schema.json\" }", "GOV1002", "https://example.com/order.schema.json")]
    [InlineData("{ \"type\": ", "GOV1001", "not well-formed")]
    public void A_broken_schema_is_a_configuration_error_that_names_the_reference(string schema, string code, string named)
    {
        using var dir = new TempDirectory();
        dir.Write("contracts/schemas/order.schema.json", schema);
        dir.Write("contracts/schemas/common.schema.json", "{ \"type\": ");
        dir.Write("contracts/a.json", "{}");

        CheckResult result = Assert.Single(Check(dir));

        Assert.Equal((code, CheckStatus.Error), (result.Code, result.Status));
        Assert.Contains(named, result.Message);
        Assert.DoesNotContain(dir.Path, result.Message);
    }

    [Theory]
    [InlineData("../outside/*.json", "contracts/schemas/order.schema.json")]
    [InlineData("contracts/*.json", "/etc/order.schema.json")]
    public void Paths_outside_the_governance_root_are_configuration_errors(string files, string schema)
    {
        using var dir = new TempDirectory();

        CheckResult result = Assert.Single(Check(dir, files, schema));

        Assert.Equal(("GOV1002", CheckStatus.Error), (result.Code, result.Status));
    }
}

public class FileGlobTests
{
    [Fact]
    public void Star_stays_in_a_folder_double_star_crosses_folders_and_build_output_is_skipped()
    {
        using var dir = new TempDirectory();
        foreach (string file in new[] { "c/a.json", "c/b.txt", "c/sub/c.json", "c/sub/deep/d.json", "c/bin/e.json", "c/obj/f.json", ".git/g.json", "c/x1.json", "c/x22.json" })
        {
            dir.Write(file, "{}");
        }

        string[] Relative(string pattern) => FileGlob.Match(dir.Path, pattern)!.Select(p => RepoPath.Relative(dir.Path, p)).ToArray();

        Assert.Equal(new[] { "c/a.json", "c/x1.json", "c/x22.json" }, Relative("c/*.json"));
        Assert.Equal(new[] { "c/a.json", "c/sub/c.json", "c/sub/deep/d.json", "c/x1.json", "c/x22.json" }, Relative("c/**/*.json"));
        Assert.Equal(new[] { "c/x1.json" }, Relative("c/x?.json"));
        Assert.Equal(new[] { "c/bin/e.json" }, Relative("c/bin/*.json"));
        Assert.Equal(new[] { "c/sub/deep/d.json" }, Relative("**/deep/*"));
        Assert.Empty(Relative("nothing/*.json"));
        Assert.Null(FileGlob.Match(dir.Path, "../*.json"));
    }
}
