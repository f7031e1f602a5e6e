using System.IO;
using System.Linq;
using Governance.Sdk.Tests.Infrastructure;

namespace Governance.Sdk.Tests;

/// <summary>Release notes through the real build: PackageReleaseNotes or the changelog's section, into the report, the summary and the bundle.</summary>
[Collection(EndToEnd.Name)]
public class ReleaseNotesTests
{
    private readonly SdkPackage sdk;

    public ReleaseNotesTests(SdkPackage sdk) => this.sdk = sdk;

    [Fact]
    public void A_blocking_gate_asks_for_notes_and_the_bundle_carries_them()
    {
        var repo = new TestRepository(sdk, "Notes")
            .AddProject("Contoso.Core")
            .AddProject("Contoso.Api", "\n    <PackageReleaseNotes>Quotes API; first release.</PackageReleaseNotes>");
        repo.WriteSolution();
        string solution = Path.GetFileName(Directory.GetFiles(repo.Root, "*.sln").Single());
        repo.Write("governance.json", """{ "policyVersion": "1", "gate": { "blockingBranches": ["main"] }, "releaseNotes": { "required": true, "path": "CHANGELOG.md" } }""");
        repo.Write("CHANGELOG.md", "# Changelog\n\n## [1.1.0] - 2026-10-01\n- Older.\n");
        repo.Commit();

        ProcessResult missing = repo.Build(solution, "-t:ReleaseGate");
        BuildAssert.Failed(missing);
        Assert.Contains("error GOV2501: Contoso.Core 1.2.0 (src/Contoso.Core/Contoso.Core.csproj) has no release notes for its version", missing.Output);
        Assert.DoesNotContain("Contoso.Api 1.2.0 (src/Contoso.Api/Contoso.Api.csproj) has no release notes", missing.Output);

        repo.Write("CHANGELOG.md", "# Changelog\n\n## [1.2.0] - 2026-11-26\n- Rounding of quotes in euros.\n\n## [1.1.0] - 2026-10-01\n- Older.\n");
        repo.Commit();
        ProcessResult gate = repo.Build(solution, "-t:ReleaseGate");
        BuildAssert.Succeeded(gate);
        string summary = File.ReadAllText(Path.Combine(repo.ArtifactsDirectory, "summary.md"));
        Assert.Contains("| Contoso.Core 1.2.0 release notes (CHANGELOG.md): - Rounding of quotes in euros. |", summary);
        Assert.Contains("| Contoso.Api 1.2.0 release notes (PackageReleaseNotes): Quotes API; first release. |", summary);

        BuildAssert.Succeeded(DotNet.Run(repo.Root, sdk.NuGetPackages, null, "pack", solution, "-c", "Debug", "--no-build", "-o", "out", "-nr:false", "-tl:off"));
        string bundled = File.ReadAllText(repo.Path("out/Contoso.Core.1.2.0.files/release_readiness_gate_report.json"));
        Assert.Contains("Rounding of quotes in euros.", bundled);
    }
}
