namespace CollectionsBot.Core.Domain;

/// <summary>Where an invoice stands.</summary>
public enum InvoiceStatus
{
    /// <summary>A balance is owed and may be collected.</summary>
    Open = 0,

    /// <summary>The debtor contests it: not collected until the dispute is resolved.</summary>
    Disputed = 1,

    /// <summary>Nothing left to pay.</summary>
    Paid = 2,

    /// <summary>The creditor gave up the balance.</summary>
    WrittenOff = 3,
}

/// <summary>
/// One invoice a debtor owes a creditor. Unique per creditor by number. Its balance is edited by imports of the
/// creditor's records and by payments collected here, so it carries a concurrency version.
/// </summary>
public sealed class Invoice : IVersioned
{
    private Invoice()
    {
    }

    /// <summary>Creates an invoice in a case.</summary>
    public Invoice(CollectionCase collectionCase, string number, DateOnly issueDate, DateOnly dueDate, Money amount, Money balance, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(collectionCase);
        ArgumentException.ThrowIfNullOrWhiteSpace(number);
        Id = SequentialGuids.Next(createdAt);
        CaseId = collectionCase.Id;
        CreditorId = collectionCase.CreditorId;
        DebtorId = collectionCase.DebtorId;
        Number = number.Trim();
        CreatedAt = createdAt;
        UpdateTerms(issueDate, dueDate, amount, balance);
        ImportedBalance = balance.Amount;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The case collecting it.</summary>
    public Guid CaseId { get; private set; }

    /// <summary>The creditor that issued it.</summary>
    public Guid CreditorId { get; private set; }

    /// <summary>The debtor that owes it.</summary>
    public Guid DebtorId { get; private set; }

    /// <summary>Invoice number as the creditor wrote it.</summary>
    public string Number { get; private set; } = "";

    /// <summary>Issue date.</summary>
    public DateOnly IssueDate { get; private set; }

    /// <summary>Due date.</summary>
    public DateOnly DueDate { get; private set; }

    /// <summary>Invoiced amount (major units).</summary>
    public decimal Amount { get; private set; }

    /// <summary>Open balance (major units), between 0 and <see cref="Amount"/>.</summary>
    public decimal Balance { get; private set; }

    /// <summary>ISO 4217 code.</summary>
    public string CurrencyCode { get; private set; } = "USD";

    /// <summary>Status.</summary>
    public InvoiceStatus Status { get; private set; }

    /// <summary>The balance the creditor's own records gave at the last import.</summary>
    public decimal ImportedBalance { get; private set; }

    /// <summary>When first recorded.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Optimistic concurrency token.</summary>
    public long Version { get; private set; }

    /// <summary>The currency.</summary>
    public Currency Currency => Currency.Find(CurrencyCode);

    /// <summary>The open balance as money.</summary>
    public Money OpenBalance => new(Balance, Currency);

    /// <summary>True when a payment may be allocated to it without being told to.</summary>
    public bool IsCollectible => Status == InvoiceStatus.Open && Balance > 0m;

    /// <summary>Days past due on <paramref name="today"/>; zero or negative when not yet due.</summary>
    public int DaysPastDue(DateOnly today) => today.DayNumber - DueDate.DayNumber;

    /// <summary>
    /// Replaces dates and amounts from the creditor's records (a re-import). The status follows the balance,
    /// except that a disputed or written-off invoice keeps its status until a person resolves it.
    /// Returns true when anything changed.
    /// </summary>
    public bool UpdateTerms(DateOnly issueDate, DateOnly dueDate, Money amount, Money balance)
    {
        if (amount.Currency != balance.Currency)
        {
            throw new ArgumentException("Amount and balance must share a currency.", nameof(balance));
        }

        if (amount.Amount <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "An invoice amount must be positive.");
        }

        if (balance.Amount < 0m || balance.Amount > amount.Amount)
        {
            throw new ArgumentOutOfRangeException(nameof(balance), "The balance must be between zero and the amount.");
        }

        if (dueDate < issueDate)
        {
            throw new ArgumentOutOfRangeException(nameof(dueDate), "The due date cannot precede the issue date.");
        }

        var changed = IssueDate != issueDate || DueDate != dueDate || Amount != amount.Amount || Balance != balance.Amount || CurrencyCode != amount.Currency.Code;
        IssueDate = issueDate;
        DueDate = dueDate;
        Amount = amount.Amount;
        Balance = balance.Amount;
        CurrencyCode = amount.Currency.Code;
        if (Status is InvoiceStatus.Open or InvoiceStatus.Paid)
        {
            Status = Balance == 0m ? InvoiceStatus.Paid : InvoiceStatus.Open;
        }

        return changed;
    }

    /// <summary>
    /// Takes the creditor's records from a re-import without losing payments collected here that the creditor's
    /// ledger has not caught up with. <paramref name="unposted"/> are this invoice's allocations of successful
    /// payments not yet seen in the creditor's file, oldest first. The drop in the creditor's balance since the last
    /// import is taken to include them oldest first (those are marked posted); the rest still reduce the balance,
    /// so a debtor is never asked to pay twice. Returns true when anything changed.
    /// </summary>
    public bool ApplyCreditorRecords(DateOnly issueDate, DateOnly dueDate, Money amount, Money creditorBalance, IReadOnlyList<PaymentAllocation> unposted)
    {
        ArgumentNullException.ThrowIfNull(unposted);
        var drop = ImportedBalance - creditorBalance.Amount;
        var stillUnposted = 0m;
        foreach (var allocation in unposted)
        {
            if (stillUnposted == 0m && allocation.Amount <= drop)
            {
                drop -= allocation.Amount;
                allocation.MarkPostedByCreditor();
            }
            else
            {
                stillUnposted += allocation.Amount;
            }
        }

        var balance = new Money(Math.Max(0m, creditorBalance.Amount - stillUnposted), creditorBalance.Currency);
        var changed = UpdateTerms(issueDate, dueDate, amount, balance) || ImportedBalance != creditorBalance.Amount;
        ImportedBalance = creditorBalance.Amount;
        return changed;
    }

    /// <summary>Reduces the balance by an allocated payment; the invoice is paid when it reaches zero.</summary>
    public void ApplyPayment(Money allocated)
    {
        RequireSameCurrency(allocated);
        if (allocated.Amount <= 0m || allocated.Amount > Balance)
        {
            throw new ArgumentOutOfRangeException(nameof(allocated), $"Allocation {allocated} must be positive and at most the balance {OpenBalance}.");
        }

        Balance -= allocated.Amount;
        if (Balance == 0m && Status != InvoiceStatus.WrittenOff)
        {
            Status = InvoiceStatus.Paid;
        }
    }

    /// <summary>Restores balance after a refund or chargeback of an allocated payment.</summary>
    public void ReversePayment(Money reversed)
    {
        RequireSameCurrency(reversed);
        if (reversed.Amount <= 0m || Balance + reversed.Amount > Amount)
        {
            throw new ArgumentOutOfRangeException(nameof(reversed), "A reversal must be positive and cannot raise the balance above the amount.");
        }

        Balance += reversed.Amount;
        if (Status == InvoiceStatus.Paid)
        {
            Status = InvoiceStatus.Open;
        }
    }

    /// <summary>Stops collection of the invoice while the debtor's dispute is open.</summary>
    public void MarkDisputed()
    {
        if (Status is InvoiceStatus.Paid or InvoiceStatus.WrittenOff)
        {
            throw new InvalidOperationException($"Invoice {Number} is {Status} and cannot be disputed.");
        }

        Status = InvoiceStatus.Disputed;
    }

    /// <summary>Resumes collection after a dispute the creditor rejected.</summary>
    public void ReopenAfterDispute()
    {
        if (Status == InvoiceStatus.Disputed)
        {
            Status = Balance == 0m ? InvoiceStatus.Paid : InvoiceStatus.Open;
        }
    }

    /// <summary>The creditor gives up the open balance.</summary>
    public void WriteOff()
    {
        if (Status == InvoiceStatus.Paid)
        {
            throw new InvalidOperationException($"Invoice {Number} is paid and cannot be written off.");
        }

        Status = InvoiceStatus.WrittenOff;
    }

    private void RequireSameCurrency(Money money)
    {
        if (money.Currency.Code != CurrencyCode)
        {
            throw new InvalidOperationException($"Invoice {Number} is in {CurrencyCode}, not {money.Currency.Code}.");
        }
    }
}
