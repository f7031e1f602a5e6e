namespace Governance.Core.Inputs;

/// <summary>Why the evaluation read a file: the role recorded with each input.</summary>
public static class InputRole
{
    public const string Policy = "policy";
    public const string Exceptions = "exceptions";
    public const string Evidence = "evidence";
    public const string Contract = "contract";
    public const string Schema = "schema";
    public const string Metric = "metric";
    public const string Fragment = "fragment";
    public const string Sarif = "sarif";

    /// <summary>The capability registry (<c>tenantIsolation.registry</c>).</summary>
    public const string Registry = "registry";

    /// <summary>A TRX file read for which tests ran and how they ended (tenant isolation).</summary>
    public const string TestResults = "test-results";

    /// <summary>
    /// The traits read from a test assembly's metadata. The recorded digest and content are those of
    /// the traits (<see cref="Tenants.TestAssemblyTraits"/>), not of the assembly, which is not kept.
    /// </summary>
    public const string TestTraits = "test-traits";

    /// <summary>A build's source or output, compared by digest only (its content is not kept).</summary>
    public const string BuildFile = "build-file";

    /// <summary>The changelog <c>releaseNotes.path</c> names, read for the release notes of each package.</summary>
    public const string ReleaseNotes = "release-notes";

    /// <summary>A file read outside an evaluation (a bundle manifest being verified): no role in a decision.</summary>
    public const string Other = "other";
}
