using Governance.Core.Diagnostics;

namespace Governance.Cli.Operations;

/// <summary>A finding as compilers print them, so editors and CI logs link the file: <c>path(line,column): error GOVnnnn: message</c> (or <c>warning</c>).</summary>
internal static class DiagnosticText
{
    public static string Format(Diagnostic finding, string level = "error")
    {
        string where = finding.Location is null ? string.Empty
            : finding.Location.Line > 0 ? $"{finding.Location.Path}({finding.Location.Line},{finding.Location.Column}): "
            : $"{finding.Location.Path}: ";
        return $"{where}{level} {finding.Code}: {finding.Message}";
    }
}
