using System.Collections.Generic;
using NuGet.Packaging.Core;

namespace Governance.Cli.Publishing;

/// <summary>What a canary run is about, passed to each check as <c>GOVERNANCE_*</c> variables.</summary>
/// <param name="EnvironmentName">The environment promoted to (<c>GOVERNANCE_ENVIRONMENT</c>).</param>
/// <param name="Packages">The release's packages (<c>GOVERNANCE_PACKAGES</c>, one <c>id/version</c> a line; with one package also <c>GOVERNANCE_PACKAGE_ID</c> and <c>GOVERNANCE_PACKAGE_VERSION</c>).</param>
/// <param name="Feed">The environment's feed as the policy names it (<c>GOVERNANCE_FEED</c>); a folder is passed as its full path.</param>
/// <param name="RepositoryRoot">The repository root: the default working directory, and what relative ones are relative to.</param>
/// <param name="SecretVariables">
/// Variables no check may see even when it lists them: every environment's
/// <c>apiKeyEnvironmentVariable</c> in the policy, and any signing-key variable the caller knows
/// of (<see cref="CanaryEnvironment.SigningKeyVariables"/> are always added).
/// </param>
public sealed record CanaryContext(string EnvironmentName, IReadOnlyList<PackageIdentity> Packages, string Feed, string RepositoryRoot, IReadOnlyCollection<string> SecretVariables);
