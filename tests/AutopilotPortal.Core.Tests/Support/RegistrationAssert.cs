using AutopilotPortal.Core.Registration;

namespace AutopilotPortal.Core.Tests.Support;

internal static class RegistrationAssert
{
    /// <summary>The outcome failed with this code and name, and says so in a sentence a person can act on.</summary>
    public static void Failed(RegistrationOutcome outcome, int? code, string name)
    {
        var error = Assert.IsType<RegistrationError>(outcome.Error);
        Assert.Equal(code, error.Code);
        Assert.Equal(name, error.Name);
        Sentence(error.Message);
        Assert.Null(outcome.AutopilotDeviceId);
    }

    public static void Sentence(string? text)
    {
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.True(char.IsUpper(text[0]) || char.IsAsciiDigit(text[0]) || text[0] == '\'', $"'{text}' does not start like a sentence.");
        Assert.EndsWith(".", text, StringComparison.Ordinal);
        Assert.Contains(" ", text, StringComparison.Ordinal);
    }
}
