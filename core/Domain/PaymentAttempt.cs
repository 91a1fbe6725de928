using CollectionsBot.Core.Payments;

namespace CollectionsBot.Core.Domain;

/// <summary>Where a payment attempt stands.</summary>
public enum PaymentAttemptStatus
{
    /// <summary>The link is out; nothing paid yet.</summary>
    Open = 0,

    /// <summary>Paid: the payment is recorded.</summary>
    Completed = 1,

    /// <summary>The provider reports the payment failed; the debtor may try again on the same link.</summary>
    Failed = 2,
}

/// <summary>
/// One payment link we gave out: what it is for (the balance or named invoices, a settlement, an installment), how
/// much, and the conversation it went out in (the receipt goes back there). Its id is the idempotency key at the
/// provider and rides on the provider's metadata, so every event about it finds its way back.
/// </summary>
public sealed class PaymentAttempt : IVersioned
{
    private PaymentAttempt()
    {
    }

    /// <summary>Records a link about to be created.</summary>
    public PaymentAttempt(PaymentLinkRequest request, Guid? conversationId, string provider, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        if (!request.Amount.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "A payment link is for a positive amount.");
        }

        Id = request.AttemptId;
        CaseId = request.CaseId;
        ConversationId = conversationId;
        Amount = request.Amount.Amount;
        CurrencyCode = request.Amount.Currency.Code;
        Purpose = request.Purpose;
        InvoiceIds = string.Join(',', request.InvoiceIds.Select(i => i.ToString("N")));
        PlanId = request.PlanId;
        InstallmentId = request.InstallmentId;
        Provider = provider;
        Status = PaymentAttemptStatus.Open;
        CreatedAt = at;
    }

    /// <summary>The attempt id: our idempotency key at the provider.</summary>
    public Guid Id { get; private set; }

    /// <summary>The case.</summary>
    public Guid CaseId { get; private set; }

    /// <summary>The conversation the link went out in, if any (the receipt goes there).</summary>
    public Guid? ConversationId { get; private set; }

    /// <summary>The amount asked for.</summary>
    public decimal Amount { get; private set; }

    /// <summary>ISO 4217 code.</summary>
    public string CurrencyCode { get; private set; } = "USD";

    /// <summary>What it pays.</summary>
    public PaymentPurpose Purpose { get; private set; }

    /// <summary>The invoices it pays first, comma-separated ids; empty: the oldest due first.</summary>
    public string InvoiceIds { get; private set; } = "";

    /// <summary>The plan it pays into.</summary>
    public Guid? PlanId { get; private set; }

    /// <summary>The installment it pays.</summary>
    public Guid? InstallmentId { get; private set; }

    /// <summary>Who takes the money: "stripe" or "sandbox".</summary>
    public string Provider { get; private set; } = "";

    /// <summary>The provider's id for the page (a Checkout Session id), once known.</summary>
    public string? ProviderReference { get; private set; }

    /// <summary>Where it stands.</summary>
    public PaymentAttemptStatus Status { get; private set; }

    /// <summary>The provider's reason for the last failure.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>The payment it produced.</summary>
    public Guid? PaymentId { get; private set; }

    /// <summary>When the link was made.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When it was paid.</summary>
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <inheritdoc />
    public long Version { get; private set; }

    /// <summary>The amount as money.</summary>
    public Money Money => new(Amount, Currency.Find(CurrencyCode));

    /// <summary>The invoices it pays first.</summary>
    public IReadOnlyList<Guid> Invoices => InvoiceIds.Length == 0 ? [] : [.. InvoiceIds.Split(',').Select(Guid.Parse)];

    /// <summary>Notes the provider's page id.</summary>
    public void LinkTo(string providerReference) => ProviderReference ??= providerReference;

    /// <summary>Marks it paid by <paramref name="paymentId"/>.</summary>
    public void Complete(Guid paymentId, DateTimeOffset at)
    {
        if (Status == PaymentAttemptStatus.Completed)
        {
            return;
        }

        Status = PaymentAttemptStatus.Completed;
        PaymentId = paymentId;
        CompletedAt = at;
        FailureReason = null;
    }

    /// <summary>Notes a failed try; a later success still completes it.</summary>
    public void Fail(string reason)
    {
        if (Status != PaymentAttemptStatus.Completed)
        {
            Status = PaymentAttemptStatus.Failed;
            FailureReason = reason;
        }
    }
}

/// <summary>A provider event we applied: its id is kept so a redelivery changes nothing.</summary>
public sealed class ProcessedPaymentEvent
{
    private ProcessedPaymentEvent()
    {
    }

    /// <summary>Records an event.</summary>
    public ProcessedPaymentEvent(string id, string provider, string type, string outcome, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
        Provider = provider;
        Type = type;
        Outcome = outcome;
        ProcessedAt = at;
    }

    /// <summary>The provider's event id.</summary>
    public string Id { get; private set; } = "";

    /// <summary>"stripe" or "sandbox".</summary>
    public string Provider { get; private set; } = "";

    /// <summary>The event type.</summary>
    public string Type { get; private set; } = "";

    /// <summary>What applying it did, for the record.</summary>
    public string Outcome { get; private set; } = "";

    /// <summary>When it was applied.</summary>
    public DateTimeOffset ProcessedAt { get; private set; }
}
