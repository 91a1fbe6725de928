using CollectionsBot.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Tests.Conversations;

public sealed class NegotiationConversationTests
{
    [Fact]
    public async Task PlanInsideLimits_IsAcceptedAndConfirmedWithTheExactSchedule()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("hi, can we set up a payment plan?", "verify.ask");
        await sms.VerifyAsync("plan.offer");

        var accepted = await sms.SayAsync("we can pay $600 now and the rest in 5 monthly payments", "plan.accepted");

        var plan = await harness.WithDbAsync(db => db.PaymentPlans.Include(p => p.Installments).SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(PlanStatus.Active, plan.Status);
        Assert.Equal(6000m, plan.Total);
        Assert.Equal(
            [(new DateOnly(2026, 11, 24), 600m), (new DateOnly(2026, 12, 24), 1080m), (new DateOnly(2027, 1, 24), 1080m), (new DateOnly(2027, 2, 24), 1080m), (new DateOnly(2027, 3, 24), 1080m), (new DateOnly(2027, 4, 24), 1080m)],
            plan.Installments.OrderBy(i => i.Sequence).Select(i => (i.DueDate, i.Amount)));
        var text = accepted.Replies.Single().Body;
        Assert.Contains("$600.00", text, StringComparison.Ordinal);
        Assert.Contains("Thu 24 Dec", text, StringComparison.Ordinal);
        Assert.Contains("$1,080.00", text, StringComparison.Ordinal);
        Assert.Equal(CaseStage.Arranged, await harness.WithDbAsync(db => db.Cases.Select(c => c.Stage).SingleAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task PlanBeyondLimits_IsCounteredWithinLimitsThenHandedOffWhenTheDebtorInsists()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("can we pay over 24 months, 250 a month?", "verify.ask");
        await sms.VerifyAsync("plan.offer");

        // The ladder concedes step by step, never past the policy (6 installments, 180 days, 10% down, $100 minimum).
        await sms.SayAsync("no. 24 monthly payments of 250 is what we can do", "plan.offer");
        await sms.SayAsync("still 24 payments of $250, sorry", "plan.offer");
        var handedOff = await sms.SayAsync("we really can only do 24 monthly payments of 250", "handoff.beyond_limits");

        Assert.Equal(ConversationOwner.WaitingForAgent, handedOff.Owner);
        var conversation = await harness.WithDbAsync(db => db.Conversations.SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HandoffReason.BeyondLimits, conversation.HandoffReason);
        Assert.Contains("24 payments", conversation.HandoffSummary, StringComparison.Ordinal);
        Assert.Empty(await harness.WithDbAsync(db => db.PaymentPlans.ToListAsync(TestContext.Current.CancellationToken)));

        var counters = await harness.WithDbAsync(db => db.AuditEvents.Where(a => a.Action == "negotiation.counter" || a.Action == "negotiation.opening").Select(a => a.Data).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(3, counters.Count);
        foreach (var data in counters)
        {
            using var json = System.Text.Json.JsonDocument.Parse(data);
            Assert.InRange(json.RootElement.GetProperty("Installments").GetInt32(), 1, 6);
            Assert.True(json.RootElement.GetProperty("down").GetDecimal() >= 600m);
        }

        // People own it now: the bot stays silent.
        var after = await sms.SendAsync("hello?");
        Assert.Empty(after.Replies);
    }

    [Fact]
    public async Task OpeningOffer_AcceptedWithYes_SetsUpThatPlan()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("I'd like to pay in installments", "verify.ask");
        var offer = await sms.SendAsync("Acme Manufacturing Inc ACME-001");
        Assert.Equal(["verify.ok", "plan.offer"], offer.Replies.Select(r => r.TemplateKey));

        await sms.SayAsync("yes that works", "plan.accepted");
        var plan = await harness.WithDbAsync(db => db.PaymentPlans.Include(p => p.Installments).SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(6000m, plan.Installments.Sum(i => i.Amount));
    }

    [Fact]
    public async Task SettlementInsideLimits_IsAcceptedWithAPaymentLinkForTheAgreedAmount()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("would you take 5,400 to settle the account?", "verify.ask");
        await sms.VerifyAsync("settlement.accepted");

        var request = Assert.Single(harness.PaymentLinks.Requests);
        Assert.Equal(5400m, request.Amount.Amount);
        Assert.Equal(Core.Payments.PaymentPurpose.Settlement, request.Purpose);
        Assert.Equal(harness.CaseId, request.CaseId);
    }

    [Fact]
    public async Task SettlementTooLow_IsCounteredAndNeverBelowTheLimit()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("Acme Manufacturing ACME-001 here, we can offer 50% to settle", "verify.ask");
        var counter = await sms.SendAsync("Acme Manufacturing, account ACME-001");
        Assert.Equal(["verify.ok", "settlement.counter"], counter.Replies.Select(r => r.TemplateKey));
        var amounts = new List<decimal>();
        amounts.Add(ParseAmount(counter.Replies[^1].Body));
        for (var i = 0; i < 2; i++)
        {
            var next = await sms.SayAsync("we can only do 3000 to settle", "settlement.counter");
            amounts.Add(ParseAmount(next.Replies[^1].Body));
        }

        Assert.All(amounts, a => Assert.InRange(a, 5100m, 6000m));
        Assert.Equal(amounts.OrderDescending(), amounts);
        await sms.SayAsync("3000 is our final offer to settle", "handoff.beyond_limits");
    }

    [Fact]
    public async Task PromiseWithinLimit_IsRecorded()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("we'll pay the full balance next friday", "verify.ask");
        await sms.VerifyAsync("promise.accepted");

        var promise = await harness.WithDbAsync(db => db.Promises.SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(new DateOnly(2026, 12, 4), promise.PromisedDate);
        Assert.Equal(6000m, promise.Amount);
    }

    [Fact]
    public async Task PromiseTooLate_IsCounteredWithAnEarlierDate()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("how much do we owe?", "verify.ask");
        await sms.VerifyAsync("debt.summary");
        var counter = await sms.SayAsync("we will pay everything on January 30", "promise.counter");
        Assert.DoesNotContain("Jan", counter.Replies[0].Body, StringComparison.Ordinal);

        await sms.SayAsync("yes", "promise.accepted");
        var promise = await harness.WithDbAsync(db => db.Promises.SingleAsync(TestContext.Current.CancellationToken));
        Assert.InRange(promise.PromisedDate, new DateOnly(2026, 11, 24), new DateOnly(2026, 12, 8));
    }

    private static decimal ParseAmount(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, @"\$(?<n>[\d,]+\.\d{2})");
        Assert.True(match.Success, text);
        return decimal.Parse(match.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
    }
}
