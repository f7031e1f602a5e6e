using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Governance.Cli.Publishing;
using Governance.Core.Diagnostics;
using Governance.Core.Policy;
using PackageIdentity = NuGet.Packaging.Core.PackageIdentity;

namespace Governance.Cli.Operations;

/// <summary>Runs an environment's <c>checks</c> (the canary) after its packages were published, with a cleaned environment.</summary>
internal static class EnvironmentCanary
{
    public static async Task<(CanaryReport Report, IReadOnlyList<Diagnostic> Problems)> RunAsync(
        GovernancePolicy policy, EnvironmentPolicy environment, IReadOnlyList<PackageIdentity> packages, string feed, string repositoryRoot)
    {
        // Every feed key the policy names is a secret no check may ask for, whichever environment it belongs to.
        string[] secrets = policy.Environments.Select(e => e.ApiKeyEnvironmentVariable).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToArray();
        CanaryReport report = await new CanaryRunner().RunAsync(
            environment.Checks.Select(c => new CanaryCheck(c.Command, c.TimeoutSeconds, c.WorkingDirectory, c.Environment)),
            new CanaryContext(environment.Name, packages, feed, repositoryRoot, secrets)).ConfigureAwait(false);
        Diagnostic[] problems = report.Checks.Where(c => !c.Passed).Select(c => new Diagnostic(
            Gov.EnvironmentChecksFailed,
            $"The check '{c.Check.Command}' of '{environment.Name}' failed: {c.Message}" + (c.OutputTail.Length == 0 ? string.Empty : $" Its output ended with:\n{c.OutputTail}"),
            policy.FilePath is null ? null : new SourceLocation(policy.FilePath))).ToArray();
        return (report, problems);
    }
}
