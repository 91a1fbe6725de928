using System.Net;
using System.Text.Json;
using CollectionsBot.Bot.Channels.Sms;
using CollectionsBot.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Tests.Channels.Sms;

/// <summary>Webhooks signed by npm twilio's own functions (tests/node/twilio-sign.js), posted to the running host.</summary>
public sealed class TwilioLibrarySignatureTests
{
    [Fact]
    public async Task SignedByTwilioLibrary_Accepted_TamperedRefused()
    {
        await using var sms = await SmsHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var url = sms.PublicBaseUrl + TwilioWebhooks.SmsPath;
        var fields = new Dictionary<string, string>
        {
            ["MessageSid"] = "SMlib000000000000000000000000001",
            ["AccountSid"] = FakeTwilio.AccountSid,
            ["From"] = SmsHarness.Dana,
            ["To"] = SmsHarness.OurNumber,
            ["Body"] = "Hi, what is this about? Ünïcode & symbols + spaces",
            ["NumMedia"] = "0",
            ["FromCity"] = "CHICAGO",
            ["ApiVersion"] = "2010-04-01",
        };
        var signed = await SignAsync(FakeTwilio.AuthToken, url, fields);
        Assert.True(signed.GetProperty("validatesItself").GetBoolean());
        var signature = signed.GetProperty("signature").GetString()!;

        // Our own computation agrees with Twilio's library.
        Assert.Equal(signature, TwilioSignature.Compute(url, fields, FakeTwilio.AuthToken));

        var tampered = new Dictionary<string, string>(fields) { ["Body"] = "Hi, what is this about? STOP" };
        using var refused = await sms.PostSignedAsync(TwilioWebhooks.SmsPath, tampered, signature);
        using var accepted = await sms.PostSignedAsync(TwilioWebhooks.SmsPath, fields, signature);
        await sms.SettledAsync();

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var inbound = await sms.Host.WithDbAsync(db => db.Messages.SingleAsync(m => m.Direction == MessageDirection.Inbound, ct));
        Assert.Equal(fields["Body"], inbound.Body);
        Assert.Single(sms.Twilio.Accepted);
    }

    private static Task<JsonElement> SignAsync(string authToken, string url, Dictionary<string, string> parameters) =>
        NodeScripts.RunAsync("twilio-sign.js", "twilio", new { authToken, url, @params = parameters });
}
