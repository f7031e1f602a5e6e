using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Governance.Core.Bundles;
using Governance.Core.Diagnostics;
using Governance.Core.IO;
using Governance.Core.Policy;
using Governance.Core.Releases;
using Governance.Core.Tests.Bundles;

namespace Governance.Core.Tests.Releases;

/// <summary>A real packed bundle read for promotion: its gate report through the versioned reader, its package's dependencies from the .nuspec, then judged.</summary>
public sealed class PromotionBundleReaderTests : IDisposable
{
    private readonly TempDirectory dir = new();

    private string PackWithReport(string decision = "go")
    {
        string golden = Path.Combine(GoldenGateTests.RepositoryRoot(), "tests", "Governance.Core.Tests", "Golden", "strict-blocking", "first.report.json");
        JsonNode report = JsonNode.Parse(File.ReadAllText(golden))!;
        report["projects"] = new JsonArray { new JsonObject { ["name"] = "Lib", ["path"] = "src/Lib/Lib.csproj", ["targetFramework"] = "net8.0", ["sha256"] = Sha256.OfBytes(System.Text.Encoding.UTF8.GetBytes("a")) } };
        report["decision"] = decision;
        report["subject"]!["commit"] = "abc123";
        string reportFile = dir.Write("artifacts/governance/release-readiness-gate-report.json", report.ToJsonString());
        string nupkg = TestPackage.WriteEntries(dir.Combine("out/Lib.1.0.0.nupkg"), ("Lib.nuspec", """
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>Lib</id>
                <version>1.0.0</version>
                <authors>test</authors>
                <description>test</description>
                <dependencies>
                  <group targetFramework="net8.0">
                    <dependency id="Contoso.Core" version="[1.4.0, 2.0.0)" />
                    <dependency id="Newtonsoft.Json" version="13.0.3" />
                  </group>
                  <group targetFramework="netstandard2.0">
                    <dependency id="Contoso.Core" version="[1.4.0, 2.0.0)" />
                    <dependency id="Contoso.Any" />
                  </group>
                </dependencies>
              </metadata>
            </package>
            """), ("content/readme.txt", "bytes"));
        return BundleBuilder.Write(new BundleRequest
        {
            PackageId = "Lib",
            PackageVersion = "1.0.0",
            PackageFiles = new[] { nupkg },
            Fragments = new[] { ("net8.0", dir.Write("src/Lib/obj/governance/net8.0.json", "a")) },
            GateReport = reportFile,
            GovernanceRoot = dir.Path,
            SourceDirectory = dir.Path,
            ProjectFile = dir.Write("src/Lib/Lib.csproj", "<Project />"),
            Commit = "abc123",
            Environment = _ => null,
        }).Manifest;
    }

    [Fact]
    public void A_packed_bundle_gives_its_gate_report_dependencies_and_digest_and_passes_the_gate_check()
    {
        string manifest = PackWithReport();
        Assert.Empty(BundleVerifier.Verify(manifest, Array.Empty<LoadedTrustedKey>(), null, false, SignedBundle.Now, requireGo: true).Findings);

        PromotionBundle? bundle = PromotionBundleReader.Read(manifest, signedBy: null, dir.Path, out IReadOnlyList<Diagnostic> problems);

        Assert.Empty(problems);
        Assert.NotNull(bundle!.GateReport);
        Assert.Null(bundle.GateReportProblem);
        Assert.Equal(Sha256.OfBytes(File.ReadAllBytes(manifest)), bundle.Bundle.ManifestSha256);
        Assert.Equal("Lib 1.0.0", bundle.Bundle.ToString());
        Assert.Equal("abc123", bundle.Bundle.Commit);
        Assert.Equal(new[] { "Contoso.Any ", "Contoso.Core [1.4.0, 2.0.0)", "Newtonsoft.Json 13.0.3" }, bundle.Dependencies.Select(d => d.Id + " " + d.Range));
        Assert.Empty(PromotionChecks.GateReports(new EnvironmentPolicy("dev", 1), new[] { bundle }, new Dictionary<string, bool>()));
        Assert.Empty(PromotionChecks.GateReports(new EnvironmentPolicy("prod", 1) { RequireBlockingGo = true }, new[] { bundle }, new Dictionary<string, bool> { ["abc123"] = true }));
    }

    [Fact]
    public void A_gate_report_replaced_after_packing_is_left_for_GOV7002()
    {
        string manifest = PackWithReport();
        string report = dir.Combine("out/Lib.1.0.0.files/release_readiness_gate_report.json");
        File.WriteAllText(report, File.ReadAllText(report).Replace("\"go\"", "\"go\" "));

        PromotionBundle bundle = PromotionBundleReader.Read(manifest, null, dir.Path, out _)!;

        Assert.Null(bundle.GateReport);
        Diagnostic problem = Assert.Single(PromotionChecks.GateReports(new EnvironmentPolicy("dev", 1), new[] { bundle }, new Dictionary<string, bool>()));
        Assert.Equal("GOV7002", problem.Code);
        Assert.Contains("its gate report cannot be read: its gate report is not the one the manifest names", problem.Message);
    }

    public void Dispose() => dir.Dispose();
}
