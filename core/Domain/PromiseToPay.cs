namespace CollectionsBot.Core.Domain;

/// <summary>Where a promise stands.</summary>
public enum PromiseStatus
{
    /// <summary>The date has not passed and the amount is not yet covered.</summary>
    Pending = 0,

    /// <summary>Payments covering the amount arrived by the date.</summary>
    Kept = 1,

    /// <summary>The date passed without the amount.</summary>
    Broken = 2,

    /// <summary>Withdrawn or superseded.</summary>
    Cancelled = 3,
}

/// <summary>A debtor's commitment to pay an amount by a date.</summary>
public sealed class PromiseToPay
{
    private PromiseToPay()
    {
    }

    /// <summary>Records a promise.</summary>
    public PromiseToPay(Guid caseId, Guid? contactId, Money amount, DateOnly promisedDate, DateTimeOffset at)
    {
        if (!amount.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "A promise must be for a positive amount.");
        }

        Id = SequentialGuids.Next(at);
        CaseId = caseId;
        ContactId = contactId;
        Amount = amount.Amount;
        CurrencyCode = amount.Currency.Code;
        PromisedDate = promisedDate;
        CreatedAt = at;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The case.</summary>
    public Guid CaseId { get; private set; }

    /// <summary>Who promised.</summary>
    public Guid? ContactId { get; private set; }

    /// <summary>Amount promised.</summary>
    public decimal Amount { get; private set; }

    /// <summary>ISO 4217 code.</summary>
    public string CurrencyCode { get; private set; } = "USD";

    /// <summary>The date the money should arrive by.</summary>
    public DateOnly PromisedDate { get; private set; }

    /// <summary>Paid towards the promise since it was made.</summary>
    public decimal CollectedAmount { get; private set; }

    /// <summary>Status.</summary>
    public PromiseStatus Status { get; private set; }

    /// <summary>When made.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When it became kept, broken or cancelled.</summary>
    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>
    /// Counts a payment received on <paramref name="paidOn"/> (the debtor's local date). The promise is kept once the
    /// amount is covered by the promised date; money after the date still counts as collected but does not keep it.
    /// </summary>
    public void RecordPayment(Money payment, DateOnly paidOn, DateTimeOffset at)
    {
        if (Status != PromiseStatus.Pending || payment.Currency.Code != CurrencyCode || !payment.IsPositive)
        {
            return;
        }

        CollectedAmount += payment.Amount;
        if (paidOn <= PromisedDate && CollectedAmount >= Amount)
        {
            Status = PromiseStatus.Kept;
            ResolvedAt = at;
        }
    }

    /// <summary>Marks the promise broken once <paramref name="today"/> is past the date without the amount.</summary>
    public bool CheckDue(DateOnly today, DateTimeOffset at)
    {
        if (Status != PromiseStatus.Pending || today <= PromisedDate)
        {
            return false;
        }

        Status = PromiseStatus.Broken;
        ResolvedAt = at;
        return true;
    }

    /// <summary>Withdraws a pending promise.</summary>
    public void Cancel(DateTimeOffset at)
    {
        if (Status != PromiseStatus.Pending)
        {
            throw new InvalidOperationException($"A {Status} promise cannot be cancelled.");
        }

        Status = PromiseStatus.Cancelled;
        ResolvedAt = at;
    }
}
