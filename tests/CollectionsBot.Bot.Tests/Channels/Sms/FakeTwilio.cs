using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CollectionsBot.Bot.Tests.Channels.Sms;

/// <summary>
/// A local stand-in for Twilio's Messages REST API on 127.0.0.1 (we cannot reach Twilio from tests): it checks HTTP
/// Basic auth, records each form post, and answers as Twilio does (201 with the message resource, or a scripted
/// error such as 429, 500 or 400 with code 21610).
/// </summary>
internal sealed class FakeTwilio : IAsyncDisposable
{
    public const string AccountSid = "AC00000000000000000000000000000001";
    public const string AuthToken = "test-auth-token-0123456789abcdef";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(int Status, string? Code)> _scripted = new();
    private readonly List<Dictionary<string, string>> _received = [];
    private int _attempts;
    private int _sequence;

    private FakeTwilio(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request that reached the API, accepted or not.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>The messages Twilio accepted (201), in order.</summary>
    public IReadOnlyList<Dictionary<string, string>> Accepted
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<FakeTwilio> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTwilio(app);
        app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", fake.CreateAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        fake.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return fake;
    }

    /// <summary>The next requests get these answers instead of 201, in order.</summary>
    public void Script(params (int Status, string? Code)[] answers)
    {
        foreach (var answer in answers)
        {
            _scripted.Enqueue(answer);
        }
    }

    /// <summary>Waits until Twilio has accepted <paramref name="count"/> messages in all.</summary>
    public async Task<IReadOnlyList<Dictionary<string, string>>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (Accepted.Count < count)
        {
            await Task.Delay(20, cancel.Token);
        }

        return Accepted;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task<IResult> CreateAsync(HttpContext http, string account)
    {
        Interlocked.Increment(ref _attempts);
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));
        if (account != AccountSid || http.Request.Headers.Authorization.ToString() != expected)
        {
            return Results.Json(new { code = 20003, message = "Authenticate", status = 401 }, statusCode: 401);
        }

        var form = await http.Request.ReadFormAsync();
        if (_scripted.TryDequeue(out var answer))
        {
            return Results.Json(new { code = answer.Code is null ? (int?)null : int.Parse(answer.Code, System.Globalization.CultureInfo.InvariantCulture), message = $"Scripted {answer.Status}", status = answer.Status }, statusCode: answer.Status);
        }

        if (!form.ContainsKey("To") || !form.ContainsKey("Body") || !(form.ContainsKey("From") || form.ContainsKey("MessagingServiceSid")))
        {
            return Results.Json(new { code = 21604, message = "A 'To' phone number, a 'Body' and a 'From' or 'MessagingServiceSid' are required.", status = 400 }, statusCode: 400);
        }

        var sid = $"SM{Interlocked.Increment(ref _sequence):D32}";
        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        fields["Sid"] = sid;
        lock (_received)
        {
            _received.Add(fields);
        }

        return Results.Json(new { sid, account_sid = AccountSid, to = fields["To"], from = fields.GetValueOrDefault("From"), body = fields["Body"], status = "queued", num_segments = "1" }, statusCode: 201);
    }
}
