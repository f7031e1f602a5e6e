using System;
using System.Text;
using System.Text.RegularExpressions;

namespace Governance.Core.Tenants;

/// <summary>
/// A glob of a capability's <c>tests</c> over fully qualified test names (<c>Namespace.Class.Method</c>):
/// <c>*</c> matches any run of characters (dots too), <c>?</c> one character. Case-sensitive, as
/// the names are. Compiled once per glob: the check matches every glob against every test result.
/// </summary>
public sealed class TestNameGlob
{
    private readonly Regex? regex;
    private readonly string literal;

    public TestNameGlob(string pattern)
    {
        Pattern = pattern;
        literal = pattern;
        if (pattern.IndexOfAny(new[] { '*', '?' }) < 0)
        {
            return;
        }

        var text = new StringBuilder("^");
        foreach (char c in pattern)
        {
            text.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        regex = new Regex(text.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }

    public string Pattern { get; }

    public bool IsMatch(string fullName) => regex is null ? string.Equals(literal, fullName, StringComparison.Ordinal) : regex.IsMatch(fullName);
}
