using System;
using System.Collections.Generic;
using System.IO;
using System.Xml;
using Governance.Core.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Governance.Sdk.Tasks;

/// <summary>
/// Reads the projects of the solution being built from <c>CurrentSolutionConfigurationContents</c>,
/// the global property MSBuild gives every project built through a solution. Each item carries
/// the <c>AdditionalProperties</c> the solution builds it with, so asking the project for its
/// collected results hits the results MSBuild already has instead of building it again.
/// </summary>
public sealed class ResolveSolutionProjects : GovernanceTask
{
    [Required]
    public string SolutionConfigurationContents { get; set; } = string.Empty;

    [Output]
    public ITaskItem[] Projects { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        var projects = new List<ITaskItem>();
        var document = new XmlDocument { XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new StringReader(SolutionConfigurationContents), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document.Load(reader);
        }
        catch (XmlException ex)
        {
            LogError(Gov.InvalidSetting, string.Empty,
                $"The solution configuration MSBuild passed (CurrentSolutionConfigurationContents) cannot be read: {ex.Message} Build the solution with dotnet build or msbuild.");
            return false;
        }

        foreach (XmlElement configuration in document.GetElementsByTagName("ProjectConfiguration"))
        {
            string path = configuration.GetAttribute("AbsolutePath");
            if (path.Length == 0 || string.Equals(configuration.GetAttribute("BuildProjectInSolution"), "False", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // The text is "Configuration|Platform", as the solution maps it for this project.
            string[] parts = configuration.InnerText.Split('|');
            var item = new TaskItem(path);
            item.SetMetadata("Configuration", parts[0]);
            item.SetMetadata("Platform", parts.Length > 1 ? parts[1] : string.Empty);
            item.SetMetadata("AdditionalProperties", $"Configuration={parts[0]};Platform={(parts.Length > 1 ? parts[1] : string.Empty)}");
            projects.Add(item);
        }

        Projects = projects.ToArray();
        return true;
    }
}
