using CollectionsBot.Bot.Cli;
using CollectionsBot.Core.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CollectionsBot.Bot.Tests.Payments.Stripe;

/// <summary>The reconcile command against a local stand-in for Stripe's PaymentIntents list (two pages).</summary>
public sealed class StripeReconciliationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reconcile_ReportsMissingOnEitherSideAndAmountsThatDiffer()
    {
        var day = new DateTimeOffset(2026, 11, 20, 15, 0, 0, TimeSpan.Zero);
        await using var stripe = await FakeIntentList.StartAsync(
        [
            Intent("pi_A", 100000, "usd", day),
            Intent("pi_B", 50000, "usd", day.AddHours(1)),
            Intent("pi_D", 1250000, "jpy", day.AddHours(2)),
            Intent("pi_failed", 70000, "usd", day.AddHours(3), "requires_payment_method"),
        ]);
        await using var host = await RunningHost.StartAsync("Development", "--Stripe:SecretKey=sk_test_reconcile", $"--Stripe:ApiBase={stripe.BaseAddress.ToString().TrimEnd('/')}");
        await host.WithDbAsync(async db =>
        {
            var acme = await db.Debtors.Where(d => d.Reference == "ACME-001").Join(db.Cases, d => d.Id, c => c.DebtorId, (d, c) => c).FirstAsync(Ct);
            db.Payments.Add(new Payment(acme, Money.Of(1000.00m, "USD"), PaymentMethod.Card, "stripe", "pi_A", day));
            db.Payments.Add(new Payment(acme, Money.Of(450.00m, "USD"), PaymentMethod.Card, "stripe", "pi_B", day));
            db.Payments.Add(new Payment(acme, Money.Of(300.00m, "USD"), PaymentMethod.Card, "stripe", "pi_C", day));
            return await db.SaveChangesAsync(Ct);
        });
        var (command, _) = CliCommand.Parse(["reconcile", "--from", "2026-11-20", "--to", "2026-11-20"]);
        using var output = new StringWriter();

        var exit = await command!.ReconcileAsync(host.App, output, Ct);

        var report = output.ToString();
        Assert.Equal(1, exit);
        Assert.Contains("1 matched, 3 difference(s)", report, StringComparison.Ordinal);
        Assert.Contains("pi_B: amounts differ (Stripe $500.00, ledger $450.00)", report, StringComparison.Ordinal);
        Assert.Contains("pi_C: not at Stripe", report, StringComparison.Ordinal);
        Assert.Contains("pi_D: not in our ledger", report, StringComparison.Ordinal);
        Assert.DoesNotContain("pi_failed", report, StringComparison.Ordinal);
        Assert.True(stripe.Pages >= 2);
    }

    [Fact]
    public async Task Reconcile_BadRangeOrNoStripe_IsUsage()
    {
        await using var host = await RunningHost.StartAsync();
        var (badRange, _) = CliCommand.Parse(["reconcile", "--from", "2026-11-30", "--to", "2026-11-01"]);
        var (noStripe, _) = CliCommand.Parse(["reconcile", "--from", "2026-11-01", "--to", "2026-11-30"]);
        using var output = new StringWriter();

        Assert.Equal(2, await badRange!.ReconcileAsync(host.App, output, Ct));
        Assert.Equal(2, await noStripe!.ReconcileAsync(host.App, output, Ct));
    }

    private static Dictionary<string, object> Intent(string id, long amount, string currency, DateTimeOffset created, string status = "succeeded") => new()
    {
        ["id"] = id,
        ["object"] = "payment_intent",
        ["amount"] = amount,
        ["amount_received"] = status == "succeeded" ? amount : 0,
        ["currency"] = currency,
        ["status"] = status,
        ["created"] = created.ToUnixTimeSeconds(),
    };

    /// <summary>GET /v1/payment_intents as Stripe lists them: filtered by created[gte]/created[lt], two per page, starting_after.</summary>
    private sealed class FakeIntentList : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _pages;

        private FakeIntentList(WebApplication app) => _app = app;

        public Uri BaseAddress { get; private set; } = null!;

        public int Pages => Volatile.Read(ref _pages);

        public static async Task<FakeIntentList> StartAsync(IReadOnlyList<Dictionary<string, object>> intents)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var fake = new FakeIntentList(app);
            app.MapGet("/v1/payment_intents", (HttpRequest request) =>
            {
                if (request.Headers.Authorization.ToString() != "Bearer sk_test_reconcile")
                {
                    return Results.Json(new { error = new { type = "invalid_request_error", message = "Invalid API Key provided" } }, statusCode: 401);
                }

                Interlocked.Increment(ref fake._pages);
                var gte = long.Parse(request.Query["created[gte]"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
                var lt = long.Parse(request.Query["created[lt]"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
                var after = request.Query["starting_after"].ToString();
                var matching = intents.Where(i => (long)i["created"] >= gte && (long)i["created"] < lt).ToList();
                var start = after.Length == 0 ? 0 : matching.FindIndex(i => (string)i["id"] == after) + 1;
                var page = matching.Skip(start).Take(2).ToList();
                return Results.Json(new { @object = "list", url = "/v1/payment_intents", has_more = start + page.Count < matching.Count, data = page });
            });
            await app.StartAsync();
            fake.BaseAddress = new Uri(app.Urls.Single());
            return fake;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
