using System.Text;

namespace Governance.Core.Store.Git;

/// <summary>What one run of <c>git</c> returned: the exit code, standard output as bytes (blobs are binary), standard error.</summary>
internal sealed record GitResult(int ExitCode, byte[] Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    public string Text => Encoding.UTF8.GetString(Output).Trim();
}
