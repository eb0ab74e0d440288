using AutopilotPortal.Web.Graph;

namespace AutopilotPortal.Web.Tests.Graph;

/// <summary>Bodies are read as leniently as Graph reads them.</summary>
public sealed class LenientJsonTests
{
    [Theory]
    [InlineData("{ groupTag: \"Sales\" }", "Sales")]
    [InlineData("{\"groupTag\":\"Sales\"}", "Sales")]
    [InlineData("{ groupTag: \"a: b, c\" , }", "a: b, c")]
    [InlineData("{ /* the module's body */ groupTag : \"x\\\"y\" }", "x\"y")]
    public void BareNamesQuotedNamesTrailingCommasAndCommentsAreRead(string body, string expected)
    {
        using var json = LenientJson.Parse(body);

        Assert.Equal(expected, json.RootElement.GetProperty("groupTag").GetString());
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-8 bom")]
    [InlineData("utf-16 bom")]
    [InlineData("utf-16be bom")]
    public void BodyBytesAreReadInTheirEncodingStrictOrLenient(string encoding)
    {
        var text = encoding.Contains("be", StringComparison.Ordinal) ? System.Text.Encoding.BigEndianUnicode
            : encoding.Contains("16", StringComparison.Ordinal) ? System.Text.Encoding.Unicode : System.Text.Encoding.UTF8;
        byte[] Bytes(string body) => [.. encoding.Contains("bom", StringComparison.Ordinal) ? text.Preamble : [], .. text.GetBytes(body)];

        using var strict = LenientJson.Parse(Bytes("{\"groupTag\":\"Sälës\"}").AsMemory());
        using var lenient = LenientJson.Parse(Bytes("{ groupTag: \"Sälës\", }").AsMemory());
        using var empty = LenientJson.Parse(Bytes(" ").AsMemory());

        Assert.Equal("Sälës", strict.RootElement.GetProperty("groupTag").GetString());
        Assert.Equal("Sälës", lenient.RootElement.GetProperty("groupTag").GetString());
        Assert.Empty(empty.RootElement.EnumerateObject());
    }

    [Fact]
    public void AnEmptyBodyIsAnEmptyObject()
    {
        using var json = LenientJson.Parse("  ");

        Assert.Empty(json.RootElement.EnumerateObject());
    }

    [Fact]
    public void ABodyThatIsNotJsonIsA400()
    {
        var error = Assert.Throws<GraphRequestException>(() => LenientJson.Parse("{ groupTag: Sales }"));

        Assert.Equal(400, error.Status);
        Assert.StartsWith("The request body is not JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TextInsideStringsIsLeftAsItIs() =>
        Assert.Equal("{\"a\":\"{ b: c }\"}", LenientJson.QuoteBareNames("{a:\"{ b: c }\"}"));
}
