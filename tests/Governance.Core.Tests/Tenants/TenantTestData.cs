using System.IO;

namespace Governance.Core.Tests.Tenants;

/// <summary>Where the real TRX files and lab test assemblies live (TestData/README.md says how they were made).</summary>
internal static class TenantTestData
{
    public static string Directory => Path.Combine(GoldenGateTests.RepositoryRoot(), "tests", "Governance.Core.Tests", "Tenants", "TestData");

    public static string File(string name) => Path.Combine(Directory, name);

    /// <summary>A lab assembly, found by the file name the TRX gives it (the TRX names the folder it was built in).</summary>
    public static string Lab(string assemblyPath) => Path.Combine(Directory, "labs", Path.GetFileName(assemblyPath));
}
