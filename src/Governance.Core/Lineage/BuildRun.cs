using System;

namespace Governance.Core.Lineage;

/// <summary>
/// Who ran the build and which run it was, for the provenance's <c>runDetails</c>: the CI
/// system's identity of the workflow (builder) and of this run (invocation), from the variables
/// GitHub Actions, Azure Pipelines and GitLab CI set. Outside CI the builder is the local
/// <c>dotnet</c> build and there is no invocation id.
/// </summary>
public sealed record BuildRun(string BuilderId, string? InvocationId, string? Repository)
{
    /// <summary>The builder id of a build outside any recognised CI system.</summary>
    public const string LocalBuilderId = "urn:governance-sdk:builder:local-dotnet-build";

    public static BuildRun Detect(Func<string, string?> environment)
    {
        string Get(string name) => environment(name)?.Trim() ?? string.Empty;
        string? NonEmpty(string value) => value.Length == 0 ? null : value;

        if (string.Equals(Get("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            string server = Get("GITHUB_SERVER_URL").TrimEnd('/');
            string repository = Get("GITHUB_REPOSITORY");
            string? repositoryUrl = server.Length > 0 && repository.Length > 0 ? $"{server}/{repository}" : null;
            // GITHUB_WORKFLOW_REF is owner/repo/.github/workflows/file.yml@ref: the workflow that ran.
            string workflow = Get("GITHUB_WORKFLOW_REF");
            string builder = server.Length > 0 && workflow.Length > 0 ? $"{server}/{workflow}" : repositoryUrl ?? "urn:governance-sdk:builder:github-actions";
            string runId = Get("GITHUB_RUN_ID");
            string attempt = Get("GITHUB_RUN_ATTEMPT");
            string? invocation = repositoryUrl is not null && runId.Length > 0
                ? $"{repositoryUrl}/actions/runs/{runId}" + (attempt.Length > 0 ? $"/attempts/{attempt}" : string.Empty)
                : null;
            return new BuildRun(builder, invocation, repositoryUrl);
        }

        if (string.Equals(Get("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase))
        {
            string collection = Get("SYSTEM_COLLECTIONURI").TrimEnd('/');
            string project = Uri.EscapeDataString(Get("SYSTEM_TEAMPROJECT"));
            string definition = Get("SYSTEM_DEFINITIONID");
            string buildId = Get("BUILD_BUILDID");
            string builder = collection.Length > 0 && definition.Length > 0
                ? $"{collection}/{project}/_build?definitionId={definition}"
                : "urn:governance-sdk:builder:azure-pipelines";
            string? invocation = collection.Length > 0 && buildId.Length > 0 ? $"{collection}/{project}/_build/results?buildId={buildId}" : null;
            return new BuildRun(builder, invocation, NonEmpty(Get("BUILD_REPOSITORY_URI")));
        }

        if (string.Equals(Get("GITLAB_CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            string projectUrl = Get("CI_PROJECT_URL");
            string runner = Get("CI_RUNNER_ID");
            string builder = projectUrl.Length > 0 && runner.Length > 0 ? $"{projectUrl}/-/runners/{runner}" : NonEmpty(projectUrl) ?? "urn:governance-sdk:builder:gitlab-ci";
            return new BuildRun(builder, NonEmpty(Get("CI_JOB_URL")), NonEmpty(projectUrl));
        }

        return new BuildRun(LocalBuilderId, null, null);
    }
}
