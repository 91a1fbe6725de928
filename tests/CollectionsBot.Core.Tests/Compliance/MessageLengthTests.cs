using CollectionsBot.Core.Compliance;
using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Tests.Compliance;

public sealed class MessageLengthTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(612, 4)]
    public void SmsSegments_Gsm7_CountsSeptets(int length, int segments) =>
        Assert.Equal(segments, MessageLength.SmsSegments(new string('x', length)));

    [Fact]
    public void SmsSegments_ExtensionCharacters_TakeTwoSeptets()
    {
        Assert.Equal(1, MessageLength.SmsSegments(new string('€', 80)));
        Assert.Equal(2, MessageLength.SmsSegments(new string('€', 81)));
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void SmsSegments_AnyNonGsmCharacter_SwitchesToUcs2(int length, int segments) =>
        Assert.Equal(segments, MessageLength.SmsSegments("ł" + new string('x', length - 1)));

    [Fact]
    public void Fits_AppliesEachChannelsLimit()
    {
        Assert.False(MessageLength.Fits(Channel.Sms, new string('x', 613)));
        Assert.True(MessageLength.Fits(Channel.WebChat, new string('x', 4000)));
        Assert.False(MessageLength.Fits(Channel.Teams, new string('x', 4001)));
        Assert.True(MessageLength.Fits(Channel.Email, new string('x', 20000)));
    }
}
