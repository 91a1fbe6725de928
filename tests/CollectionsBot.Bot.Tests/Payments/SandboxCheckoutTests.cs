using System.Net;
using System.Text.RegularExpressions;
using CollectionsBot.Bot.Tests.Channels.Sms;
using CollectionsBot.Core.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CollectionsBot.Bot.Tests.Payments;

/// <summary>The sandbox payment page over real Kestrel: a plan agreed by text, its first payment made on the page.</summary>
public sealed partial class SandboxCheckoutTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThreeInstallmentPlan_FirstPaidOnTheSandboxPage_ReceiptByText_OneOfThreePaid()
    {
        await using var sms = await SmsHarness.StartAsync();

        // Northwind's supervisor takes no down payment, so three payments are the whole plan.
        await sms.Host.WithDbAsync(async db =>
        {
            var northwind = await db.Creditors.SingleAsync(c => c.Name == "Northwind Logistics", Ct);
            var policy = northwind.Policy;
            northwind.Policy = new NegotiationPolicy
            {
                MaxInstallments = policy.MaxInstallments,
                MaxPlanLengthDays = policy.MaxPlanLengthDays,
                MinDownPaymentPercent = 0m,
                MinInstallmentAmount = policy.MinInstallmentAmount,
                AllowedFrequencies = policy.AllowedFrequencies,
                MaxSettlementDiscountPercent = policy.MaxSettlementDiscountPercent,
                MaxPromiseDays = policy.MaxPromiseDays,
                ConcessionSteps = policy.ConcessionSteps,
            };
            return await db.SaveChangesAsync(Ct);
        });
        await sms.ConverseAsync(SmsHarness.Dana, "hi there");
        await sms.ConverseAsync(SmsHarness.Dana, "how much do we owe you?");
        await sms.ConverseAsync(SmsHarness.Dana, "Acme Manufacturing Inc., account ACME-001");
        var answer = await sms.ConverseAsync(SmsHarness.Dana, "can we pay it in 3 monthly payments?");
        if (!answer.Any(m => m["Body"].StartsWith("Done:", StringComparison.Ordinal)))
        {
            answer = await sms.ConverseAsync(SmsHarness.Dana, "yes that works");
        }

        var accepted = Assert.Single(answer, m => m["Body"].StartsWith("Done:", StringComparison.Ordinal))["Body"];
        var link = Assert.Single(LinkPattern().Matches(accepted)).Value;
        Assert.StartsWith(sms.PublicBaseUrl + "/pay/", link, StringComparison.Ordinal);
        var caseId = await sms.Host.WithDbAsync(db => db.Conversations.Where(c => c.Address == SmsHarness.Dana).Select(c => c.CaseId).SingleAsync(Ct));
        var plan = await sms.Host.WithDbAsync(db => db.PaymentPlans.Include(p => p.Installments).Where(p => p.CaseId == caseId && p.Status == PlanStatus.Active).SingleAsync(Ct));
        Assert.Equal(3, plan.Installments.Count);
        var first = plan.Installments.OrderBy(i => i.Sequence).First();

        // The page says TEST, names the amount, and its button posts a token signed for this attempt.
        var page = await sms.Host.Client.GetStringAsync(link, Ct);
        Assert.Contains("TEST PAYMENT PAGE", page, StringComparison.Ordinal);
        Assert.Contains(first.Amount.ToString("N2", System.Globalization.CultureInfo.GetCultureInfo("en-US")), page, StringComparison.Ordinal);
        var token = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);

        using var forged = await sms.Host.Client.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token + "x" }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var before = sms.Twilio.Accepted.Count;
        using var paid = await sms.Host.Client.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }), Ct);
        using var again = await sms.Host.Client.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }), Ct);
        await sms.SettledAsync();

        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Contains("has been received", await paid.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var receipt = Assert.Single(sms.Twilio.Accepted.Skip(before));
        Assert.Contains("1 of 3 payments made", receipt["Body"], StringComparison.Ordinal);
        var after = await sms.Host.WithDbAsync(db => db.PaymentPlans.Include(p => p.Installments).SingleAsync(p => p.Id == plan.Id, Ct));
        Assert.Equal(1, after.PaidCount);
        Assert.Equal(1, await sms.Host.WithDbAsync(db => db.Payments.CountAsync(p => p.Source == "sandbox", Ct)));
    }

    [Fact]
    public async Task UnknownLink_NotFoundPage()
    {
        await using var host = await RunningHost.StartAsync();

        using var response = await host.Client.GetAsync($"/pay/{Guid.NewGuid():N}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("not valid", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderAttempt_IsNeverPaidOnTheSandboxPage()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var attempt = await host.WithDbAsync(async db =>
        {
            var caseId = await db.Debtors.Where(d => d.Reference == "ACME-001").Join(db.Cases, d => d.Id, c => c.DebtorId, (d, c) => c.Id).FirstAsync(Ct);
            var request = new CollectionsBot.Core.Payments.PaymentLinkRequest(Guid.CreateVersion7(), caseId, Money.Of(100m, "USD"), CollectionsBot.Core.Payments.PaymentPurpose.Balance, []);
            db.PaymentAttempts.Add(new PaymentAttempt(request, null, "stripe", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync(Ct);
            return request.AttemptId;
        });

        var page = await host.Client.GetStringAsync($"/pay/{attempt:N}", Ct);
        // Even with a token properly signed for the attempt, the sandbox takes no money for a provider's attempt.
        var signed = host.App.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector(CollectionsBot.Bot.Payments.SandboxCheckout.Purpose).Protect(attempt.ToString("N"));
        using var post = await host.Client.PostAsync($"/pay/{attempt:N}", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = signed }), Ct);

        Assert.Contains("not received a payment", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", page, StringComparison.Ordinal);
        Assert.DoesNotContain("TEST PAYMENT PAGE", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(PaymentAttemptStatus.Open, (await host.WithDbAsync(db => db.PaymentAttempts.SingleAsync(a => a.Id == attempt, Ct))).Status);
    }

    [GeneratedRegex(@"https?://\S+/pay/[0-9a-f]{32}")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("name=\"token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
