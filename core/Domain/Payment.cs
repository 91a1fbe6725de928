namespace CollectionsBot.Core.Domain;

/// <summary>How the money came.</summary>
public enum PaymentMethod
{
    /// <summary>Card through the payment link.</summary>
    Card = 0,

    /// <summary>US bank account (ACH) through the payment link.</summary>
    UsBankAccount = 1,

    /// <summary>Bank transfer recorded by an agent.</summary>
    BankTransfer = 2,

    /// <summary>Check recorded by an agent.</summary>
    Check = 3,

    /// <summary>Anything else.</summary>
    Other = 4,
}

/// <summary>Where a payment stands.</summary>
public enum PaymentStatus
{
    /// <summary>Money received and allocated.</summary>
    Succeeded = 0,

    /// <summary>Refunded in full; allocations reversed.</summary>
    Refunded = 1,

    /// <summary>Charged back by the payer's bank; allocations reversed.</summary>
    ChargedBack = 2,
}

/// <summary>Money received for a case, allocated to its invoices; whatever is left is held as credit.</summary>
public sealed class Payment
{
    private readonly List<PaymentAllocation> _allocations = [];

    private Payment()
    {
    }

    /// <summary>Records a received payment; call <see cref="Allocate"/> next.</summary>
    public Payment(CollectionCase collectionCase, Money amount, PaymentMethod method, string source, string? externalReference, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(collectionCase);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (!amount.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "A payment must be positive.");
        }

        Id = SequentialGuids.Next(receivedAt);
        CaseId = collectionCase.Id;
        CreditorId = collectionCase.CreditorId;
        Amount = amount.Amount;
        CurrencyCode = amount.Currency.Code;
        Method = method;
        Source = source;
        ExternalReference = externalReference;
        ReceivedAt = receivedAt;
        UnappliedAmount = amount.Amount;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The case.</summary>
    public Guid CaseId { get; private set; }

    /// <summary>The creditor paid.</summary>
    public Guid CreditorId { get; private set; }

    /// <summary>Amount received.</summary>
    public decimal Amount { get; private set; }

    /// <summary>ISO 4217 code.</summary>
    public string CurrencyCode { get; private set; } = "USD";

    /// <summary>How it was paid.</summary>
    public PaymentMethod Method { get; private set; }

    /// <summary>"stripe", "sandbox", "offline".</summary>
    public string Source { get; private set; } = "";

    /// <summary>Provider id (payment intent) or the remitter's reference.</summary>
    public string? ExternalReference { get; private set; }

    /// <summary>When the money arrived.</summary>
    public DateTimeOffset ReceivedAt { get; private set; }

    /// <summary>Status.</summary>
    public PaymentStatus Status { get; private set; }

    /// <summary>Money not allocated to any invoice: the debtor's credit, never lost.</summary>
    public decimal UnappliedAmount { get; private set; }

    /// <summary>Where the money went.</summary>
    public IReadOnlyList<PaymentAllocation> Allocations => _allocations;

    /// <summary>The amount as money.</summary>
    public Money Money => new(Amount, Currency.Find(CurrencyCode));

    /// <summary>
    /// Allocates the payment to <paramref name="invoices"/> through <see cref="PaymentAllocator"/> and reduces their
    /// balances. Returns the allocations made.
    /// </summary>
    public IReadOnlyList<PaymentAllocation> Allocate(IReadOnlyCollection<Invoice> invoices, IReadOnlyList<Guid>? targetInvoiceIds = null)
    {
        if (_allocations.Count > 0)
        {
            throw new InvalidOperationException("The payment is already allocated.");
        }

        var plan = PaymentAllocator.Plan(Money, invoices, targetInvoiceIds);
        foreach (var (invoice, amount) in plan.Lines)
        {
            invoice.ApplyPayment(amount);
            _allocations.Add(new PaymentAllocation(Id, invoice.Id, amount.Amount));
        }

        UnappliedAmount = plan.Unapplied.Amount;
        return _allocations;
    }

    /// <summary>Reverses every allocation after a refund or chargeback: the balances come back.</summary>
    public void Reverse(IReadOnlyCollection<Invoice> invoices, PaymentStatus reason)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        if (reason == PaymentStatus.Succeeded)
        {
            throw new ArgumentOutOfRangeException(nameof(reason));
        }

        if (Status != PaymentStatus.Succeeded)
        {
            return;
        }

        foreach (var allocation in _allocations)
        {
            var invoice = invoices.Single(i => i.Id == allocation.InvoiceId);
            invoice.ReversePayment(new Money(allocation.Amount, invoice.Currency));
        }

        Status = reason;
        UnappliedAmount = 0m;
    }
}

/// <summary>The part of a payment applied to one invoice.</summary>
public sealed class PaymentAllocation
{
    private PaymentAllocation()
    {
    }

    internal PaymentAllocation(Guid paymentId, Guid invoiceId, decimal amount)
    {
        Id = SequentialGuids.Next();
        PaymentId = paymentId;
        InvoiceId = invoiceId;
        Amount = amount;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The payment.</summary>
    public Guid PaymentId { get; private set; }

    /// <summary>The invoice.</summary>
    public Guid InvoiceId { get; private set; }

    /// <summary>Amount applied.</summary>
    public decimal Amount { get; private set; }

    /// <summary>
    /// Whether the creditor's own records (a later import) already reflect this payment. Until then an import's
    /// balance for the invoice is reduced by it.
    /// </summary>
    public bool PostedByCreditor { get; private set; }

    internal void MarkPostedByCreditor() => PostedByCreditor = true;
}
