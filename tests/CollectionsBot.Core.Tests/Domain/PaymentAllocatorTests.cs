using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Tests.Domain;

public sealed class PaymentAllocatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private readonly CollectionCase _case = DomainFixtures.NewCase(Now);

    [Fact]
    public void Allocate_NoTarget_PaysOldestDueFirst()
    {
        var newer = Invoice("INV-2", due: new DateOnly(2026, 9, 30), 500m);
        var oldest = Invoice("INV-1", due: new DateOnly(2026, 7, 31), 300m);
        var middle = Invoice("INV-3", due: new DateOnly(2026, 8, 31), 400m);
        var payment = Payment(450m);

        payment.Allocate([newer, oldest, middle]);

        Assert.Equal(0m, oldest.Balance);
        Assert.Equal(InvoiceStatus.Paid, oldest.Status);
        Assert.Equal(250m, middle.Balance);
        Assert.Equal(InvoiceStatus.Open, middle.Status);
        Assert.Equal(500m, newer.Balance);
        Assert.Equal([oldest.Id, middle.Id], payment.Allocations.Select(a => a.InvoiceId));
        Assert.Equal(0m, payment.UnappliedAmount);
    }

    [Fact]
    public void Allocate_NamedInvoice_PaysItFirstThenOldest()
    {
        var oldest = Invoice("INV-1", due: new DateOnly(2026, 7, 31), 300m);
        var named = Invoice("INV-2", due: new DateOnly(2026, 9, 30), 200m);
        var payment = Payment(350m);

        payment.Allocate([oldest, named], [named.Id]);

        Assert.Equal(0m, named.Balance);
        Assert.Equal(150m, oldest.Balance);
        Assert.Equal(named.Id, payment.Allocations[0].InvoiceId);
    }

    [Fact]
    public void Allocate_MoreThanOwed_KeepsRestAsCredit()
    {
        var only = Invoice("INV-1", due: new DateOnly(2026, 7, 31), 300m);
        var payment = Payment(425.50m);

        payment.Allocate([only]);

        Assert.Equal(0m, only.Balance);
        Assert.Equal(125.50m, payment.UnappliedAmount);
        Assert.Equal(payment.Amount, payment.Allocations.Sum(a => a.Amount) + payment.UnappliedAmount);
    }

    [Fact]
    public void Allocate_DisputedInvoice_SkippedUnlessNamed()
    {
        var disputed = Invoice("INV-1", due: new DateOnly(2026, 6, 30), 300m);
        var open = Invoice("INV-2", due: new DateOnly(2026, 7, 31), 300m);
        _ = new Dispute(_case.Id, [disputed], DisputeReason.Pricing, "price differs", Now);

        var payment = Payment(300m);
        payment.Allocate([disputed, open]);

        Assert.Equal(300m, disputed.Balance);
        Assert.Equal(0m, open.Balance);
    }

    [Fact]
    public void Allocate_ZeroDueDateTie_OrdersByIssueDateThenNumber()
    {
        var b = Invoice("INV-B", due: new DateOnly(2026, 7, 31), 100m, issued: new DateOnly(2026, 7, 1));
        var a = Invoice("INV-A", due: new DateOnly(2026, 7, 31), 100m, issued: new DateOnly(2026, 7, 1));
        var earlierIssue = Invoice("INV-C", due: new DateOnly(2026, 7, 31), 100m, issued: new DateOnly(2026, 6, 1));

        var plan = PaymentAllocator.Plan(Money.Of(300m, "USD"), [b, a, earlierIssue]);

        Assert.Equal(["INV-C", "INV-A", "INV-B"], plan.Lines.Select(l => l.Invoice.Number));
    }

    [Fact]
    public void Reverse_Refund_RestoresBalancesAndReopens()
    {
        var first = Invoice("INV-1", due: new DateOnly(2026, 7, 31), 300m);
        var second = Invoice("INV-2", due: new DateOnly(2026, 8, 31), 300m);
        var payment = Payment(400m);
        payment.Allocate([first, second]);

        payment.Reverse([first, second], PaymentStatus.Refunded);

        Assert.Equal(300m, first.Balance);
        Assert.Equal(InvoiceStatus.Open, first.Status);
        Assert.Equal(300m, second.Balance);
        Assert.Equal(PaymentStatus.Refunded, payment.Status);
    }

    [Fact]
    public void Allocate_Twice_Throws()
    {
        var only = Invoice("INV-1", due: new DateOnly(2026, 7, 31), 300m);
        var payment = Payment(100m);
        payment.Allocate([only]);

        Assert.Throws<InvalidOperationException>(() => payment.Allocate([only]));
        Assert.Equal(200m, only.Balance);
    }

    [Fact]
    public void Plan_OtherCurrencyInvoices_AreLeftAlone()
    {
        var euro = new Invoice(_case, "EU-1", new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30), Money.Of(100m, "EUR"), Money.Of(100m, "EUR"), Now);
        var dollar = Invoice("US-1", due: new DateOnly(2026, 7, 31), 100m);

        var plan = PaymentAllocator.Plan(Money.Of(150m, "USD"), [euro, dollar]);

        Assert.Equal(["US-1"], plan.Lines.Select(l => l.Invoice.Number));
        Assert.Equal(Money.Of(50m, "USD"), plan.Unapplied);
    }

    private Invoice Invoice(string number, DateOnly due, decimal balance, DateOnly? issued = null) =>
        new(_case, number, issued ?? due.AddDays(-30), due, Money.Of(balance, "USD"), Money.Of(balance, "USD"), Now);

    private Payment Payment(decimal amount) => new(_case, Money.Of(amount, "USD"), PaymentMethod.Card, "stripe", "pi_123", Now);
}
