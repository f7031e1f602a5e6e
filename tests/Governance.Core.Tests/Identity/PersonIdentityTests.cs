using Governance.Core.Identity;

namespace Governance.Core.Tests.Identity;

/// <summary>Security review, issue 13 item 9: names that read the same are the same person.</summary>
public class PersonIdentityTests
{
    private static PersonIdentity Parse(string text) =>
        PersonIdentity.TryParse(text, out string? problem) ?? throw new Xunit.Sdk.XunitException($"'{text}' {problem}");

    [Theory]
    [InlineData("lead-b", "lead-b\u200B")]                       // a trailing zero-width space
    [InlineData("lead-b", "\u2060le\u00ADad-b\uFEFF")]           // word joiner, soft hyphen, byte order mark
    [InlineData("lead-b", "lead\u200D-\u200Cb")]                 // zero-width joiner and non-joiner
    [InlineData("lead-b", "ｌｅａｄ－ｂ")]                          // fullwidth letters and hyphen
    [InlineData("lead-b", "LEAD-B")]
    [InlineData("lead-b", "  lead-b\t")]
    [InlineData("lead-i", "LEAD-İ")]                             // Turkish dotted capital I
    [InlineData("lead-i", "LEAD-I\u0307")]                       // the same, decomposed
    [InlineData("lead-i", "lead-ı")]                             // Turkish dotless i
    [InlineData("José", "Jose\u0301")]                           // NFC and NFD
    [InlineData("josé", "JOSÉ")]
    [InlineData("anna maria", "Anna\u00A0\u2003 Maria")]         // no-break and em spaces, collapsed
    [InlineData("lead-b", "lead\u2011b")]                        // a non-breaking hyphen, which NFKC keeps
    [InlineData("lead-b", "lead\u2013b")]                        // an en dash
    public void Names_that_read_the_same_are_one_person(string a, string b)
    {
        Assert.Equal(Parse(a), Parse(b));
        Assert.Equal(Parse(a).GetHashCode(), Parse(b).GetHashCode());
    }

    [Theory]
    [InlineData("lead-b", "lead-c")]
    [InlineData("dev-a", "dev-a2")]
    [InlineData("ana", "anna")]
    public void Different_names_are_different_people(string a, string b) => Assert.NotEqual(Parse(a), Parse(b));

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   ", "is empty")]
    [InlineData("\u200B", "no visible letter or digit")]
    [InlineData("\u2800", "no visible letter or digit")]           // braille blank
    [InlineData("\u3164", "no visible letter or digit")]           // Hangul filler, a "letter" that renders as nothing
    [InlineData("\u00AD\uFEFF", "no visible letter or digit")]
    [InlineData("-", "no visible letter or digit")]
    [InlineData("--- .", "no visible letter or digit")]
    [InlineData("lеad-b", "mixes Latin and Cyrillic letters ('е', U+0435)")]  // Cyrillic ie in a Latin name
    [InlineData("аlice", "mixes Cyrillic and Latin letters ('l', U+006C)")]
    [InlineData("lead-β", "mixes Latin and Greek letters ('β', U+03B2)")]
    [InlineData("µ-lead", "mixes Greek and Latin letters")]                      // the micro sign is Greek mu under NFKC
    public void A_name_that_names_nobody_or_reads_as_someone_else_is_refused(string text, string problem)
    {
        Assert.Null(PersonIdentity.TryParse(text, out string? why));
        Assert.Contains(problem, why);
    }

    [Theory]
    [InlineData("Алексей")]
    [InlineData("Αλέξανδρος")]
    [InlineData("田中")]
    [InlineData("田中 tanaka")]          // only Latin, Greek and Cyrillic letters pass for each other
    [InlineData("release-bot-2")]
    [InlineData("7")]
    public void Names_in_one_script_are_people(string text) => Assert.NotNull(PersonIdentity.TryParse(text, out _));

    [Theory]
    [InlineData("ＬＥＡＤ\u200B-İ\u0301")]
    [InlineData("ǅ ﬁ ㍿")]
    public void Folding_is_idempotent_and_never_throws(string text)
    {
        string once = PersonIdentity.Fold(text);

        Assert.Equal(once, PersonIdentity.Fold(once));
    }

    /// <summary>Lone surrogates in code, not in attributes: the test runner's serialisation would replace them.</summary>
    [Fact]
    public void Half_a_surrogate_pair_is_no_name_and_folding_it_does_not_throw()
    {
        Assert.Null(PersonIdentity.TryParse("lead\uD800", out string? why));
        Assert.Contains("not text", why);
        Assert.Equal("a\uFFFDb", PersonIdentity.Fold("a\uDC00b"));
        Assert.Equal("lead\\uD800", PersonIdentity.Show("lead\uD800"));
    }

    [Fact]
    public void Messages_show_invisible_characters_instead_of_hiding_them()
    {
        Assert.Equal("lead-b\\u200B", Parse("lead-b\u200B").ToString());
        Assert.Equal("a\\U000E0041b", PersonIdentity.Show("a\U000E0041b"));
        Assert.Equal("lead-b", Parse(" lead-b ").Written);
    }
}
