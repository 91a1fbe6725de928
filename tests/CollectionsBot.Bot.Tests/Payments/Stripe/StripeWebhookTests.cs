using System.Net;
using System.Text;
using System.Text.Json;
using CollectionsBot.Bot.Payments.Stripe;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Payments;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace CollectionsBot.Bot.Tests.Payments.Stripe;

/// <summary>Stripe's webhook: signatures (Stripe.net's vector, npm stripe's own), exactly-once events, any order.</summary>
public sealed class StripeWebhookTests
{
    private const string Secret = "whsec_test_0123456789abcdefghijklmnop";

    private static readonly string[] CardOnly = ["card"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Verify_StripeNetVectorS1_Accepted_TamperedWrongSecretOrStaleRefused()
    {
        var payload = System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payments", "Stripe", "event_test_signature.json"), new UTF8Encoding(false));
        const string header = "t=1533204620,v1=2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7";
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(1533204620);

        var parsed = StripeWebhook.Verify(payload, header, "webhook_secret", 300, signedAt);

        Assert.Equal("evt_123", parsed.Id);
        Assert.Throws<StripeException>(() => { _ = StripeWebhook.Verify(payload.Replace("cus_123", "cus_124", StringComparison.Ordinal), header, "webhook_secret", 300, signedAt); });
        Assert.Throws<StripeException>(() => { _ = StripeWebhook.Verify(payload, header, "other_secret", 300, signedAt); });
        Assert.Throws<StripeException>(() => { _ = StripeWebhook.Verify(payload, header, "webhook_secret", 300, signedAt.AddSeconds(301)); });
        Assert.Throws<StripeException>(() => { _ = StripeWebhook.Verify(payload, "", "webhook_secret", 300, signedAt); });
    }

    [Fact]
    public async Task SignedByNpmStripe_PaysTheInvoices_AndRefusesTamperedWrongOrStale()
    {
        await using var host = await StartAsync();
        var attempt = await AttemptAsync(host, "ACME-001", 1000.00m, "USD");
        var completed = SessionCompleted("evt_s1", attempt, "pi_1", 100000, "usd");

        using var tampered = await PostAsync(host, completed.Replace("100000", "900000", StringComparison.Ordinal), await SignAsync(completed, Secret));
        using var wrongSecret = await PostAsync(host, completed, await SignAsync(completed, "whsec_someone_else"));
        using var stale = await PostAsync(host, completed, await SignAsync(completed, Secret, DateTimeOffset.UtcNow.AddMinutes(-10)));
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongSecret.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Equal(0, await host.WithDbAsync(db => db.Payments.CountAsync(p => p.Source == "stripe", Ct)));
        Assert.Equal(0, await host.WithDbAsync(db => db.ProcessedPaymentEvents.CountAsync(Ct)));

        using var accepted = await PostAsync(host, completed, await SignAsync(completed, Secret));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var payment = await host.WithDbAsync(db => db.Payments.Include(p => p.Allocations).SingleAsync(p => p.ExternalReference == "pi_1", Ct));
        Assert.Equal(1000.00m, payment.Amount);
        Assert.Equal(1000.00m, payment.Allocations.Sum(a => a.Amount));
        Assert.Equal(PaymentAttemptStatus.Completed, (await host.WithDbAsync(db => db.PaymentAttempts.SingleAsync(a => a.Id == attempt, Ct))).Status);
    }

    [Fact]
    public async Task SameEventTwice_AndTwoEventsForOnePayment_CountedOnce()
    {
        await using var host = await StartAsync();
        var attempt = await AttemptAsync(host, "ACME-001", 500.00m, "USD");
        var before = await OpenBalanceAsync(host, "ACME-001");
        var completed = SessionCompleted("evt_a", attempt, "pi_2", 50000, "usd");
        var succeeded = IntentSucceeded("evt_b", attempt, "pi_2", 50000, "usd");

        using var first = await PostAsync(host, completed, await SignAsync(completed, Secret));
        using var again = await PostAsync(host, completed, await SignAsync(completed, Secret));
        using var other = await PostAsync(host, succeeded, await SignAsync(succeeded, Secret));

        Assert.All(new[] { first, again, other }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Contains("duplicate", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(1, await host.WithDbAsync(db => db.Payments.CountAsync(p => p.Source == "stripe", Ct)));
        Assert.Equal(before - 500.00m, await OpenBalanceAsync(host, "ACME-001"));
        Assert.Equal(2, await host.WithDbAsync(db => db.ProcessedPaymentEvents.CountAsync(Ct)));
    }

    [Fact]
    public async Task RefundBeforeItsPayment_WaitsThenConverges()
    {
        await using var host = await StartAsync();
        var attempt = await AttemptAsync(host, "ACME-001", 750.00m, "USD");
        var before = await OpenBalanceAsync(host, "ACME-001");
        var refunded = ChargeRefunded("evt_r", "pi_3", 75000, "usd");
        var succeeded = IntentSucceeded("evt_p", attempt, "pi_3", 75000, "usd");

        using var early = await PostAsync(host, refunded, await SignAsync(refunded, Secret));
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal(0, await host.WithDbAsync(db => db.ProcessedPaymentEvents.CountAsync(Ct)));

        using var paid = await PostAsync(host, succeeded, await SignAsync(succeeded, Secret));
        Assert.Equal(before - 750.00m, await OpenBalanceAsync(host, "ACME-001"));
        using var redelivered = await PostAsync(host, refunded, await SignAsync(refunded, Secret));

        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Equal(PaymentStatus.Refunded, (await host.WithDbAsync(db => db.Payments.SingleAsync(p => p.ExternalReference == "pi_3", Ct))).Status);
        Assert.Equal(before, await OpenBalanceAsync(host, "ACME-001"));
        Assert.Equal(1, await host.WithDbAsync(db => db.FollowUps.CountAsync(f => f.Kind == FollowUpKind.ReviewReversedPayment, Ct)));
    }

    [Fact]
    public async Task JpyAndUsd_MinorUnitsConvertedByCurrency()
    {
        await using var host = await StartAsync();
        var yen = await AttemptAsync(host, "IPK-3", 1250000m, "JPY");
        var dollars = await AttemptAsync(host, "ACME-001", 1234.56m, "USD");
        var jpy = IntentSucceeded("evt_jpy", yen, "pi_jpy", 1250000, "jpy");
        var usd = IntentSucceeded("evt_usd", dollars, "pi_usd", 123456, "usd");

        using var a = await PostAsync(host, jpy, await SignAsync(jpy, Secret));
        using var b = await PostAsync(host, usd, await SignAsync(usd, Secret));

        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        var payments = await host.WithDbAsync(db => db.Payments.Where(p => p.Source == "stripe").ToDictionaryAsync(p => p.ExternalReference!, Ct));
        Assert.Equal((1250000m, "JPY"), (payments["pi_jpy"].Amount, payments["pi_jpy"].CurrencyCode));
        Assert.Equal((1234.56m, "USD"), (payments["pi_usd"].Amount, payments["pi_usd"].CurrencyCode));
        Assert.Equal(0m, await host.WithDbAsync(db => db.Invoices.Where(i => i.Number == "HIC-5599").Select(i => i.Balance).SingleAsync(Ct)));
    }

    [Fact]
    public async Task FailedIntent_NotedOnTheAttempt_ThenDisputeChargesBack()
    {
        await using var host = await StartAsync();
        var attempt = await AttemptAsync(host, "ACME-001", 300.00m, "USD");
        var before = await OpenBalanceAsync(host, "ACME-001");
        var failed = Event("evt_f", "payment_intent.payment_failed", new
        {
            id = "pi_4",
            @object = "payment_intent",
            amount = 30000,
            currency = "usd",
            status = "requires_payment_method",
            last_payment_error = new { type = "card_error", code = "card_declined", message = "Your card was declined." },
            metadata = new Dictionary<string, string> { ["attempt"] = attempt.ToString("N") },
        });
        var succeeded = IntentSucceeded("evt_g", attempt, "pi_4", 30000, "usd");
        var dispute = Event("evt_d", "charge.dispute.created", new
        {
            id = "dp_1",
            @object = "dispute",
            amount = 30000,
            currency = "usd",
            charge = "ch_pi_4",
            payment_intent = "pi_4",
            reason = "fraudulent",
            status = "needs_response",
        });

        using var a = await PostAsync(host, failed, await SignAsync(failed, Secret));
        var afterFailure = await host.WithDbAsync(db => db.PaymentAttempts.SingleAsync(x => x.Id == attempt, Ct));
        using var b = await PostAsync(host, succeeded, await SignAsync(succeeded, Secret));
        using var c = await PostAsync(host, dispute, await SignAsync(dispute, Secret));

        Assert.All(new[] { a, b, c }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(PaymentAttemptStatus.Failed, afterFailure.Status);
        Assert.Equal("Your card was declined.", afterFailure.FailureReason);
        Assert.Equal(PaymentAttemptStatus.Completed, (await host.WithDbAsync(db => db.PaymentAttempts.SingleAsync(x => x.Id == attempt, Ct))).Status);
        Assert.Equal(PaymentStatus.ChargedBack, (await host.WithDbAsync(db => db.Payments.SingleAsync(p => p.ExternalReference == "pi_4", Ct))).Status);
        Assert.Equal(before, await OpenBalanceAsync(host, "ACME-001"));
        Assert.Contains(await host.WithDbAsync(db => db.FollowUps.Where(f => f.Kind == FollowUpKind.ReviewReversedPayment).Select(f => f.Details).ToListAsync(Ct)), d => d.Contains("charged back", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutWebhookSecret_Refused()
    {
        await using var host = await RunningHost.StartAsync();

        using var response = await host.Client.PostAsync(StripeWebhook.Path, new StringContent("{}", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static Task<RunningHost> StartAsync() => RunningHost.StartAsync("Development", $"--Stripe:WebhookSecret={Secret}");

    private static async Task<HttpResponseMessage> PostAsync(RunningHost host, string payload, string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, StripeWebhook.Path) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", header);
        return await host.Client.SendAsync(request, Ct);
    }

    private static async Task<string> SignAsync(string payload, string secret, DateTimeOffset? at = null)
    {
        var signed = await NodeScripts.RunAsync("stripe-sign.js", "stripe", new { payload, secret, timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() });
        return signed.GetProperty("header").GetString()!;
    }

    private static Task<Guid> AttemptAsync(RunningHost host, string debtorReference, decimal amount, string currency) =>
        host.WithDbAsync(async db =>
        {
            var caseId = await db.Debtors.Where(d => d.Reference == debtorReference).Join(db.Cases, d => d.Id, c => c.DebtorId, (d, c) => c.Id).FirstAsync(Ct);
            var request = new PaymentLinkRequest(Guid.CreateVersion7(), caseId, Money.Of(amount, currency), PaymentPurpose.Balance, []);
            db.PaymentAttempts.Add(new PaymentAttempt(request, null, "stripe", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync(Ct);
            return request.AttemptId;
        });

    private static Task<decimal> OpenBalanceAsync(RunningHost host, string debtorReference) =>
        host.WithDbAsync(db => db.Debtors.Where(d => d.Reference == debtorReference).Join(db.Invoices, d => d.Id, i => i.DebtorId, (d, i) => i.Balance).SumAsync(Ct));

    private static string Event(string id, string type, object data) => JsonSerializer.Serialize(new
    {
        id,
        @object = "event",
        api_version = "2025-09-30.clover",
        created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        livemode = false,
        pending_webhooks = 1,
        type,
        data = new { @object = data },
    });

    private static string SessionCompleted(string id, Guid attempt, string intent, long amount, string currency) => Event(id, "checkout.session.completed", new
    {
        id = $"cs_test_{id}",
        @object = "checkout.session",
        amount_total = amount,
        currency,
        mode = "payment",
        payment_intent = intent,
        payment_status = "paid",
        status = "complete",
        client_reference_id = attempt.ToString("N"),
        metadata = new Dictionary<string, string> { ["attempt"] = attempt.ToString("N") },
    });

    private static string IntentSucceeded(string id, Guid attempt, string intent, long amount, string currency) => Event(id, "payment_intent.succeeded", new
    {
        id = intent,
        @object = "payment_intent",
        amount,
        amount_received = amount,
        currency,
        status = "succeeded",
        payment_method_types = CardOnly,
        metadata = new Dictionary<string, string> { ["attempt"] = attempt.ToString("N") },
    });

    private static string ChargeRefunded(string id, string intent, long amount, string currency) => Event(id, "charge.refunded", new
    {
        id = $"ch_{intent}",
        @object = "charge",
        amount,
        amount_refunded = amount,
        currency,
        payment_intent = intent,
        refunded = true,
        status = "succeeded",
    });
}
