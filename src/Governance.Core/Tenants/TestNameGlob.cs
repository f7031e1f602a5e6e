namespace Governance.Core.Tenants;

/// <summary>
/// A glob of a capability's <c>tests</c> over fully qualified test names (<c>Namespace.Class.Method</c>):
/// <c>*</c> matches any run of characters (dots too), <c>?</c> one character. Case-sensitive, as
/// the names are. Matched without a regular expression, in time proportional to the pattern's
/// length times the name's at worst: the check matches every glob against every test result, and a
/// glob such as <c>*a*a*a*a*a*b</c> would make a backtracking matcher take seconds per name.
/// </summary>
public sealed class TestNameGlob
{
    public TestNameGlob(string pattern)
    {
        Pattern = pattern;
    }

    public string Pattern { get; }

    public bool IsMatch(string fullName)
    {
        string pattern = Pattern;
        int p = 0;
        int n = 0;

        // The last '*' seen, and where in the name its run currently ends: on a mismatch it takes one more character.
        int star = -1;
        int resume = 0;
        while (n < fullName.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || (pattern[p] != '*' && pattern[p] == fullName[n])))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = n;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
