using Governance.Core.Diagnostics;

namespace Governance.Core.Tests;

public class MessageTextTests
{
    [Theory]
    [InlineData("a.nupkg\n::error file=x::pwned", "a.nupkg\\u000a::error file=x::pwned")]
    [InlineData("\u001b[2Jcleared", "\\u001b[2Jcleared")]
    [InlineData("evil\u202Egpj.exe", "evil\\u202egpj.exe")]
    [InlineData("line\u2028break\r", "line\\u2028break\\u000d")]
    [InlineData("tab\tand\u0085next", "tab\\u0009and\\u0085next")]
    public void Control_characters_from_inputs_are_printed_as_visible_escapes(string input, string printed)
    {
        Assert.Equal(printed, MessageText.Escape(input));
    }

    [Theory]
    [InlineData("Contoso.Core 1.2.0: ok")]
    [InlineData("Ünïcödé and 漢字 stay as they are")]
    public void Ordinary_text_is_returned_as_it_is(string text)
    {
        Assert.Same(text, MessageText.Escape(text));
    }
}
