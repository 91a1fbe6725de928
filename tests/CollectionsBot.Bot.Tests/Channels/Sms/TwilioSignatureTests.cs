using System.Text;
using CollectionsBot.Bot.Channels.Sms;

namespace CollectionsBot.Bot.Tests.Channels.Sms;

/// <summary>The test vectors of protocols.md section 1 (from twilio-python and twilio-csharp), and tampering.</summary>
public sealed class TwilioSignatureTests
{
    private const string Token = "12345";
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";

    private static readonly KeyValuePair<string, string>[] T1 =
    [
        new("CallSid", "CA1234567890ABCDE"),
        new("Caller", "+14158675309"),
        new("Digits", "1234"),
        new("From", "+14158675309"),
        new("To", "+18005551212"),
    ];

    [Fact]
    public void Compute_T1_MatchesTwilio() =>
        Assert.Equal("RSOYDt4T1cUTdK1PDd93/VVr8B8=", TwilioSignature.Compute(Url, T1, Token));

    [Theory]
    [InlineData("https://mycompany.com:443/myapp.php?foo=1&bar=2", "kvajT1Ptam85bY51eRf/AJRuM3w=")]
    [InlineData("http://mycompany.com:80/myapp.php?foo=1&bar=2", "0ZXoZLH/DfblKGATFgpif+LLRf4=")]
    public void Compute_T2_WithDefaultPort_MatchesTwilio(string url, string expected) =>
        Assert.Equal(expected, TwilioSignature.Compute(url, T1, Token));

    [Theory]
    [InlineData("https://mycompany.com/myapp.php?foo=1&bar=2", "kvajT1Ptam85bY51eRf/AJRuM3w=")]
    [InlineData("https://mycompany.com:443/myapp.php?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=")]
    [InlineData("http://mycompany.com/myapp.php?foo=1&bar=2", "0ZXoZLH/DfblKGATFgpif+LLRf4=")]
    public void IsValid_SignedWithOrWithoutDefaultPort_Accepted(string url, string signature) =>
        Assert.True(TwilioSignature.IsValid(url, T1, Token, signature));

    [Fact]
    public void Compute_T3_RepeatedKeysSortedByValue_MatchesTwilio()
    {
        KeyValuePair<string, string>[] parameters = [new("Sid", "CA123"), new("SidAccount", "AC123"), new("Digits", "5678"), new("Digits", "1234")];
        Assert.Equal("IK+Dwps556ElfBT0I3Rgjkr1wJU=", TwilioSignature.Compute(Url, parameters, Token));
    }

    [Fact]
    public void IsValidJson_T4_BodyHashAndUrlSignature_Accepted()
    {
        var body = Encoding.UTF8.GetBytes("""{"property": "value", "boolean": true}""");
        var url = Url + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";

        Assert.True(TwilioSignature.IsValidJson(url, body, Token, "a9nBmqA0ju/hNViExpshrM61xv4="));
        Assert.False(TwilioSignature.IsValidJson(url, Encoding.UTF8.GetBytes("""{"property": "other", "boolean": true}"""), Token, "a9nBmqA0ju/hNViExpshrM61xv4="));
    }

    [Fact]
    public void Compute_T6_DocsExample_MatchesTwilio()
    {
        KeyValuePair<string, string>[] parameters = [.. T1.Select(p => p.Key is "Caller" or "From" ? new KeyValuePair<string, string>(p.Key, "+12349013030") : p)];
        Assert.Equal("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", TwilioSignature.Compute(Url, parameters, Token));
    }

    [Fact]
    public void IsValid_TamperedParameterUrlTokenOrSignature_Refused()
    {
        const string good = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
        Assert.True(TwilioSignature.IsValid(Url, T1, Token, good));

        Assert.False(TwilioSignature.IsValid(Url, [.. T1.Select(p => p.Key == "Digits" ? new KeyValuePair<string, string>("Digits", "9999") : p)], Token, good));
        Assert.False(TwilioSignature.IsValid(Url, [.. T1, new KeyValuePair<string, string>("Extra", "1")], Token, good));
        Assert.False(TwilioSignature.IsValid(Url.Replace("foo=1", "foo=2", StringComparison.Ordinal), T1, Token, good));
        Assert.False(TwilioSignature.IsValid(Url, T1, "54321", good));
        Assert.False(TwilioSignature.IsValid(Url, T1, Token, "RSOYDt4T1cUTdK1PDd93/VVr8B9="));
        Assert.False(TwilioSignature.IsValid(Url, T1, Token, ""));
        Assert.False(TwilioSignature.IsValid(Url, T1, Token, null));
        Assert.False(TwilioSignature.IsValid(Url, T1, "", good));
    }

    [Theory]
    [InlineData("STOP", "OptOut")]
    [InlineData("stop", "OptOut")]
    [InlineData(" Unsubscribe. ", "OptOut")]
    [InlineData("CANCEL", "OptOut")]
    [InlineData("START", "OptIn")]
    [InlineData("yes", "OptIn")]
    [InlineData("HELP", "Help")]
    [InlineData("info?", "Help")]
    [InlineData("stop texting me", "None")]
    [InlineData("yes that works", "None")]
    [InlineData("", "None")]
    public void Keywords_SingleWordOnly(string body, string expected) =>
        Assert.Equal(expected, SmsKeywords.Classify(body).ToString());
}
