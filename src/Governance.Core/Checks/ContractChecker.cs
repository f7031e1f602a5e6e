using System;
using System.Collections.Generic;
using System.Linq;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Inputs;
using Governance.Core.IO;
using Governance.Core.Json;
using Governance.Core.Policy;
using NJsonSchema;

namespace Governance.Core.Checks;

/// <summary>
/// Contract files (<c>contracts[]</c>): every file the glob matches must be well-formed JSON that
/// satisfies the schema; each violation is GOV2101 with file, line, JSON path and expected versus
/// found. A glob that matches nothing fails too: a typo must not turn a contract into a pass.
/// </summary>
public sealed class ContractChecker : IGateCheck
{
    public void Run(GateContext context, GateFindings findings)
    {
        foreach (ContractRequirement contract in context.Policy?.Contracts ?? Array.Empty<ContractRequirement>())
        {
            findings.AddRange(Check(contract, context.Root, context.Policy!.FilePath!, context.Inputs, context.Schemas));
        }
    }

    public static IEnumerable<CheckResult> Check(ContractRequirement contract, string governanceRoot, string policyFile, IGateInputs inputs, RepositorySchemas schemas)
    {
        var policyLocation = new SourceLocation(policyFile, contract.Line);
        string globId = $"contract:{contract.Files}";
        string? schemaPath = RepoPath.ResolveInside(governanceRoot, contract.SchemaPath);
        IReadOnlyList<string>? files = inputs.Glob(governanceRoot, contract.Files);
        if (schemaPath is null || files is null)
        {
            string field = schemaPath is null ? $"schema '{contract.SchemaPath}'" : $"files '{contract.Files}'";
            return new[]
            {
                new CheckResult(globId, Gov.SchemaViolation, CheckStatus.Error, contract.Severity,
                    $"The contract's {field} is not a relative path inside the governance root. Name contract files and schemas by paths relative to the folder of governance.json.",
                    null, new[] { policyLocation }, Array.Empty<EvidenceReference>()),
            };
        }

        JsonSchema? schema = schemas.Load(schemaPath, out Diagnostic? schemaError, out string? schemaSha256);
        if (schema is null)
        {
            return new[] { CheckResult.FromDiagnostic(globId, schemaError!) with { Severity = contract.Severity } };
        }

        var schemaEvidence = new EvidenceReference(schemaPath, schemaSha256);
        if (files.Count == 0)
        {
            return new[]
            {
                new CheckResult(globId, Gov.ContractViolation, CheckStatus.Fail, contract.Severity,
                    $"The contract '{contract.Files}' matches no file, so nothing was checked against {contract.SchemaPath}. Correct the glob (relative to the governance root), or remove the contract.",
                    null, new[] { policyLocation }, new[] { schemaEvidence }),
            };
        }

        return files.SelectMany(file => CheckFile(file, contract, governanceRoot, inputs, schema, schemaEvidence)).ToArray();
    }

    private static IEnumerable<CheckResult> CheckFile(string file, ContractRequirement contract, string root, IGateInputs inputs, JsonSchema schema, EvidenceReference schemaEvidence)
    {
        string relative = RepoPath.Relative(root, file);
        string id = $"contract:{relative}";
        using JsonInput input = JsonInput.Read(inputs, file, InputRole.Contract);
        var evidence = input.Sha256 is null ? new[] { schemaEvidence } : new[] { new EvidenceReference(file, input.Sha256), schemaEvidence };
        if (input.Error is not null)
        {
            // The file under contract is the product, not configuration: unreadable is a failed contract.
            return new[]
            {
                new CheckResult(id, Gov.ContractViolation, CheckStatus.Fail, contract.Severity,
                    $"{relative} cannot be checked against {contract.SchemaPath}: {input.Error.Message}",
                    null, new[] { input.Error.Location ?? new SourceLocation(file) }, evidence),
            };
        }

        IReadOnlyList<Diagnostic> violations = SchemaValidator.Validate(file, input.Text!, schema, Gov.ContractViolation, out _,
            violates: $"{relative} violates its contract {contract.SchemaPath}");
        if (violations.Count == 0)
        {
            return new[]
            {
                new CheckResult(id, Gov.ContractViolation, CheckStatus.Pass, contract.Severity,
                    $"{relative} satisfies {contract.SchemaPath}.", null, new[] { new SourceLocation(file) }, evidence),
            };
        }

        // One finding per violation, each at its own line, as a compiler reports errors.
        // A schema that cannot be applied is a configuration error: it blocks in every profile and
        // no exception waives it.
        return violations.Select(v => new CheckResult(id, v.Descriptor,
            v.Descriptor.IsConfigurationError ? CheckStatus.Error : CheckStatus.Fail, contract.Severity, v.Message,
            null, new[] { v.Location ?? new SourceLocation(file) }, evidence)).ToArray();
    }
}
