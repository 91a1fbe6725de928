using System.Net;
using CollectionsBot.Bot.Channels.Sms;
using CollectionsBot.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Tests.Channels.Sms;

/// <summary>The real host on 127.0.0.1 with Twilio pointed at a local fake, and a way to text it as Twilio would.</summary>
internal sealed class SmsHarness : IAsyncDisposable
{
    public const string OurNumber = "+18005550100";
    public const string Dana = "+13125550142";

    private int _sid;

    private SmsHarness(RunningHost host, FakeTwilio twilio, string publicBaseUrl)
    {
        Host = host;
        Twilio = twilio;
        PublicBaseUrl = publicBaseUrl;
    }

    public RunningHost Host { get; }

    public FakeTwilio Twilio { get; }

    public string PublicBaseUrl { get; }

    public static async Task<SmsHarness> StartAsync(params string[] settings)
    {
        var twilio = await FakeTwilio.StartAsync();
        var port = RunningHost.FreePort();
        var publicBaseUrl = $"http://127.0.0.1:{port}";
        // Development seeds the demo portfolio: Dana Whitfield (+1 312 555 0142) is Acme Manufacturing's AP contact.
        var host = await RunningHost.StartAsync("Development",
        [
            $"--urls={publicBaseUrl}",
            $"--Twilio:AccountSid={FakeTwilio.AccountSid}",
            $"--Twilio:AuthToken={FakeTwilio.AuthToken}",
            $"--Twilio:FromNumber={OurNumber}",
            $"--Twilio:ApiBaseUrl={twilio.BaseAddress}",
            $"--Twilio:PublicBaseUrl={publicBaseUrl}",
            $"--Payments:PublicBaseUrl={publicBaseUrl}",
            "--Delivery:PollSeconds=0.2",
            "--Delivery:RetryAfterSeconds=0.5",
            .. settings,
        ]);
        return new SmsHarness(host, twilio, publicBaseUrl);
    }

    /// <summary>Posts an inbound text as Twilio does, signed; returns the response.</summary>
    public Task<HttpResponseMessage> TextAsync(string from, string body, string? sid = null, int media = 0, string? signature = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["MessageSid"] = sid ?? $"SMin{Interlocked.Increment(ref _sid):D28}",
            ["AccountSid"] = FakeTwilio.AccountSid,
            ["From"] = from,
            ["To"] = OurNumber,
            ["Body"] = body,
            ["NumMedia"] = media.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["NumSegments"] = "1",
        };
        if (media > 0)
        {
            fields["MediaContentType0"] = "image/jpeg";
            fields["MediaUrl0"] = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1";
        }

        return PostSignedAsync(TwilioWebhooks.SmsPath, fields, signature);
    }

    public async Task<HttpResponseMessage> PostSignedAsync(string pathAndQuery, Dictionary<string, string> fields, string? signature = null)
    {
        var url = PublicBaseUrl + pathAndQuery;
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", signature ?? TwilioSignature.Compute(url, fields, FakeTwilio.AuthToken));
        return await Host.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Waits until every ready outbound message has been handed to Twilio (or settled otherwise).</summary>
    public async Task SettledAsync()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await Host.WithDbAsync(db => db.Messages.CountAsync(m => m.Direction == MessageDirection.Outbound && m.Status == DeliveryStatus.Queued && m.NotBefore == null, cancel.Token)) > 0)
        {
            await Task.Delay(25, cancel.Token);
        }
    }

    /// <summary>Texts, checks the empty TwiML answer, and waits until the replies are out.</summary>
    public async Task<IReadOnlyList<Dictionary<string, string>>> ConverseAsync(string from, string body)
    {
        var before = Twilio.Accepted.Count;
        using (var response = await TextAsync(from, body))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("<Response></Response>", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        await SettledAsync();
        return Twilio.Accepted.Skip(before).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Twilio.DisposeAsync();
    }
}
