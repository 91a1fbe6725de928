using CollectionsBot.Bot.Tests.Conversations;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Payments;
using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Wording;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CollectionsBot.Bot.Tests.Payments;

/// <summary>
/// Money landing through the ledger on a real SQLite file: Acme owes INV-1001 (4,000.00, due 2026-10-01) and INV-1002
/// (2,000.00, due 2026-10-31).
/// </summary>
public sealed class PaymentLedgerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Payment_ForNamedInvoice_PaysItFirst_ThenTheOldestDue()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var inv1002 = await InvoiceIdAsync(harness, "INV-1002");
        var attempt = await OpenAttemptAsync(harness, Money.Of(2500m, "USD"), PaymentPurpose.Balance, [inv1002]);

        var recorded = await RecordAsync(harness, "pi_1", Money.Of(2500m, "USD"), attempt);

        Assert.False(recorded.AlreadyRecorded);
        Assert.Equal(0m, recorded.Credit.Amount);
        Assert.Equal(3500m, await BalanceAsync(harness, "INV-1001"));
        Assert.Equal(0m, await BalanceAsync(harness, "INV-1002"));
        var stored = await harness.WithDbAsync(db => db.PaymentAttempts.SingleAsync(a => a.Id == attempt, Ct));
        Assert.Equal(PaymentAttemptStatus.Completed, stored.Status);
        Assert.Equal(recorded.Payment.Id, stored.PaymentId);
    }

    [Fact]
    public async Task Overpayment_PaysEverything_KeepsTheRestAsCredit_AndResolvesTheCase()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var attempt = await OpenAttemptAsync(harness, Money.Of(6000m, "USD"), PaymentPurpose.Balance, []);

        var recorded = await RecordAsync(harness, "pi_over", Money.Of(6250.75m, "USD"), attempt);

        Assert.Equal(250.75m, recorded.Credit.Amount);
        var payment = await harness.WithDbAsync(db => db.Payments.Include(p => p.Allocations).SingleAsync(p => p.ExternalReference == "pi_over", Ct));
        Assert.Equal(250.75m, payment.UnappliedAmount);
        Assert.Equal(6000m, payment.Allocations.Sum(a => a.Amount));
        Assert.Equal(CaseStage.Resolved, (await harness.WithDbAsync(db => db.Cases.SingleAsync(Ct))).Stage);
    }

    [Fact]
    public async Task SameMoneyTwice_RecordedOnce()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var attempt = await OpenAttemptAsync(harness, Money.Of(1000m, "USD"), PaymentPurpose.Balance, []);

        var first = await RecordAsync(harness, "pi_twice", Money.Of(1000m, "USD"), attempt);
        var second = await RecordAsync(harness, "pi_twice", Money.Of(1000m, "USD"), attempt);

        Assert.False(first.AlreadyRecorded);
        Assert.True(second.AlreadyRecorded);
        Assert.Equal(first.Payment.Id, second.Payment.Id);
        Assert.Equal(1, await harness.WithDbAsync(db => db.Payments.CountAsync(Ct)));
        Assert.Equal(3000m, await BalanceAsync(harness, "INV-1001"));
    }

    [Fact]
    public async Task Payment_CountsTowardPlanInstallment_AndKeepsPromise()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var today = DateOnly.FromDateTime(ConversationHarness.Start.UtcDateTime);
        var (planId, firstId) = await harness.WithDbAsync(async db =>
        {
            var plan = PaymentPlan.Create(harness.CaseId, Money.Of(6000m, "USD"), Money.Zero(Currency.Find("USD")), 3, PaymentFrequency.Monthly, today.AddDays(7), "bot", ConversationHarness.Start);
            plan.Activate();
            db.PaymentPlans.Add(plan);
            db.Promises.Add(new PromiseToPay(harness.CaseId, harness.ContactId, Money.Of(2000m, "USD"), today.AddDays(7), ConversationHarness.Start));
            await db.SaveChangesAsync(Ct);
            return (plan.Id, plan.Installments.OrderBy(i => i.Sequence).First().Id);
        });
        var attempt = await OpenAttemptAsync(harness, Money.Of(2000m, "USD"), PaymentPurpose.Installment, [], planId, firstId);

        await RecordAsync(harness, "pi_plan", Money.Of(2000m, "USD"), attempt);

        var stored = await harness.WithDbAsync(db => db.PaymentPlans.Include(p => p.Installments).SingleAsync(Ct));
        Assert.Equal(1, stored.PaidCount);
        Assert.Equal(InstallmentStatus.Paid, stored.Installments.Single(i => i.Id == firstId).Status);
        Assert.Equal(PromiseStatus.Kept, (await harness.WithDbAsync(db => db.Promises.SingleAsync(Ct))).Status);
    }

    [Fact]
    public async Task Refund_ReopensTheBalance_AndAsksAPersonToLook()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var attempt = await OpenAttemptAsync(harness, Money.Of(6000m, "USD"), PaymentPurpose.Balance, []);
        await RecordAsync(harness, "pi_refund", Money.Of(6000m, "USD"), attempt);
        Assert.Equal(CaseStage.Resolved, (await harness.WithDbAsync(db => db.Cases.SingleAsync(Ct))).Stage);

        var reversed = await harness.WithDbAsync(async db =>
        {
            var done = await PaymentLedger.ReverseAsync(db, "test", "pi_refund", PaymentStatus.Refunded, ConversationHarness.Start, Ct);
            await db.SaveChangesAsync(Ct);
            return done;
        });
        var again = await harness.WithDbAsync(db => PaymentLedger.ReverseAsync(db, "test", "pi_refund", PaymentStatus.Refunded, ConversationHarness.Start, Ct));

        Assert.True(reversed);
        Assert.False(again);
        Assert.Equal(4000m, await BalanceAsync(harness, "INV-1001"));
        Assert.Equal(2000m, await BalanceAsync(harness, "INV-1002"));
        Assert.NotEqual(CaseStage.Resolved, (await harness.WithDbAsync(db => db.Cases.SingleAsync(Ct))).Stage);
        Assert.Equal(FollowUpKind.ReviewReversedPayment, (await harness.WithDbAsync(db => db.FollowUps.SingleAsync(Ct))).Kind);
        Assert.Equal(PaymentStatus.Refunded, (await harness.WithDbAsync(db => db.Payments.SingleAsync(Ct))).Status);
    }

    private static Task<Guid> InvoiceIdAsync(ConversationHarness harness, string number) =>
        harness.WithDbAsync(db => db.Invoices.Where(i => i.Number == number).Select(i => i.Id).SingleAsync(Ct));

    private static Task<decimal> BalanceAsync(ConversationHarness harness, string number) =>
        harness.WithDbAsync(db => db.Invoices.Where(i => i.Number == number).Select(i => i.Balance).SingleAsync(Ct));

    private static Task<Guid> OpenAttemptAsync(ConversationHarness harness, Money amount, PaymentPurpose purpose, IReadOnlyList<Guid> invoices, Guid? planId = null, Guid? installmentId = null) =>
        harness.WithDbAsync(async db =>
        {
            var request = new PaymentLinkRequest(Guid.CreateVersion7(), harness.CaseId, amount, purpose, invoices, planId, installmentId);
            db.PaymentAttempts.Add(new PaymentAttempt(request, null, "test", ConversationHarness.Start));
            await db.SaveChangesAsync(Ct);
            return request.AttemptId;
        });

    private static Task<RecordedPayment> RecordAsync(ConversationHarness harness, string reference, Money amount, Guid attempt) =>
        harness.WithDbAsync(async db =>
        {
            var prompts = harness.Services.GetRequiredService<PromptLibrary>();
            var recorded = await PaymentLedger.RecordAsync(db, prompts, new ReceivedPayment("test", reference, amount, PaymentMethod.Card, ConversationHarness.Start, attempt), ConversationHarness.Start, Ct);
            await db.SaveChangesAsync(Ct);
            return recorded;
        });
}
