using System.Globalization;
using CollectionsBot.Bot.Dialogs;
using CollectionsBot.Bot.Dialogs.Payments;
using CollectionsBot.Bot.Payments.Stripe;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StripeClient = Stripe.StripeClient;
using StripeClientOptions = Stripe.StripeClientOptions;

namespace CollectionsBot.Bot.Tests.Payments.Stripe;

/// <summary>Stripe Checkout links against a local fake of Stripe's API: the form Stripe.net sends, idempotency, amounts, errors.</summary>
public sealed class StripePaymentLinksTests
{
    private const string PublicBaseUrl = "https://collect.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BalanceLink_SendsTheCheckoutSessionForm_AndReturnsTheSession()
    {
        await using var fake = await FakeStripe.StartAsync();
        var links = Links(fake);
        var invoices = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var request = new PaymentLinkRequest(Guid.NewGuid(), Guid.NewGuid(), Money.Of(1234.56m, "USD"), PaymentPurpose.Balance, invoices, Description: "Northwind Logistics: Invoices NWL-10421, NWL-10488");

        var link = await links.CreateAsync(request, Ct);

        var sent = Assert.Single(fake.Requests);
        var form = sent.Form;
        var attempt = request.AttemptId.ToString("N");
        Assert.Equal(attempt, sent.IdempotencyKey);
        Assert.Equal("payment", form["mode"]);
        Assert.Equal("usd", form["line_items[0][price_data][currency]"]);
        Assert.Equal("123456", form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("Northwind Logistics: Invoices NWL-10421, NWL-10488", form["line_items[0][price_data][product_data][name]"]);
        Assert.Equal("1", form["line_items[0][quantity]"]);
        Assert.Equal("card", form["allowed_payment_method_types[0]"]);
        Assert.Equal("us_bank_account", form["allowed_payment_method_types[1]"]);
        Assert.DoesNotContain(form.Keys, k => k.StartsWith("payment_method_types", StringComparison.Ordinal));
        Assert.Equal(attempt, form["client_reference_id"]);
        Assert.Equal($"{PublicBaseUrl}/pay/{attempt}", form["success_url"]);
        Assert.Equal($"{PublicBaseUrl}/pay/{attempt}", form["cancel_url"]);
        foreach (var prefix in new[] { "metadata", "payment_intent_data[metadata]" })
        {
            Assert.Equal(attempt, form[$"{prefix}[attempt]"]);
            Assert.Equal(request.CaseId.ToString("N"), form[$"{prefix}[case]"]);
            Assert.Equal(string.Join(',', invoices.Select(i => i.ToString("N"))), form[$"{prefix}[invoices]"]);
            Assert.Equal("balance", form[$"{prefix}[purpose]"]);
            Assert.False(form.ContainsKey($"{prefix}[plan]"));
            Assert.False(form.ContainsKey($"{prefix}[installment]"));
        }

        var id = Assert.Single(fake.Created);
        Assert.Equal(id, link.ProviderReference);
        Assert.StartsWith("cs_test_", id, StringComparison.Ordinal);
        Assert.Equal($"https://checkout.stripe.com/c/pay/{id}", link.Url.GetLeftPart(UriPartial.Path));
        Assert.Equal(request.AttemptId, link.AttemptId);
        Assert.NotNull(link.ExpiresAt);
        Assert.InRange(link.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));
    }

    [Fact]
    public async Task InstallmentLink_CarriesThePlanAndInstallment()
    {
        await using var fake = await FakeStripe.StartAsync();
        var request = new PaymentLinkRequest(Guid.NewGuid(), Guid.NewGuid(), Money.Of(250m, "EUR"), PaymentPurpose.Installment, [], Guid.NewGuid(), Guid.NewGuid(), "Payment plan installment 1 of 3");

        await Links(fake).CreateAsync(request, Ct);

        var form = Assert.Single(fake.Requests).Form;
        Assert.Equal("eur", form["line_items[0][price_data][currency]"]);
        Assert.Equal("25000", form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("Payment plan installment 1 of 3", form["line_items[0][price_data][product_data][name]"]);
        Assert.Equal("card", form["allowed_payment_method_types[0]"]);
        Assert.False(form.ContainsKey("allowed_payment_method_types[1]"));
        foreach (var prefix in new[] { "metadata", "payment_intent_data[metadata]" })
        {
            Assert.Equal("installment", form[$"{prefix}[purpose]"]);
            Assert.Equal(request.PlanId!.Value.ToString("N"), form[$"{prefix}[plan]"]);
            Assert.Equal(request.InstallmentId!.Value.ToString("N"), form[$"{prefix}[installment]"]);
            Assert.False(form.ContainsKey($"{prefix}[invoices]"));
        }
    }

    [Fact]
    public async Task SameAttemptTwice_SameSession_OneCreatedAtStripe()
    {
        await using var fake = await FakeStripe.StartAsync();
        var links = Links(fake);
        var request = new PaymentLinkRequest(Guid.NewGuid(), Guid.NewGuid(), Money.Of(6000m, "USD"), PaymentPurpose.Settlement, [Guid.NewGuid()]);

        var first = await links.CreateAsync(request, Ct);
        var second = await links.CreateAsync(request, Ct);

        Assert.Equal(2, fake.Requests.Count);
        Assert.All(fake.Requests, r => Assert.Equal(request.AttemptId.ToString("N"), r.IdempotencyKey));
        var id = Assert.Single(fake.Created);
        Assert.Equal(id, first.ProviderReference);
        Assert.Equal(id, second.ProviderReference);
        Assert.Equal(first.Url, second.Url);
        Assert.Equal("Agreed settlement", fake.Requests[0].Form["line_items[0][price_data][product_data][name]"]);
    }

    [Theory]
    [InlineData("jpy", 125000L, "125000")]
    [InlineData("usd", 123456L, "1234.56")]
    [InlineData("kwd", 12350L, "12.35")]
    [InlineData("mga", 15000L, "15000")]
    [InlineData("isk", 500000L, "5000")]
    public void FromUnitAmount_ReadsWithStripesTable(string currency, long unitAmount, string expected)
    {
        var read = StripeAmounts.FromUnitAmount(unitAmount, currency);

        Assert.NotNull(read);
        var money = read.Value;
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), money.Amount);
        Assert.Equal(currency.ToUpperInvariant(), money.Currency.Code);
        Assert.Equal(unitAmount, StripeAmounts.ToUnitAmount(money));
        Assert.Null(StripeAmounts.FromUnitAmount(100, "xyz"));
    }

    [Theory]
    [InlineData("JPY", "125000", 125000L, false)]
    [InlineData("USD", "1234.56", 123456L, true)]
    [InlineData("KWD", "12.345", 12350L, false)]
    [InlineData("BHD", "7.004", 7000L, false)]
    [InlineData("MGA", "15000.40", 15000L, false)]
    [InlineData("ISK", "5000", 500000L, false)]
    [InlineData("EUR", "0.99", 99L, false)]
    public async Task UnitAmount_InStripesMinorUnits(string currency, string amount, long expected, bool ach)
    {
        await using var fake = await FakeStripe.StartAsync();
        var money = Money.Of(decimal.Parse(amount, CultureInfo.InvariantCulture), currency);

        await Links(fake).CreateAsync(new PaymentLinkRequest(Guid.NewGuid(), Guid.NewGuid(), money, PaymentPurpose.Balance, []), Ct);

        var form = Assert.Single(fake.Requests).Form;
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal(currency.ToLowerInvariant(), form["line_items[0][price_data][currency]"]);
        Assert.Equal(ach, form.ContainsKey("allowed_payment_method_types[1]"));
        Assert.Equal(expected, StripeAmounts.ToUnitAmount(money));
    }

    [Fact]
    public void ManyInvoices_MetadataKeepsWholeIdsUnderStripesLimit()
    {
        var invoices = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        var request = new PaymentLinkRequest(Guid.NewGuid(), Guid.NewGuid(), Money.Of(10m, "USD"), PaymentPurpose.Balance, invoices);

        var metadata = StripePaymentLinks.Metadata(request);

        Assert.InRange(metadata["invoices"].Length, 1, StripePaymentLinks.MetadataValueLimit);
        var kept = metadata["invoices"].Split(',');
        Assert.Equal(15, kept.Length);
        Assert.Equal(invoices.Take(15).Select(i => i.ToString("N")), kept);
        Assert.Equal("20", metadata["invoices_total"]);
    }

    [Fact]
    public async Task StripeError_SurfacesAsPaymentProviderException_WithStripesMessage()
    {
        await using var fake = await FakeStripe.StartAsync();
        fake.Script(400, "invalid_request_error", "amount_too_small", "The Checkout Session's total amount due must add up to at least $0.50 usd");
        var request = new PaymentLinkRequest(Guid.NewGuid(), Guid.NewGuid(), Money.Of(0.10m, "USD"), PaymentPurpose.Balance, []);

        var error = await Assert.ThrowsAsync<PaymentProviderException>(() => Links(fake).CreateAsync(request, Ct));

        Assert.Equal("stripe", error.Provider);
        Assert.Equal("amount_too_small", error.ErrorCode);
        Assert.Equal("invalid_request_error", error.ErrorType);
        Assert.Equal(400, error.HttpStatus);
        Assert.Contains("must add up to at least $0.50 usd", error.Message, StringComparison.Ordinal);
        Assert.Contains(request.AttemptId.ToString("N"), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeStripe.SecretKey, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(fake.Created);
    }

    [Fact]
    public async Task WrongKey_RefusedWithoutTheKeyInTheError()
    {
        await using var fake = await FakeStripe.StartAsync();
        const string wrong = "sk_test_wrong_0123456789abcdefWXYZ";
        var links = Links(fake, wrong);

        var error = await Assert.ThrowsAsync<PaymentProviderException>(() => links.CreateAsync(new PaymentLinkRequest(Guid.NewGuid(), Guid.NewGuid(), Money.Of(10m, "USD"), PaymentPurpose.Balance, []), Ct));

        Assert.Equal(401, error.HttpStatus);
        Assert.Equal("api_key_invalid", error.ErrorCode);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk_test_", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task RunningHost_VerifiedDebtorAsksToPay_GetsAStripeCheckoutLink_AttemptRecordsTheSession()
    {
        await using var fake = await FakeStripe.StartAsync();
        await using var host = await RunningHost.StartAsync(
            "Development",
            $"--Stripe:SecretKey={FakeStripe.SecretKey}",
            $"--Stripe:ApiBase={fake.BaseAddress.ToString().TrimEnd('/')}",
            $"--Payments:PublicBaseUrl={PublicBaseUrl}");
        Assert.IsType<StripePaymentLinks>(host.App.Services.GetRequiredService<IPaymentLinks>());
        var dana = await host.WithDbAsync(db => db.Contacts.Where(c => c.Name == "Dana Whitfield").Select(c => c.Id).SingleAsync(Ct));
        var engine = host.App.Services.GetRequiredService<ConversationEngine>();

        var result = await engine.HandleAsync(new InboundActivity(Channel.WebChat, "stripe-links-1", "user-dana", "send me a link to pay the whole balance by card", "stripe-links-1#1", dana, Verified: true), Ct);

        var id = Assert.Single(fake.Created);
        var reply = Assert.Single(result.Replies, r => r.TemplateKey == "pay.link");
        Assert.Contains($"https://checkout.stripe.com/c/pay/{id}", reply.Body, StringComparison.Ordinal);
        var attempt = await host.WithDbAsync(db => db.PaymentAttempts.AsNoTracking().SingleAsync(Ct));
        Assert.Equal("stripe", attempt.Provider);
        Assert.Equal(id, attempt.ProviderReference);
        Assert.Equal(result.ConversationId, attempt.ConversationId);
        var sent = Assert.Single(fake.Requests);
        Assert.Equal(attempt.Id.ToString("N"), sent.IdempotencyKey);
        Assert.Equal(attempt.Id.ToString("N"), sent.Form["metadata[attempt]"]);
        Assert.Equal(attempt.CaseId.ToString("N"), sent.Form["payment_intent_data[metadata][case]"]);
        Assert.Equal(StripeAmounts.ToUnitAmount(attempt.Money).ToString(CultureInfo.InvariantCulture), sent.Form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("usd", sent.Form["line_items[0][price_data][currency]"]);
        Assert.StartsWith("Northwind Logistics: Invoices NWL-", sent.Form["line_items[0][price_data][product_data][name]"], StringComparison.Ordinal);
        Assert.Equal($"{PublicBaseUrl}/pay/{attempt.Id:N}", sent.Form["success_url"]);
    }

    [Fact]
    public async Task RunningHost_WithoutAStripeKey_KeepsTheSandbox()
    {
        await using var host = await RunningHost.StartAsync();

        Assert.IsType<SandboxPaymentLinks>(host.App.Services.GetRequiredService<IPaymentLinks>());
    }

    private static StripePaymentLinks Links(FakeStripe fake, string key = FakeStripe.SecretKey) =>
        new(
            new StripeClient(new StripeClientOptions { ApiKey = key, ApiBase = fake.BaseAddress.ToString().TrimEnd('/') }),
            Options.Create(new StripeOptions { SecretKey = key, ApiBase = fake.BaseAddress.ToString(), AchCurrencies = ["USD"] }),
            Options.Create(new PaymentLinkOptions { PublicBaseUrl = PublicBaseUrl + "/" }));
}
