using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CollectionsBot.Bot.Tests.Payments.Stripe;

/// <summary>
/// A local stand-in for Stripe's Checkout Sessions API on 127.0.0.1 (tests cannot reach Stripe): it checks the
/// Bearer key, records each form post with its Idempotency-Key, answers a repeated key with the first answer as Stripe
/// does (a different form under the same key is refused), refuses the <c>payment_method_types</c> parameter the pinned
/// API version removed, and can be scripted to answer with a Stripe error.
/// </summary>
internal sealed class FakeStripe : IAsyncDisposable
{
    public const string SecretKey = "sk_test_fake_0123456789abcdefABCDEF";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(int Status, string Type, string Code, string Message)> _scripted = new();
    private readonly Dictionary<string, (string Form, int Status, string Body)> _byKey = new(StringComparer.Ordinal);
    private readonly List<Received> _received = [];
    private readonly List<string> _created = [];
    private int _sequence;

    private FakeStripe(WebApplication app) => _app = app;

    /// <summary>One request that reached the API.</summary>
    public sealed record Received(Dictionary<string, string> Form, string? IdempotencyKey);

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every authenticated request, in order.</summary>
    public IReadOnlyList<Received> Requests
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>The ids of the sessions created (a replayed answer creates none).</summary>
    public IReadOnlyList<string> Created
    {
        get
        {
            lock (_received)
            {
                return [.. _created];
            }
        }
    }

    public static async Task<FakeStripe> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeStripe(app);
        app.MapPost("/v1/checkout/sessions", (Func<HttpContext, Task<IResult>>)fake.CreateAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        fake.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return fake;
    }

    /// <summary>The next requests get these Stripe errors instead of a session, in order.</summary>
    public void Script(int status, string type, string code, string message) => _scripted.Enqueue((status, type, code, message));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static IResult Error(int status, string type, string code, string message, string? param = null) =>
        Results.Json(new { error = new { type, code, message, param } }, statusCode: status);

    private async Task<IResult> CreateAsync(HttpContext http)
    {
        if (http.Request.Headers.Authorization.ToString() != $"Bearer {SecretKey}")
        {
            return Error(401, "invalid_request_error", "api_key_invalid", "Invalid API Key provided: sk_test_****CDEF");
        }

        var form = (await http.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var canonical = string.Join('&', form.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
        (string Form, int Status, string Body) answer;
        lock (_received)
        {
            _received.Add(new Received(form, key.Length == 0 ? null : key));
            if (key.Length > 0 && _byKey.TryGetValue(key, out var first))
            {
                if (first.Form != canonical)
                {
                    return Error(400, "idempotency_error", "idempotency_key_in_use", "Keys for idempotent requests can only be used with the same parameters they were first used with.");
                }

                http.Response.Headers["Idempotent-Replayed"] = "true";
                return Results.Text(first.Body, "application/json", statusCode: first.Status);
            }

            answer = Answer(form, canonical);
            if (key.Length > 0)
            {
                _byKey[key] = answer;
            }
        }

        return Results.Text(answer.Body, "application/json", statusCode: answer.Status);
    }

    // Called under the lock: the first answer for a key is the one replayed.
    private (string Form, int Status, string Body) Answer(Dictionary<string, string> form, string canonical)
    {
        static string Json(object value) => JsonSerializer.Serialize(value);
        if (_scripted.TryDequeue(out var scripted))
        {
            return (canonical, scripted.Status, Json(new { error = new { type = scripted.Type, code = scripted.Code, message = scripted.Message } }));
        }

        if (form.Keys.Any(k => k.StartsWith("payment_method_types", StringComparison.Ordinal)))
        {
            return (canonical, 400, Json(new { error = new { type = "invalid_request_error", code = "parameter_unknown", message = "Received unknown parameter: payment_method_types", param = "payment_method_types" } }));
        }

        foreach (var required in new[] { "mode", "line_items[0][price_data][currency]", "line_items[0][price_data][unit_amount]", "line_items[0][price_data][product_data][name]", "line_items[0][quantity]", "success_url" })
        {
            if (!form.ContainsKey(required))
            {
                return (canonical, 400, Json(new { error = new { type = "invalid_request_error", code = "parameter_missing", message = $"Missing required param: {required}.", param = required } }));
            }
        }

        var id = $"cs_test_a1{Interlocked.Increment(ref _sequence):D8}FakeStripe";
        _created.Add(id);
        var metadata = form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)).ToDictionary(f => f.Key[9..^1], f => f.Value, StringComparer.Ordinal);
        var amount = long.Parse(form["line_items[0][price_data][unit_amount]"], System.Globalization.CultureInfo.InvariantCulture);
        var session = new Dictionary<string, object?>
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["mode"] = form["mode"],
            ["status"] = "open",
            ["payment_status"] = "unpaid",
            ["url"] = $"https://checkout.stripe.com/c/pay/{id}#fidkdWxOYHwnPyd1blpxYHZxWjA0",
            ["expires_at"] = DateTimeOffset.UtcNow.AddHours(24).ToUnixTimeSeconds(),
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["amount_total"] = amount,
            ["amount_subtotal"] = amount,
            ["currency"] = form["line_items[0][price_data][currency]"],
            ["client_reference_id"] = form.GetValueOrDefault("client_reference_id"),
            ["success_url"] = form["success_url"],
            ["cancel_url"] = form.GetValueOrDefault("cancel_url"),
            ["metadata"] = metadata,
            ["livemode"] = false,
        };
        return (canonical, 200, Json(session));
    }
}
