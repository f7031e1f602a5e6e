using System;
using System.IO;
using System.Linq;
using Governance.Core.Evaluation;
using Governance.Core.Evidence;

namespace Governance.Core.Tests.Evidence;

/// <summary>
/// The compatibility guarantee: every evidence package kept under <c>Golden/evidence/</c> (one per
/// released version of the format) replays with today's engine without drift. A change that alters
/// a past decision fails here; GOVERNANCE_UPDATE_GOLDEN=1 adds this version's package (it never
/// replaces a stored one: those are the past).
/// </summary>
public class GoldenEvidenceTests
{
    private const string CurrentPackage = "v1.strict-blocking.release-evidence.zip";

    [Fact]
    public void Every_stored_golden_package_replays_without_drift()
    {
        string folder = Path.Combine(GoldenGateTests.RepositoryRoot(), "tests", "Governance.Core.Tests", "Golden", "evidence");
        if (Environment.GetEnvironmentVariable("GOVERNANCE_UPDATE_GOLDEN") == "1" && !File.Exists(Path.Combine(folder, CurrentPackage)))
        {
            using var dir = new TempDirectory();
            GateRequest request = GoldenGateTests.Repository(dir, "strict", "main");
            string written = EvidencePackageTests.Gate(request, dir.Combine("artifacts"));
            Directory.CreateDirectory(folder);
            File.Copy(written, Path.Combine(folder, CurrentPackage));
        }

        string[] packages = Directory.GetFiles(folder, "*.zip").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.Contains(Path.Combine(folder, CurrentPackage), packages);
        foreach (string package in packages)
        {
            ReplayResult result = EvidenceReplay.Replay(package);
            Assert.False(result.HasDrift, $"{Path.GetFileName(package)} drifted: decision {result.DecisionBefore} -> {result.DecisionAfter}\n" + string.Join("\n", result.Drifts));
            Assert.True(result.Checks > 5);
        }
    }
}
