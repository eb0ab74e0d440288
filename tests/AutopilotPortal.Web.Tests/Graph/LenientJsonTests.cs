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
