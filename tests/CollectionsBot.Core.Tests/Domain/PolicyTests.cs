using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Tests.Domain;

public sealed class PolicyTests
{
    [Fact]
    public void Validate_Defaults_AreUsable()
    {
        Assert.Empty(new NegotiationPolicy().Validate());
        Assert.Empty(new ComplianceProfile().Validate());
    }

    [Fact]
    public void Validate_OutOfRangeLimits_NamesEachField()
    {
        var policy = new NegotiationPolicy
        {
            MinInstallmentAmount = 0m,
            MaxSettlementDiscountPercent = 120m,
            AllowedFrequencies = PaymentFrequency.None,
            MaxInstallments = 0,
        };

        var fields = policy.Validate().Select(e => e.Field).ToList();

        Assert.Equal(
            [nameof(NegotiationPolicy.MaxInstallments), nameof(NegotiationPolicy.MinInstallmentAmount), nameof(NegotiationPolicy.AllowedFrequencies), nameof(NegotiationPolicy.MaxSettlementDiscountPercent)],
            fields);
    }

    [Theory]
    [InlineData(DayOfWeek.Tuesday, 7, 59, false)]
    [InlineData(DayOfWeek.Tuesday, 8, 0, true)]
    [InlineData(DayOfWeek.Tuesday, 20, 59, true)]
    [InlineData(DayOfWeek.Tuesday, 21, 0, false)]
    [InlineData(DayOfWeek.Saturday, 12, 0, false)]
    public void AllowsContactAt_DefaultWindow_WeekdaysEightToNine(DayOfWeek day, int hour, int minute, bool allowed)
    {
        Assert.Equal(allowed, new ComplianceProfile().AllowsContactAt(day, new TimeOnly(hour, minute)));
    }

    [Theory]
    [InlineData("Europe/London", "GB")]
    [InlineData("America/Chicago", "US")]
    [InlineData("Asia/Tokyo", "JP")]
    [InlineData("UTC", null)]
    public void CountryOf_Zone_ReadsTzdbTable(string zone, string? country)
    {
        Assert.Equal(country, TimeZones.CountryOf(zone));
    }

    [Theory]
    [InlineData("(415) 555-0198", "US", "+14155550198")]
    [InlineData("+44 20 7946 0321", "US", "+442079460321")]
    [InlineData("07911 123456", "GB", "+447911123456")]
    public void TryNormalize_ValidNumber_ReturnsE164(string input, string region, string expected)
    {
        Assert.Equal(expected, PhoneNumbersE164.TryNormalize(input, region, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("not a phone")]
    [InlineData("+999 123 456")]
    public void TryNormalize_Invalid_GivesReason(string input)
    {
        Assert.Null(PhoneNumbersE164.TryNormalize(input, "US", out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void TryNormalize_AskedAgain_GivesTheSameAnswerAndReason_PerRegion()
    {
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal("+447911123456", PhoneNumbersE164.TryNormalize("07911 123456", "GB", out var gb));
            Assert.Null(gb);
            Assert.Null(PhoneNumbersE164.TryNormalize("07911 123456", "US", out var us));
            Assert.Equal("is not a valid phone number", us);
            Assert.Null(PhoneNumbersE164.TryNormalize("not a phone", "US", out var text));
            Assert.Equal("is not a phone number", text);
        }
    }

    [Theory]
    [InlineData("ap@acme.example", true)]
    [InlineData("first.last+ap@sub.acme.co.uk", true)]
    [InlineData("ap@@acme.example", false)]
    [InlineData("ap@localhost", false)]
    [InlineData("Dana <ap@acme.example>", false)]
    [InlineData("ap acme@acme.example", false)]
    [InlineData("ap@acme.example,b@acme.example", false)]
    public void IsValid_Email(string input, bool valid)
    {
        Assert.Equal(valid, EmailAddresses.IsValid(input));
    }
}
