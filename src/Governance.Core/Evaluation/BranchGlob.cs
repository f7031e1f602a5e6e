using System;
using System.Text;
using System.Text.RegularExpressions;

namespace Governance.Core.Evaluation;

/// <summary>
/// Branch globs of <c>gate.blockingBranches</c>: <c>*</c> matches within one path segment
/// (<c>release/*</c> matches <c>release/1.0</c> but not <c>release/1.0/hotfix</c>), <c>**</c> matches
/// across segments, <c>?</c> one character. Matching is case-sensitive, as git branch names are.
/// </summary>
public static class BranchGlob
{
    public static bool IsMatch(string pattern, string branch)
    {
        if (branch.Length == 0)
        {
            return false;
        }

        var regex = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        regex.Append('$');
        return Regex.IsMatch(branch, regex.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
