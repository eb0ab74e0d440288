using AutopilotPortal.Core.Groups.Rules;

namespace AutopilotPortal.Core.Tests.Groups.Rules;

public class MembershipRuleErrorTests
{
    [Fact]
    public void MissingClosingParenthesisPointsAtTheEndAndNamesTheOpeningOne()
    {
        AssertError(
            "(device.deviceModel -eq \"x\"",
            27, 0,
            "Column 28: expected -and, -or or ')' to close the '(' at column 1, but found the end of the rule.");
    }

    [Fact]
    public void UnknownPropertyListsTheSupportedOnes()
    {
        AssertError(
            "device.deviceColour -eq \"red\"",
            0, 19,
            "Column 1: unknown property 'device.deviceColour'; supported device properties are accountEnabled, deviceId, " +
            "deviceManufacturer, deviceModel, deviceOSType, devicePhysicalIds, deviceTrustType, displayName, " +
            "enrollmentProfileName and objectId.");
    }

    [Fact]
    public void UserPropertyIsNotADeviceCondition()
    {
        AssertError(
            "user.department -eq \"Sales\"",
            0, 15,
            "Column 1: expected a condition such as device.deviceModel -eq \"value\", but found 'user.department'.");
    }

    [Fact]
    public void PropertyWithoutDevicePrefixSaysHowToWriteIt()
    {
        AssertError(
            "deviceModel -eq \"x\"",
            0, 11,
            "Column 1: expected a property written with 'device.', e.g. device.deviceModel, but found 'deviceModel'.");
    }

    [Fact]
    public void UnknownOperatorListsTheSupportedOnes()
    {
        AssertError(
            "device.deviceModel -equals \"x\"",
            19, 7,
            "Column 20: unknown operator '-equals'; supported operators are -eq, -ne, -startsWith, -notStartsWith, " +
            "-endsWith, -notEndsWith, -contains, -notContains, -match, -notMatch, -in, -notIn, -any and -all.");
    }

    [Fact]
    public void MissingOperatorNamesThePropertyAndWhatCameInstead()
    {
        AssertError(
            "device.deviceModel \"HP\"",
            19, 4,
            "Column 20: expected an operator such as -eq, -contains or -any after 'device.deviceModel', but found '\"HP\"'.");
    }

    [Fact]
    public void BooleanOperatorWhereAComparisonBelongs()
    {
        AssertError(
            "device.deviceModel -and \"HP\"",
            19, 4,
            "Column 20: expected an operator such as -eq, -contains or -any after 'device.deviceModel', but found '-and'.");
    }

    [Fact]
    public void UnterminatedStringSpansToTheEnd()
    {
        AssertError(
            "device.deviceModel -eq \"HP",
            23, 3,
            "Column 24: the string that starts here has no closing '\"'; a quote inside a string is written `\".");
    }

    [Fact]
    public void StringEndingInABacktickIsUnterminated()
    {
        AssertError(
            "device.deviceModel -eq \"HP`\"",
            23, 5,
            "Column 24: the string that starts here has no closing '\"'; a quote inside a string is written `\".");
    }

    [Fact]
    public void MissingValueAtTheEnd()
    {
        AssertError(
            "device.deviceModel -eq",
            22, 0,
            "Column 23: expected a quoted string or null after '-eq', but found the end of the rule.");
    }

    [Fact]
    public void MissingValueBeforeTheNextCondition()
    {
        AssertError(
            "device.deviceModel -startsWith -and device.accountEnabled -eq true",
            31, 4,
            "Column 32: expected a quoted string after '-startsWith', but found '-and'.");
    }

    [Fact]
    public void UnquotedValueIsNotAString()
    {
        AssertError(
            "device.deviceModel -eq HP",
            23, 2,
            "Column 24: expected a quoted string or null after '-eq', but found 'HP'.");
    }

    [Fact]
    public void NullOnlyWithEqualityOperators()
    {
        AssertError(
            "device.deviceModel -contains null",
            29, 4,
            "Column 30: expected a quoted string after '-contains', but found 'null'; null can only be compared with -eq or -ne.");
    }

    [Fact]
    public void TrailingTokensAfterACompleteRule()
    {
        AssertError(
            "device.deviceModel -eq \"x\" device.displayName",
            27, 18,
            "Column 28: expected -and, -or or the end of the rule, but found 'device.displayName'.");
    }

    [Fact]
    public void UnbalancedClosingParenthesis()
    {
        AssertError(
            "device.deviceModel -eq \"x\")",
            26, 1,
            "Column 27: expected -and, -or or the end of the rule, but found ')'.");
    }

    [Fact]
    public void TooLongRulePointsAtTheFirstCharacterPastTheLimit()
    {
        var start = "device.displayName -eq \"";
        var text = start + new string('x', 3100 - start.Length - 1) + "\"";

        AssertError(
            text,
            3072, 28,
            "Column 3073: the rule is 3100 characters long, but a rule may have at most 3072.");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptyRule(string text)
    {
        AssertError(
            text,
            0, text.Length,
            "Column 1: the rule is empty; expected a condition such as device.deviceModel -eq \"value\".");
    }

    [Fact]
    public void NullTextIsAnEmptyRuleForTryParse()
    {
        Assert.False(MembershipRule.TryParse(null!, out _, out var error));
        Assert.Equal(new MembershipRuleError(0, 0, "Column 1: the rule is empty; expected a condition such as device.deviceModel -eq \"value\"."), error);
    }

    [Fact]
    public void AnyOnASingleValuedProperty()
    {
        AssertError(
            "device.displayName -any (_ -eq \"x\")",
            19, 4,
            "Column 20: '-any' needs a collection such as device.devicePhysicalIds, but device.displayName holds a single value; " +
            "compare it directly, e.g. device.displayName -eq \"value\".");
    }

    [Fact]
    public void AllOnTheElement()
    {
        AssertError(
            "device.devicePhysicalIds -any (_ -all (_ -eq \"x\"))",
            33, 4,
            "Column 34: '-all' needs a collection such as device.devicePhysicalIds, but '_' holds a single value; " +
            "compare it directly, e.g. _ -eq \"value\".");
    }

    [Fact]
    public void CollectionWithoutAnyOrAll()
    {
        AssertError(
            "device.devicePhysicalIds -contains \"[ZTDId]\"",
            25, 9,
            "Column 26: device.devicePhysicalIds holds several values, so it takes -any or -all, " +
            "e.g. device.devicePhysicalIds -any (_ -contains \"[ZTDId]\"), but found '-contains'.");
    }

    [Fact]
    public void CollectionWithNullCheckStillNeedsAny()
    {
        AssertError(
            "device.devicePhysicalIds -eq null",
            25, 3,
            "Column 26: device.devicePhysicalIds holds several values, so it takes -any or -all, " +
            "e.g. device.devicePhysicalIds -any (_ -contains \"[ZTDId]\"), but found '-eq'.");
    }

    [Fact]
    public void AnyWithNothingAfterIt()
    {
        AssertError(
            "device.devicePhysicalIds -any",
            29, 0,
            "Column 30: expected a condition on '_' after '-any', e.g. device.devicePhysicalIds -any (_ -contains \"[ZTDId]\"), " +
            "but found the end of the rule.");
    }

    [Fact]
    public void InvalidRegexPointsAtThePattern()
    {
        AssertError(
            "device.deviceModel -match \"[a\"",
            26, 4,
            "Column 27: expected a valid regular expression after '-match', but found '\"[a\"' (unterminated bracket).");
    }

    [Fact]
    public void RepetitionPastTheIntegerRangeIsARuleError()
    {
        // .NET's regex analysis writes a required repetition out as text: this one overflowed it (ArgumentOutOfRangeException).
        AssertError(
            "device.deviceModel -match \"HP{2147483647}\"",
            26, 16,
            "Column 27: expected a valid regular expression after '-match', but found '\"HP{2147483647}\"' " +
            "(it requires 2,147,483,647 repetitions; a pattern may require at most 1,000, more than any device property has characters).");
    }

    [Fact]
    public void LargeRepetitionIsARuleErrorBeforeItsTextIsWrittenOut()
    {
        // Accepted, this 33-character rule made parsing allocate some 90 MB.
        var error = Assert.Throws<MembershipRuleException>(() => MembershipRule.Parse("device.displayName -match \"a{10000000}b\"")).Error;

        Assert.Equal(26, error.Position);
        Assert.Contains("it requires 10,000,000 repetitions", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("^PF[0-9]{6}$")]
    [InlineData("a{1000}")]
    [InlineData("a{2,2147483647}")]
    [InlineData("[{9999}]x")]
    [InlineData("\\{9999}")]
    [InlineData("x{99999")]
    public void RepetitionsUpToTheLimitAndBracesThatAreNotRepetitionsParse(string pattern)
    {
        Assert.True(MembershipRule.TryParse($"device.deviceModel -match \"{pattern}\"", out _, out var error), error?.Message);
    }

    [Fact]
    public void UnderscoreOutsideAnyOrAll()
    {
        AssertError(
            "_ -contains \"[ZTDId]\"",
            0, 1,
            "Column 1: '_' stands for one value of a collection and can only follow -any or -all, " +
            "e.g. device.devicePhysicalIds -any (_ -contains \"[ZTDId]\").");
    }

    [Fact]
    public void DevicePropertyInsideAny()
    {
        AssertError(
            "device.devicePhysicalIDs -any (device.displayName -eq \"x\")",
            31, 18,
            "Column 32: inside -any or -all a condition tests '_', one value of 'device.devicePhysicalIDs', " +
            "but found 'device.displayName'.");
    }

    [Fact]
    public void BooleanPropertyWithAStringOperator()
    {
        AssertError(
            "device.accountEnabled -contains \"t\"",
            22, 9,
            "Column 23: device.accountEnabled is true or false, so it takes -eq or -ne, but found '-contains'.");
    }

    [Fact]
    public void BooleanPropertyWithAnotherWord()
    {
        AssertError(
            "device.accountEnabled -eq \"yes\"",
            26, 5,
            "Column 27: expected true or false after '-eq', but found '\"yes\"'.");
    }

    [Fact]
    public void InWithoutAList()
    {
        AssertError(
            "device.deviceModel -in \"a\"",
            23, 3,
            "Column 24: expected a list such as [\"a\", \"b\"] after '-in', but found '\"a\"'.");
    }

    [Fact]
    public void ListMissingItsClosingBracket()
    {
        AssertError(
            "device.deviceModel -notIn [\"a\", \"b\"",
            35, 0,
            "Column 36: expected ',' or ']' to close the list that starts at column 27, but found the end of the rule.");
    }

    [Fact]
    public void EmptyList()
    {
        AssertError(
            "device.deviceModel -in []",
            24, 1,
            "Column 25: expected a quoted string in the list, but found ']'.");
    }

    [Fact]
    public void SingleQuotesAreNotStrings()
    {
        AssertError(
            "device.deviceModel -eq 'HP'",
            23, 1,
            "Column 24: unexpected character '''; strings are written in straight double quotes, e.g. \"value\".");
    }

    [Fact]
    public void NotWithNothingAfterIt()
    {
        AssertError(
            "device.accountEnabled -eq true -and -not",
            40, 0,
            "Column 41: expected a condition such as device.deviceModel -eq \"value\", but found the end of the rule.");
    }

    [Fact]
    public void LongTokensAreShortenedInMessages()
    {
        AssertError(
            "device.deviceModel -eq \"x\" \"" + new string('y', 60) + "\"",
            27, 62,
            "Column 28: expected -and, -or or the end of the rule, but found '\"" + new string('y', 38) + "…'.");
    }

    [Fact]
    public void ParseThrowsTheSameErrorAsTryParseReturns()
    {
        var exception = Assert.Throws<MembershipRuleException>(() => MembershipRule.Parse("device.deviceModel -eq"));

        Assert.Equal(exception.Error.Message, exception.Message);
        Assert.False(MembershipRule.TryParse("device.deviceModel -eq", out _, out var error));
        Assert.Equal(error, exception.Error);
    }

    private static void AssertError(string text, int position, int length, string message)
    {
        var parsed = MembershipRule.TryParse(text, out var rule, out var error);

        Assert.False(parsed);
        Assert.Null(rule);
        Assert.NotNull(error);
        Assert.Equal(message, error.Message);
        Assert.Equal(position, error.Position);
        Assert.Equal(length, error.Length);
    }
}
