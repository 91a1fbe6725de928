using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Tests.Domain;

public sealed class ArrangementTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_MonthlyWithDownPayment_BuildsScheduleWithRemainderLast()
    {
        var plan = PaymentPlan.Create(Guid.NewGuid(), Money.Of(1000m, "USD"), Money.Of(100m, "USD"), 3, PaymentFrequency.Monthly, new DateOnly(2026, 1, 31), "bot", Now);

        Assert.Equal([0, 1, 2, 3], plan.Installments.Select(i => i.Sequence));
        Assert.Equal([100m, 300m, 300m, 300m], plan.Installments.Select(i => i.Amount));
        Assert.Equal([new DateOnly(2026, 1, 31), new DateOnly(2026, 2, 28), new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 30)], plan.Installments.Select(i => i.DueDate));
        Assert.Equal(1000m, plan.Installments.Sum(i => i.Amount));
    }

    [Fact]
    public void Create_UnevenSplit_LastInstallmentTakesTheCents()
    {
        var plan = PaymentPlan.Create(Guid.NewGuid(), Money.Of(100m, "USD"), Money.Zero(Currency.Usd), 3, PaymentFrequency.Weekly, new DateOnly(2026, 12, 1), "bot", Now);

        Assert.Equal([33.33m, 33.33m, 33.34m], plan.Installments.Select(i => i.Amount));
        Assert.Equal([new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 8), new DateOnly(2026, 12, 15)], plan.Installments.Select(i => i.DueDate));
        Assert.Equal(14, plan.LengthInDays);
    }

    [Fact]
    public void Create_ZeroDecimalCurrency_SplitsInWholeYen()
    {
        var plan = PaymentPlan.Create(Guid.NewGuid(), Money.Of(1000m, "JPY"), Money.Zero(Currency.Find("JPY")), 3, PaymentFrequency.Biweekly, new DateOnly(2026, 12, 1), "bot", Now);

        Assert.Equal([333m, 333m, 334m], plan.Installments.Select(i => i.Amount));
    }

    [Fact]
    public void ApplyPayment_FirstInstallment_ShowsOneOfThreePaid()
    {
        var plan = PaymentPlan.Create(Guid.NewGuid(), Money.Of(900m, "USD"), Money.Zero(Currency.Usd), 3, PaymentFrequency.Monthly, new DateOnly(2026, 12, 1), "bot", Now);
        plan.Activate();

        var left = plan.ApplyPayment(Money.Of(300m, "USD"));

        Assert.Equal(1, plan.PaidCount);
        Assert.Equal(0m, left.Amount);
        Assert.Equal(PlanStatus.Active, plan.Status);
    }

    [Fact]
    public void ApplyPayment_AllInstallments_CompletesPlanAndReturnsExcess()
    {
        var plan = PaymentPlan.Create(Guid.NewGuid(), Money.Of(900m, "USD"), Money.Zero(Currency.Usd), 3, PaymentFrequency.Monthly, new DateOnly(2026, 12, 1), "bot", Now);
        plan.Activate();

        var left = plan.ApplyPayment(Money.Of(1000m, "USD"));

        Assert.Equal(PlanStatus.Completed, plan.Status);
        Assert.Equal(100m, left.Amount);
    }

    [Fact]
    public void CheckSchedule_InstallmentPastGrace_BreaksPlan()
    {
        var plan = PaymentPlan.Create(Guid.NewGuid(), Money.Of(900m, "USD"), Money.Zero(Currency.Usd), 3, PaymentFrequency.Monthly, new DateOnly(2026, 12, 1), "bot", Now);
        plan.Activate();

        Assert.False(plan.CheckSchedule(new DateOnly(2026, 12, 4), graceDays: 3));
        Assert.True(plan.CheckSchedule(new DateOnly(2026, 12, 5), graceDays: 3));
        Assert.Equal(PlanStatus.Broken, plan.Status);
    }

    [Fact]
    public void Promise_CoveredByDate_IsKept()
    {
        var promise = new PromiseToPay(Guid.NewGuid(), null, Money.Of(500m, "USD"), new DateOnly(2026, 12, 4), Now);

        promise.RecordPayment(Money.Of(200m, "USD"), new DateOnly(2026, 12, 1), Now);
        Assert.Equal(PromiseStatus.Pending, promise.Status);
        promise.RecordPayment(Money.Of(300m, "USD"), new DateOnly(2026, 12, 4), Now);

        Assert.Equal(PromiseStatus.Kept, promise.Status);
    }

    [Fact]
    public void Promise_PaidAfterDate_IsBrokenNotKept()
    {
        var promise = new PromiseToPay(Guid.NewGuid(), null, Money.Of(500m, "USD"), new DateOnly(2026, 12, 4), Now);

        promise.RecordPayment(Money.Of(500m, "USD"), new DateOnly(2026, 12, 5), Now);
        Assert.Equal(PromiseStatus.Pending, promise.Status);
        Assert.False(promise.CheckDue(new DateOnly(2026, 12, 4), Now));
        Assert.True(promise.CheckDue(new DateOnly(2026, 12, 5), Now));

        Assert.Equal(PromiseStatus.Broken, promise.Status);
        Assert.Equal(500m, promise.CollectedAmount);
    }

    [Fact]
    public void Dispute_Rejected_ReopensInvoiceForCollection()
    {
        var collectionCase = DomainFixtures.NewCase(Now);
        var invoice = new Invoice(collectionCase, "INV-1", new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 31), Money.Of(300m, "USD"), Money.Of(300m, "USD"), Now);
        var dispute = new Dispute(collectionCase.Id, [invoice], DisputeReason.WrongAmount, "we ordered 10 not 12", Now);
        Assert.Equal(InvoiceStatus.Disputed, invoice.Status);
        Assert.False(invoice.IsCollectible);

        dispute.Resolve(DisputeStatus.Rejected, [invoice], "agent:ann", Now);

        Assert.Equal(InvoiceStatus.Open, invoice.Status);
        Assert.True(invoice.IsCollectible);
    }

    [Fact]
    public void Dispute_InvoicePaidMeanwhileThenAccepted_KeepsPaidAndWritesOffTheRest()
    {
        var collectionCase = DomainFixtures.NewCase(Now);
        var paid = new Invoice(collectionCase, "INV-1", new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 31), Money.Of(300m, "USD"), Money.Of(300m, "USD"), Now);
        var open = new Invoice(collectionCase, "INV-2", new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 31), Money.Of(200m, "USD"), Money.Of(200m, "USD"), Now);
        var dispute = new Dispute(collectionCase.Id, [paid, open], DisputeReason.Pricing, "price differs", Now);
        new Payment(collectionCase, Money.Of(300m, "USD"), PaymentMethod.Card, "stripe", null, Now).Allocate([paid, open], [paid.Id]);

        dispute.Resolve(DisputeStatus.Accepted, [paid, open], "agent:ann", Now);

        Assert.Equal(InvoiceStatus.Paid, paid.Status);
        Assert.Equal(InvoiceStatus.WrittenOff, open.Status);
    }

    [Fact]
    public void Dispute_ResolveWithoutEveryInvoice_ChangesNothing()
    {
        var collectionCase = DomainFixtures.NewCase(Now);
        var first = new Invoice(collectionCase, "INV-1", new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 31), Money.Of(300m, "USD"), Money.Of(300m, "USD"), Now);
        var second = new Invoice(collectionCase, "INV-2", new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 31), Money.Of(200m, "USD"), Money.Of(200m, "USD"), Now);
        var dispute = new Dispute(collectionCase.Id, [first, second], DisputeReason.Pricing, "price differs", Now);

        Assert.Throws<ArgumentException>(() => dispute.Resolve(DisputeStatus.Accepted, [first], "agent:ann", Now));

        Assert.Equal((InvoiceStatus.Disputed, InvoiceStatus.Disputed, DisputeStatus.Open), (first.Status, second.Status, dispute.Status));
    }

    [Fact]
    public void Dispute_Accepted_WritesInvoiceOff()
    {
        var collectionCase = DomainFixtures.NewCase(Now);
        var invoice = new Invoice(collectionCase, "INV-1", new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 31), Money.Of(300m, "USD"), Money.Of(300m, "USD"), Now);
        var dispute = new Dispute(collectionCase.Id, [invoice], DisputeReason.Duplicate, "billed twice", Now);

        dispute.Resolve(DisputeStatus.Accepted, [invoice], "agent:ann", Now);

        Assert.Equal(InvoiceStatus.WrittenOff, invoice.Status);
        Assert.True(collectionCase.Reconcile([invoice], Now));
        Assert.Equal(CaseStage.Resolved, collectionCase.Stage);
    }
}
