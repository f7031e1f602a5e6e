namespace Governance.Core.Policy;

/// <summary>Files that must satisfy a JSON schema (<c>contracts[]</c> in the policy).</summary>
/// <param name="Files">A glob relative to the governance root (<c>*</c>, <c>**</c>, <c>?</c>).</param>
/// <param name="SchemaPath">The schema file, relative to the governance root; it may <c>$ref</c> others by relative path.</param>
/// <param name="Severity">Severity of a violation.</param>
/// <param name="Line">Line of the entry in the policy file, for diagnostics.</param>
public sealed record ContractRequirement(string Files, string SchemaPath, Severity Severity, int Line);
